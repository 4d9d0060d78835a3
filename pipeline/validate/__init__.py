"""Stage: validate."""
