"""What every extractor may consult: the campaign config and the roster matcher."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import CampaignConfig, Unit
from pipeline.extract.units import UnitMatcher


@dataclass
class ExtractContext:
    """The campaign and roster an extractor reads documents against."""

    config: CampaignConfig
    matcher: UnitMatcher

    @classmethod
    def build(cls, config: CampaignConfig, units: list[Unit]) -> ExtractContext:
        """A context for this campaign and roster."""
        return cls(config=config, matcher=UnitMatcher(units))
