"""Fixtures the extractor tests share: the 2021 campaign's extract context and one school."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Unit, load_config, load_roster, roster_path
from pipeline.extract import ExtractContext

CONFIG_PATH = Path(__file__).resolve().parents[1] / "config" / "campaign_2021.yaml"


@pytest.fixture(scope="module")
def ctx() -> ExtractContext:
    """The extract context of the 2021 campaign and its roster."""
    config = load_config(CONFIG_PATH)
    return ExtractContext.build(config, load_roster(roster_path(CONFIG_PATH, config)))


@pytest.fixture(scope="module")
def school(ctx: ExtractContext) -> Unit:
    """Trường THCS Bình Tân, the sender of most test documents."""
    return ctx.matcher.units["thcs_binh_tan"]
