"""Vietnamese text: normal forms, matching keys, dates and names."""

from pipeline.text.normalize import bare, canonical_tones, clean_spaces, fold, nfc

__all__ = ["bare", "canonical_tones", "clean_spaces", "fold", "nfc"]
