"""Vietnamese text: normal forms, matching keys, dates and names."""

from pipeline.text.normalize import canonical_tones, clean_spaces, fold, nfc

__all__ = ["canonical_tones", "clean_spaces", "fold", "nfc"]
