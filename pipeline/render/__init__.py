"""Stage: render."""
