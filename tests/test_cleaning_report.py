"""The cleaning report in the study's language: the same counts under headings, sentences and answer states in
the codebook's language (Norwegian for the demo), the checks' warnings as they are."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from likertpipe import cleaning_report
from likertpipe.codebook import parse_codebook


def _book(codebook_dict: dict, language: str):
    return parse_codebook(codebook_dict | {"study": codebook_dict["study"] | {"language": language}})


def _data(book) -> pd.DataFrame:
    frame = {"resp_id": ["a", "b", "c"]}
    for item in book.items:
        frame[item.column] = pd.array([item.scale.codes[0], item.scale.codes[-1], pd.NA], dtype="Int8")
        frame[f"{item.column}_code"] = pd.array([item.scale.codes[0], item.scale.codes[-1], pd.NA], dtype="Int16")
    for factor in book.factors:
        frame[factor.column] = pd.array([factor.codes[0]] * 3, dtype="Int8")
    for column in [c.column for c in book.covariates] + [f.column for f in book.open_text]:
        frame[column] = [None] * 3
    return pd.DataFrame(frame)


@pytest.mark.parametrize(("language", "expected"), [
    ("nb", ["# Rensingsrapport: small_test", "## Inndata", "Respondenter: 3.", "Rader i karantene: 1 ",
            "## Advarsler", "## Svar per spørsmål", "| Spørsmål | gyldig | vet ikke | oppgitt manglende | ikke svart |",
            "## Faktornivåer", "mangler: 0"]),
    ("en", ["# Cleaning report: small_test", "## Inputs", "Respondents: 3.", "Quarantined rows: 1 ", "## Warnings",
            "## Answers per item", "| Item | valid | don't know | declared missing | no answer |",
            "## Factor levels", "missing: 0"]),
])
def test_the_cleaning_report_is_in_the_codebooks_language(codebook_dict, language, expected) -> None:
    book = _book(codebook_dict, language)
    text = cleaning_report.render(_data(book), book, ["column 'x': a warning"], inputs={"data": ("x.csv", "ab")},
                                  quarantined=1)
    missing = [part for part in expected if part not in text]
    assert missing == [], text
    assert "- column 'x': a warning" in text  # the checks' messages stay as written


def test_both_languages_report_the_same_numbers(codebook_dict) -> None:
    texts = []
    for language in ("nb", "en"):
        book = _book(codebook_dict, language)
        texts.append(cleaning_report.render(_data(book), book, [], inputs={}, quarantined=2))
    numbers = [re.findall(r"\d+", text) for text in texts]
    assert numbers[0] == numbers[1] and numbers[0]
