"""Where the award register lives: named by the config, never inside an outbox."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.register.store import RegisterSnapshot, snapshot

if TYPE_CHECKING:  # the config (pydantic) is imported when a path is resolved, not before
    from pipeline.config import CampaignConfig


def register_file(
    config_path: Path,
    config: CampaignConfig,
    override: Path | None = None,
    outbox: Path | None = None,
) -> Path | None:
    """The register's path: ``override`` (``--register``), else the config's ``register.path``
    relative to the config file; None when neither names one.

    Raises ConfigError when the path lies inside ``outbox``: an outbox is replaced whole by
    each run, and the register must outlive campaigns.
    """
    from pipeline.config import ConfigError, register_path

    path = override.resolve() if override is not None else register_path(config_path, config)
    if path is not None and outbox is not None and path.is_relative_to(outbox.resolve()):
        raise ConfigError(
            f"Sổ khen thưởng {path} nằm trong thư mục kết quả {outbox}: thư mục này được thay "
            "toàn bộ sau mỗi lần chạy; hãy đặt sổ ở nơi khác (register.path trong cấu hình)."
        )
    return path


def read_for_run(
    config_path: Path, config: CampaignConfig, outbox: Path
) -> tuple[RegisterSnapshot | None, dict[str, Any] | None]:
    """The register as a run reads it (read-only) and its line of the manifest.

    None and None when the config names no register; no snapshot (and ``sha256`` null in the
    manifest) when it names one that does not exist yet: the register rules find nothing.
    The manifest line makes an outbox built before the register changed not reusable.
    """
    path = register_file(config_path, config, outbox=outbox)
    if path is None or config.award_register is None:
        return None, None
    source = config.award_register.path
    if not path.is_file():
        return None, {"path": source, "rows": 0, "sha256": None}
    snap = snapshot(path, source)
    return snap, {"path": source, "rows": len(snap.rows), "sha256": snap.sha256}
