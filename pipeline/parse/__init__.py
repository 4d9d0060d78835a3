"""Stage: parse."""
