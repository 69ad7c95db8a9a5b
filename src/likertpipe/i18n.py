"""User-facing words the pipeline itself writes (not study labels, which come from the codebook)."""

from __future__ import annotations

WORDS = {
    "total": {"nb": "Totalt", "en": "Total"},
    "percent_of_valid": {"nb": "Prosent av gyldige svar", "en": "Percent of valid answers"},
    "percent_of_all": {"nb": "Prosent av alle svar", "en": "Percent of all answers"},
    "dont_know": {"nb": "Vet ikke", "en": "Don't know"},
    "no_answer": {"nb": "Ikke svart", "en": "No answer"},
}


def word(key: str, language: str) -> str:
    """The pipeline's word for `key` in `language`, English when the language is not translated."""
    entry = WORDS[key]
    return entry.get(language, entry["en"])
