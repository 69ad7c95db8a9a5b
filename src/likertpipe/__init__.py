"""likertpipe: a reproducible statistical analysis pipeline for Likert-scale surveys."""

__version__ = "0.1.0"
