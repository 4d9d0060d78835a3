"""What every extractor may consult: the campaign config and the roster matcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.config import CampaignConfig, Unit
from pipeline.extract.units import UnitMatcher
from pipeline.text.names import AwardNames


@dataclass
class ExtractContext:
    """The campaign and roster an extractor reads documents against."""

    config: CampaignConfig
    matcher: UnitMatcher
    awards: AwardNames = field(default=())  # the config's award_names(), read once

    def __post_init__(self) -> None:
        if not self.awards:
            self.awards = self.config.award_names()

    @classmethod
    def build(cls, config: CampaignConfig, units: list[Unit]) -> ExtractContext:
        """A context for this campaign and roster."""
        return cls(config=config, matcher=UnitMatcher(units))
