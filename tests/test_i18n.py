"""The language module (#14): every entry in every language and nothing more, the same placeholders in each,
every key the renderings ask for present, the locale rules written only there, and the notes of the by-wave
tables describing the columns those tables have."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pandas as pd
import pytest

from likertpipe import formatting, i18n, tables
from likertpipe.clean import clean
from likertpipe.codebook import parse_codebook
from likertpipe.io import read_export
from likertpipe.waves import descriptives_by_wave, indices_by_wave

SOURCE = Path(i18n.__file__).resolve().parent
LANGUAGES = set(i18n.LANGUAGES)

# Every catalogue and rule table of the module, as (name, {key: {language: text}}).
CATALOGUES = {
    "WORDS": i18n.WORDS,
    "HEADINGS": i18n.HEADINGS,
    "HEADING_PATTERNS": {pattern: entry for pattern, entry in i18n.HEADING_PATTERNS},
    "VALUES": {f"{column}={value}": entry for column, values in i18n.VALUES.items() for value, entry in values.items()},
    "TITLES": i18n.TITLES,
    "NOTES": i18n.NOTES,
    "FIGURE_NOTES": i18n.FIGURE_NOTES,
    "FIGURE_TITLES": i18n.FIGURE_TITLES,
    "SENTENCES": i18n.SENTENCES,
    "CLEANING_REPORT": i18n.CLEANING_REPORT,
    "PLATFORM_LAYOUTS": i18n.PLATFORM_LAYOUTS,
    "SHORT_HEADINGS": i18n.SHORT_HEADINGS,
    "MODEL_NOTES": i18n.MODEL_NOTES,
}
RULES = {"DECIMAL_MARK": i18n.DECIMAL_MARK, "NUMBER_SEPARATOR": i18n.NUMBER_SEPARATOR, "QUOTES": i18n.QUOTES,
         "INNER_QUOTES": i18n.INNER_QUOTES,
         "PERCENT": i18n.PERCENT,
         # recognising a language in an export (the draft codebook)
         "LANGUAGE_CUES": i18n.LANGUAGE_CUES, "LANGUAGE_LETTERS": i18n.LANGUAGE_LETTERS,
         "LANGUAGE_NAMES": i18n.LANGUAGE_NAMES, "YES_NO_SCALE": i18n.YES_NO_SCALE}


def test_the_test_knows_every_catalogue_of_the_module() -> None:
    public = {name for name, value in vars(i18n).items() if name.isupper() and not name.startswith("_")
              and isinstance(value, dict | tuple) and name != "LANGUAGES"}
    assert public == set(CATALOGUES) | set(RULES)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_entry_is_in_every_language_and_no_other(name: str) -> None:
    wrong = {key: sorted(entry) for key, entry in CATALOGUES[name].items() if set(entry) != LANGUAGES}
    assert wrong == {}, f"{name}: entries not in exactly {sorted(LANGUAGES)}"
    empty = [key for key, entry in CATALOGUES[name].items() for text in entry.values() if not text.strip()]
    assert empty == []


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_locale_rule_is_given_for_every_language(name: str) -> None:
    assert set(RULES[name]) == LANGUAGES


def _fields(text: str) -> list[str]:
    return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field is not None)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_language_fills_in_the_same_placeholders(name: str) -> None:
    differing = {key: {language: _fields(text) for language, text in entry.items()}
                 for key, entry in CATALOGUES[name].items()
                 if len({tuple(_fields(text)) for text in entry.values()}) > 1}
    assert differing == {}


def _calls(function: str) -> set[tuple[str, str]]:
    """(module, first argument) of every call of i18n's `function` with a literal key in src/likertpipe."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == function:
                    found.add((path.name, node.args[0].value))
    return found


@pytest.mark.parametrize(("function", "catalogue"), [("word", "WORDS"), ("say", "SENTENCES"),
                                                     ("figure_note", "FIGURE_NOTES"),
                                                     ("cleaning_text", "CLEANING_REPORT"),
                                                     ("model_note", "MODEL_NOTES")])
def test_every_key_the_code_asks_for_exists(function: str, catalogue: str) -> None:
    calls = _calls(function)
    assert calls, f"no call of {function} found: the scan is broken"
    assert {(module, key) for module, key in calls if key not in CATALOGUES[catalogue]} == set()


def test_every_numbered_table_has_a_title_and_a_note() -> None:
    assert set(tables.TABLE_ORDER) <= set(i18n.TITLES)
    assert set(tables.TABLE_ORDER) <= set(i18n.NOTES)


# --- The locale rules live in i18n alone -------------------------------------------------------------------

def locale_code(tree: ast.AST) -> list[str]:
    """What looks like a locale rule or translated text: a dict keyed by a language code, a comparison with a
    language code, or a `.replace(".", ...)` (writing a decimal mark)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value in LANGUAGES
                                              for k in node.keys):
            found.append(f"line {node.lineno}: a dict keyed by language")
        elif isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in LANGUAGES
                                                   for c in [node.left, *node.comparators]):
            found.append(f"line {node.lineno}: a comparison with a language code")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace"
              and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "."):
            found.append(f"line {node.lineno}: replace('.', ...)")
    return found


@pytest.mark.parametrize("code", [
    'formatted.replace(".", ",") if language == "nb" else formatted',  # figure_style before #14
    '_DECIMAL_MARK = {"nb": ","}',  # tables before #14
    '"; " if language == "nb" else ", "',  # result_figures before #14
    'SENTENCES = {"all": {"nb": "Alle", "en": "All"}}',  # summary before #14
])
def test_the_scan_finds_the_locale_code_modules_held_before(code: str) -> None:
    assert locale_code(ast.parse(code))


def test_no_module_but_i18n_holds_a_locale_rule_or_a_translation() -> None:
    found = {str(path.relative_to(SOURCE)): hits for path in sorted(SOURCE.rglob("*.py")) if path.name != "i18n.py"
             if (hits := locale_code(ast.parse(path.read_text("utf-8"))))}
    assert found == {}


def test_tables_and_figures_write_the_decimal_mark_of_i18n(monkeypatch) -> None:
    # a language added to the rules alone: the number formatting of tables and figures follows
    monkeypatch.setitem(i18n.DECIMAL_MARK, "xx", "·")
    assert formatting.format_value(2.125, "mean", "xx") == "2·13"
    assert formatting.p_equation(0.0431, "xx") == "p = ·043"
    assert formatting.number(-0.25, 2, "xx") == "\u22120·25"
    assert formatting.format_value(2.125, "mean", "nb") == "2,13" and formatting.number(0.5, 1, "en") == "0.5"


def test_a_language_without_translations_falls_back_to_english() -> None:
    assert i18n.word("total", "de") == "Total" and i18n.title("descriptives", "de") == i18n.TITLES["descriptives"]["en"]
    assert i18n.quote("x", "de") == "“x”" and i18n.percent("5.0", "de") == "5.0%"
    assert i18n.with_decimal_mark("1.5", "de") == "1.5" and i18n.number_separator("de") == ", "


def test_the_norwegian_rules() -> None:
    assert i18n.with_decimal_mark("< .001", "nb") == "< ,001"
    assert i18n.quote("Enig", "nb") == "«Enig»" and i18n.percent("68,8", "nb") == "68,8 %"
    assert i18n.number_separator("nb") == "; "


# --- The notes of the by-wave tables describe their columns (the drift of #14) -----------------------------

WAVE_BOOK = {
    "study": {"id": "notes_test"},
    "id_column": "id",
    "scales": {"agree3": {"levels": [{"code": c, "label": f"level {c}"} for c in (1, 2, 3)],
                          "dont_know": [{"code": 8, "label": "Don't know"}]}},
    "items": [{"column": q, "scale": "agree3", "label": f"Item {q}"} for q in ("q1", "q2")],
    "factors": [{"column": "wave", "label": "Year", "compare": False,
                 "levels": [{"code": 1, "label": "2020"}, {"code": 2, "label": "2021"}]},
                {"column": "group", "label": "Group",
                 "levels": [{"code": 1, "label": "A"}, {"code": 2, "label": "B"}]}],
    "indices": [{"id": "idx", "label": "Index", "items": ["q1", "q2"], "min_answered": 1}],
    "wave": {"column": "wave"},
}
# What a note says when its table has the interval of the mean (ci_low, ci_high).
MEAN_INTERVAL = {"en": "confidence interval of the mean", "nb": "konfidensintervall for gjennomsnittet"}


@pytest.fixture(scope="module")
def wave_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    rows = ["id,wave,group,q1,q2", "a,1,1,1,2", "b,1,2,3,8", "c,2,1,2,3", "d,2,2,3,", "e,1,1,2,2", "f,2,2,1,1"]
    path = tmp_path_factory.mktemp("waves") / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    book = parse_codebook(WAVE_BOOK, source="notes.yaml")
    data, _ = clean(read_export(path), book, str(path))
    return {"descriptives_by_wave": descriptives_by_wave(data, book),
            "indices_by_wave": indices_by_wave(data, book)}


@pytest.mark.parametrize("name", ["descriptives_by_wave", "indices_by_wave"])
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_wave_note_promises_the_interval_of_the_mean_only_when_its_table_has_it(wave_tables, name, language):
    has_interval = {"ci_low", "ci_high"} <= set(wave_tables[name].columns)
    assert (MEAN_INTERVAL[language] in i18n.note(name, language)) == has_interval


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_descriptives_by_wave_is_noted_as_the_descriptives_it_repeats_per_wave(wave_tables, language) -> None:
    by_wave = wave_tables["descriptives_by_wave"]
    assert {"agree_ci_low", "agree_ci_high", "median", "n_dont_know"} <= set(by_wave.columns)
    assert i18n._DESCRIPTIVES[language] in i18n.note("descriptives_by_wave", language)
    # the descriptives themselves are shown narrower (tables.shown_columns): their note says where the rest is
    assert "descriptives.csv" in i18n.note("descriptives", language)


def test_i18n_imports_nothing_of_likertpipe() -> None:
    tree = ast.parse((SOURCE / "i18n.py").read_text("utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported and not [name for name in imported if name.startswith("likertpipe")]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_figures_and_tables_name_the_coefficients_by_the_same_symbol(language) -> None:
    """The heatmap's colour bar ("Spearmans ρ") and the tables' heading ("ρ"): one symbol, never "rho"."""
    for coefficient in ("rho", "tau_b"):
        assert i18n.heading(coefficient, language) in i18n.word(coefficient, language)
        assert "rho" not in i18n.word(coefficient, language).casefold()


def test_a_quotation_inside_a_quoted_label_gets_single_marks():
    assert i18n.quote("Stillingstittel «kommunalsjef»", "nb") == "«Stillingstittel ‘kommunalsjef’»"
    assert i18n.quote('Job title "kommunalsjef"', "en") == "“Job title ‘kommunalsjef’”"
    assert i18n.quote("Job title “kommunalsjef”", "en") == "“Job title ‘kommunalsjef’”"
    assert i18n.quote('A 5" screen', "en") == '“A 5" screen”'  # a lone straight quote is left alone
    assert i18n.quote("Vet ikke", "nb") == "«Vet ikke»"


def test_a_models_note_is_shown_in_the_documents_language() -> None:
    """The model tables hold their notes in English (`model_note`); every one, with a reason nested in it, reads
    in bokmål where the documents are in bokmål, and unchanged in English; a note of no model stays as it is."""
    values = {"used": "1", "n": "12", "parameters": "8", "min_n": "30", "factors": "utdanning", "level": "3",
              "factor": "utdanning", "min_cell": "5"}
    fields = {key: [name for _, name, _, _ in string.Formatter().parse(entry["en"]) if name]
              for key, entry in i18n.MODEL_NOTES.items()}
    for key, names in fields.items():
        filled = {name: values[name] for name in names if name != "reason"}
        if "reason" in names:
            filled["reason"] = i18n.model_note("singular")
        english = i18n.model_note(key, **filled)
        assert i18n.value_word("note", english, "en") == english, key
        nb = dict(filled, **({"reason": i18n.model_note("singular", "nb")} if "reason" in names else {}))
        assert i18n.value_word("note", english, "nb") == i18n.model_note(key, "nb", **nb) != english, key
    assert i18n.value_word("note", "fewer than two levels with answers", "nb") == "fewer than two levels with answers"
    assert (i18n.value_word("note", "the model without ledererfaring: separation", "nb")
            == "modellen uten ledererfaring: separasjon")
