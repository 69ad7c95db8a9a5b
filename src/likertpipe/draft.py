"""Draft a codebook from a data export, for the user to check and complete (`python -m likertpipe draft-codebook`).

How columns are classified (every choice is marked CHECK in the draft, since a file cannot tell intent):
- the id column: the first column whose cells are all filled and unique, preferring a name containing "id";
- SPSS/Stata value labels become scales: labelled codes are levels, labels that say "don't know" (in a few
  languages) become `dont_know`, other user-missing codes `missing`; codes seen in the data without a label
  become levels labelled with the code (TODO). Columns sharing a scale share one entry under `scales`;
- columns of at most MAX_LEVELS distinct integer codes are candidate items (three or more values) or factors
  (one or two); integer scales without labels get levels labelled with their codes (TODO);
- text columns are open text, however few distinct texts they hold: a text typed by respondents (a job title,
  a name) must never become a level label that results would print; a closed question exported as text is
  marked CHECK, to be declared as a factor or item by hand;
- numeric columns with more values are covariates; empty columns are left out (listed at the top).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from likertpipe import i18n
from likertpipe.clean import MISSING_MARKERS
from likertpipe.codebook import NA_VALUES, NAME, load_yaml, normalise, parse_codebook, slug
from likertpipe.errors import LikertpipeError
from likertpipe.io import read_export

YEARS = (1900, 2100)  # integer columns within this range look like survey years
MAX_LEVELS = 11
DONT_KNOW = re.compile(r"\b(vet ikke|ved ikke|vet ej|don'?t know|do not know|wei(ß|ss) nicht|ne sais pas|no s[ée]|"
                       r"en tiedä|weet niet)\b")


@dataclass(frozen=True)
class Metadata:
    """What an SPSS or Stata file says about its columns: value labels, user-missing codes, variable labels."""

    value_labels: dict[str, dict[int, str]] = field(default_factory=dict)
    user_missing: dict[str, set[int]] = field(default_factory=dict)
    variable_labels: dict[str, str] = field(default_factory=dict)
    label_sets: dict[str, str] = field(default_factory=dict)


def read_metadata(path: str | Path) -> Metadata:
    """Metadata of a .sav/.zsav or .dta file (pyreadstat, metadata only); empty for other formats."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".sav", ".zsav", ".dta"):
        return Metadata()
    import pyreadstat

    reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
    options = {} if suffix == ".dta" else {"user_missing": True}
    try:
        _, meta = reader(str(path), metadataonly=True, **options)
    except Exception as exc:  # pyreadstat.ReadstatError and others
        raise LikertpipeError(f"{path}: cannot read its metadata ({exc}). Save the file again.") from None
    missing: dict[str, set[int]] = {}
    for column, values in (getattr(meta, "missing_user_values", None) or {}).items():
        missing.setdefault(column, set()).update(int(v) for v in values if float(v).is_integer())
    for column, spans in (getattr(meta, "missing_ranges", None) or {}).items():
        for span in spans:
            labelled = (meta.variable_value_labels or {}).get(column, {})
            missing.setdefault(column, set()).update(int(c) for c in labelled if span["lo"] <= c <= span["hi"])
    return Metadata(
        value_labels={c: {int(k): str(v) for k, v in labels.items() if float(k).is_integer()}
                      for c, labels in (meta.variable_value_labels or {}).items()},
        user_missing=missing,
        variable_labels={c: label for c, label in zip(meta.column_names, meta.column_labels or [], strict=False)
                         if label},
        label_sets=dict(getattr(meta, "variable_to_label", None) or {}),
    )


def _numbers(cells: pd.Series) -> pd.Series | None:
    """The cells as numbers (comma decimals allowed), or None if any filled cell is not a number."""
    number = pd.to_numeric(cells.str.replace(",", ".", regex=False), errors="coerce")
    return number if number.notna().all() else None


@dataclass
class _Scale:
    name: str
    levels: list[tuple[int, str]]
    dont_know: list[tuple[int, str]]
    missing: list[tuple[int, str]]
    note: str
    labelled: bool = False

    def key(self) -> tuple:
        return tuple(self.levels), tuple(self.dont_know), tuple(self.missing)


@dataclass
class _Coded:
    """A column of few integer codes, as profiled: its export name, label, drafted scale and position."""

    column: str
    label: str
    scale: _Scale
    position: int


@dataclass
class _Draft:
    id_column: str | None = ""
    id_note: str = ""
    names: dict[str, str] = field(default_factory=dict)  # export column -> codebook column (a safe name)
    scales: dict[str, _Scale] = field(default_factory=dict)
    items: list[tuple[dict, str]] = field(default_factory=list)
    factors: list[tuple[dict, str]] = field(default_factory=list)
    covariates: list[tuple[dict, str]] = field(default_factory=list)
    yes_no: list[tuple[dict, str]] = field(default_factory=list)
    open_text: list[tuple[dict, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    language: str | None = None
    language_note: str = ""
    na_found: dict[str, int] = field(default_factory=dict)  # default na_values text -> cells
    na_extra: dict[str, int] = field(default_factory=dict)  # other missing markers found -> cells
    layout: str = "plain"
    dropped: list[str] = field(default_factory=list)


_STOP = frozenset({"i", "a", "an", "the", "to", "of", "in", "at", "og", "en", "et", "til", "av", "på", "-", "/"})


def _scale_name(text: str, taken: dict[str, _Scale]) -> str:
    base = re.sub(r"[^a-z0-9_]+", "_", slug(text, lower=True)).strip("_") or "scale"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _words(label: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", normalise(label)) if w not in _STOP]


def _label_name(levels: list[tuple[int, str]], language: str | None) -> str:
    """A scale's name from its labels: a yes/no pair is named in the language (i18n.YES_NO_SCALE); otherwise the
    word every level's label shares ("I svært liten grad" ... "I svært stor grad": grad5), else the last word of
    the top level's label ("Strongly agree": agree5), with the number of levels."""
    if _yes_code(levels) is not None:
        return i18n.YES_NO_SCALE.get(language or i18n.FALLBACK, i18n.YES_NO_SCALE[i18n.FALLBACK])
    words = [_words(label) for _, label in levels]
    common = [w for w in words[0] if all(w in other for other in words[1:])] if words else []
    stem = common[-1] if common else (words[-1][-1] if words and words[-1] else "scale")
    return f"{stem}{len(levels)}"


YES = frozenset({"ja", "yes", "oui", "si", "sí", "jo"})
NO = frozenset({"nei", "no", "nein", "non", "nej", "nee"})


def _yes_code(levels: list[tuple[int, str]]) -> int | None:
    """The code labelled yes, when the two levels are labelled yes and no (in a few languages)."""
    if len(levels) != 2:
        return None
    texts = {normalise(label).strip(".!"): code for code, label in levels}
    yes = [code for text, code in texts.items() if text in YES]
    return yes[0] if yes and any(text in NO for text in texts) else None


def _labelled_scale(column: str, labels: dict[int, str], observed: set[int], meta: Metadata) -> _Scale:
    """Levels, don't know and missing codes of a column with value labels (named later, from its labels)."""
    user_missing = meta.user_missing.get(column, set())
    levels, dont_know, missing = [], [], []
    for code in sorted(set(labels) | (observed - user_missing)):
        label = labels.get(code, str(code))
        if DONT_KNOW.search(normalise(label)):
            dont_know.append((code, label))
        elif code in user_missing:
            missing.append((code, label))
        else:
            levels.append((code, label))
    unlabelled = sorted(observed - set(labels) - user_missing)
    note = "from the file's value labels" + (
        f"; TODO: codes {', '.join(map(str, unlabelled))} occur without a label" if unlabelled else "")
    return _Scale("", levels, dont_know, missing, note, labelled=True)


def _coded_scale(codes: list[int]) -> _Scale:
    """Levels from the smallest code to the last one before a gap of two or more codes (codes inside the range
    that nobody chose are kept); codes after such a gap, like 9 or 99 after 1-5, are drafted as don't know."""
    cut = next((i for i in range(1, len(codes)) if codes[i] - codes[i - 1] > 2), len(codes))
    levels, outlying = list(range(codes[0], codes[cut - 1] + 1)), codes[cut:]
    note = "TODO: label the levels; move codes meaning don't know or not applicable to dont_know or missing"
    if outlying:
        note += f"; CHECK: {', '.join(map(str, outlying))} lie apart from the scale and were taken as don't know"
    return _Scale(f"codes_{levels[0]}_{levels[-1]}", [(c, str(c)) for c in levels],
                  [(c, "TODO: don't know?") for c in outlying], [], note)


def _shared(scale: _Scale, draft: _Draft) -> _Scale:
    """The draft's scale with the same levels and codes, or `scale` added to the draft under a free name."""
    for known in draft.scales.values():
        if known.key() == scale.key():
            return known
    scale.name = _scale_name(scale.name, draft.scales)
    draft.scales[scale.name] = scale
    return scale


def _choose_id(raw: pd.DataFrame) -> tuple[str | None, str]:
    """The id column: a column named like an id (or the first column, holding text or whole numbers) whose cells
    are all filled and unique; None (rows numbered) when there is none, so that no count or code is ever taken
    for an id."""
    def unique(column) -> bool:
        cells = raw[column].str.strip()
        return bool(column.strip()) and (cells != "").all() and cells.is_unique

    named = [c for c in raw.columns if re.search(r"(^|[^a-z])id([^a-z]|$)|^id|id$", normalise(c)) and unique(c)]
    if named:
        return named[0], "CHECK: the respondent id (every cell filled and unique)"
    first = raw.columns[0] if len(raw.columns) else None
    numbers = _numbers(raw[first].str.strip()) if first is not None else None
    if first is not None and unique(first) and (numbers is None or (numbers == numbers.round()).all()):
        return first, "CHECK: the respondent id? (the first column; every cell filled and unique)"
    return None, ("CHECK: no column is named like an id with a unique value in every row, so respondents are "
                  "identified by their row number (id_column: null); name the id column if there is one")


def _safe_names(columns) -> dict[str, str]:
    """Per export column, its codebook name: the column itself if it is a safe name (codebook.NAME), else its
    slug; made unique ignoring case by a number (the export's name then goes under aliases)."""
    taken = {normalise(c) for c in columns if NAME.match(c)}
    names = {}
    for column in columns:
        if NAME.match(column):
            names[column] = column
            continue
        base = slug(column)
        name, number = base, 2
        while normalise(name) in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(normalise(name))
        names[column] = name
    return names


def _named(draft: _Draft, column: str, key: str = "column") -> dict:
    """The entry's `column` (safe name) and, when the export's name differs, its `aliases`."""
    name = draft.names.get(column, column)
    aliases = "id_aliases" if key == "id_column" else "aliases"
    return {key: name} if name == column else {key: name, aliases: [column]}


def _named(draft: _Draft, column: str, key: str = "column") -> dict:
    """The entry's `column` (safe name) and, when the export's name differs, its `aliases`."""
    name = draft.names.get(column, column)
    aliases = "id_aliases" if key == "id_column" else "aliases"
    return {key: name} if name == column else {key: name, aliases: [column]}


def _language(texts: list[str]) -> tuple[str | None, str]:
    """The language whose cue words (i18n.LANGUAGE_CUES; its own letters count twice) the texts hold clearly more
    of: at least 3, and twice any other's; None when the texts do not tell."""
    counts = dict.fromkeys(i18n.LANGUAGE_CUES, 0)
    for text in texts:
        words = re.findall(r"[^\W\d_]+", normalise(text))
        for language, known in i18n.LANGUAGE_CUES.items():
            counts[language] += sum(word in known for word in words)
            letters = i18n.LANGUAGE_LETTERS.get(language, "")
            counts[language] += 2 * sum(normalise(text).count(letter) for letter in letters)
    best = max(counts, key=counts.get)
    if counts[best] >= 3 and all(counts[best] >= 2 * n for language, n in counts.items() if language != best):
        cues = ", ".join(f"{n} {i18n.LANGUAGE_NAMES[language]}" for language, n in counts.items())
        return best, f"CHECK: the labels and texts look {i18n.LANGUAGE_NAMES[best]} ({cues} cues)"
    return None, "TODO: the file does not tell the labels' language; set it (nb, en, ...)"


def _profile(raw: pd.DataFrame, draft: _Draft) -> tuple[dict[str, pd.Series], list[str]]:
    """Per column (the id and unnamed columns left out) its filled cells, na_values read as empty, with the texts
    that counted; and the texts (open answers) that tell the language."""
    cells_of, texts = {}, []
    for column in raw.columns:
        if column == draft.id_column:
            continue
        if not column.strip():
            draft.left_out.append("a column without a name (R's row names?)")
            continue
        cells = raw[column].str.strip()
        marked = cells.isin(NA_VALUES)
        for text, count in cells[marked].value_counts().items():
            draft.na_found[text] = draft.na_found.get(text, 0) + int(count)
        filled = cells[(cells != "") & ~marked]
        if not filled.empty and _numbers(filled) is None:
            odd = filled[pd.to_numeric(filled.str.replace(",", ".", regex=False), errors="coerce").isna()]
            if odd.map(normalise).isin(MISSING_MARKERS).all() and len(odd) < len(filled):
                for text, count in odd.value_counts().items():
                    draft.na_extra[text] = draft.na_extra.get(text, 0) + int(count)
                filled = filled.drop(odd.index)
        cells_of[column] = filled
    return cells_of, texts


def _compatible(a: _Scale, b: _Scale) -> bool:
    """Two unlabelled columns on one scale: their lowest and highest codes differ by at most one (a code nobody
    chose at an end), a scale from 0 joins only another from 0 (0 often counts "none": days, times), and together
    they span at most MAX_LEVELS codes."""
    (a_low, a_high), (b_low, b_high) = (a.levels[0][0], a.levels[-1][0]), (b.levels[0][0], b.levels[-1][0])
    zero = (a_low == 0) == (b_low == 0)
    return zero and abs(a_low - b_low) <= 1 and abs(a_high - b_high) <= 1 and \
        max(a_high, b_high) - min(a_low, b_low) < MAX_LEVELS


def _classify(raw: pd.DataFrame, meta: Metadata) -> _Draft:
    """Sort the export's columns into items, factors, yes/no questions, covariates and open text.

    Items are the columns that share a scale with others: labelled columns sharing one label set of three or more
    levels, wherever they are; unlabelled columns in a run of at least three neighbours on one range of codes (or
    two with the same four or more codes), as a questionnaire's battery of statements is. A column with its own
    label set or few codes is a background factor; a yes/no label pair (or the codes 0 and 1) a yes/no question.
    """
    draft = _Draft(layout=raw.attrs.get("layout", "plain"), dropped=list(raw.attrs.get("dropped_metadata", [])))
    draft.names = _safe_names([c for c in raw.columns if c.strip()])
    draft.id_column, draft.id_note = _choose_id(raw)
    questions = raw.attrs.get("questions", {})
    cells_of, texts = _profile(raw, draft)
    texts += [label for labels in meta.value_labels.values() for label in labels.values()]
    texts += list(meta.variable_labels.values()) + list(questions.values())
    coded: list[_Coded] = []
    for position, column in enumerate(raw.columns):
        if column not in cells_of:
            continue
        filled = cells_of[column]
        label = meta.variable_labels.get(column) or questions.get(column) or column
        if filled.empty:
            draft.left_out.append(f"{column} (empty)")
            continue
        numbers = _numbers(filled)
        labels = meta.value_labels.get(column)
        integers = numbers is not None and (numbers == numbers.round()).all()
        if labels:  # user-missing cells arrive as their label text (io.read_export), the others as codes
            parsed = pd.to_numeric(filled.str.replace(",", ".", regex=False), errors="coerce").dropna()
            observed = set(parsed[parsed == parsed.round()].astype(int))
            coded.append(_Coded(column, label, _labelled_scale(column, labels, observed, meta), position))
        elif integers and numbers.between(*YEARS).all() and numbers.nunique() <= MAX_LEVELS:
            years = sorted(set(numbers.astype(int)))
            draft.factors.append(({**_named(draft, column), "label": label, "compare": False,
                                   "levels": [{"code": y, "label": str(y)} for y in years]},
                                  "CHECK: survey years? Declare this factor as the wave (wave: {column: ...}) "
                                  "to get tables per wave and the change from the first to the last"))
        elif integers and numbers.nunique() <= MAX_LEVELS:
            coded.append(_Coded(column, label, _coded_scale(sorted(set(numbers.astype(int)))), position))
        elif numbers is not None:
            draft.covariates.append(({**_named(draft, column), "label": label},
                                     f"CHECK: numeric, {numbers.nunique()} values from {numbers.min():g} to "
                                     f"{numbers.max():g}; add min and max to reject impossible values"))
        elif filled.nunique() <= MAX_LEVELS and len(filled) >= 2 * filled.nunique():
            texts += list(filled.iloc[:200])
            draft.open_text.append(({**_named(draft, column), "label": label},
                                    f"CHECK: text with only {filled.nunique()} distinct answers. Kept as open text "
                                    "(only counts reach results), since typed text must never become a label; if "
                                    "it is a closed question exported as text, declare it as a factor or item with "
                                    "its levels' labels by hand"))
        else:
            texts += list(filled.iloc[:200])
            draft.open_text.append(({**_named(draft, column), "label": label},
                                    f"CHECK: free text ({filled.nunique()} distinct answers); only counts reach "
                                    "results"))
    draft.language, draft.language_note = _language(texts)
    _sort_coded(draft, coded)
    return draft


def _sort_coded(draft: _Draft, coded: list[_Coded]) -> None:
    """Items, factors and yes/no questions among the coded columns (see _classify), in the export's order."""
    items: dict[str, _Scale] = {}  # export column -> the scale of its battery
    labelled = [c for c in coded if c.scale.labelled]
    shared: dict[tuple, list[_Coded]] = {}
    for column in labelled:
        shared.setdefault(column.scale.key(), []).append(column)
    for group in shared.values():
        if len(group) >= 2 and len(group[0].scale.levels) >= 3 and _yes_code(group[0].scale.levels) is None:
            items |= {c.column: group[0].scale for c in group}
    plain = [c for c in coded if not c.scale.labelled and len(c.scale.levels) >= 3]
    runs: list[list[_Coded]] = []
    for column in plain:
        run = runs[-1] if runs else None
        if run and column.position == run[-1].position + 1 and all(_compatible(column.scale, c.scale) for c in run):
            run.append(column)
        else:
            runs.append([column])
    for run in runs:
        same = all(c.scale.levels == run[0].scale.levels for c in run)
        if len(run) >= 3 or (len(run) == 2 and same and len(run[0].scale.levels) >= 4):
            codes = sorted({code for c in run for code, _ in c.scale.levels + c.scale.dont_know})
            scale = _coded_scale(codes)
            items |= {c.column: scale for c in run}
    batteries: dict[int, list[str]] = {}
    for column in coded:
        if column.column in items:
            batteries.setdefault(id(items[column.column]), []).append(column.column)
    for column in coded:
        label = column.label
        if column.column in items:
            scale = items[column.column]
            if scale.labelled and not scale.name:
                scale.name = _label_name(scale.levels, draft.language)
            battery = batteries[id(scale)]
            scale = _shared(scale, draft)
            note = ""
            if column.column == battery[0]:
                shown = ", ".join(battery) if len(battery) <= 4 else f"{battery[0]} ... {battery[-1]}"
                note = (f"CHECK: {len(battery)} items on scale {scale.name} ({shown}), as they share it; move a "
                        "background question among them to factors")
            draft.items.append(({**_named(draft, column.column), "scale": scale.name, "label": label}, note))
            continue
        levels, yes = column.scale.levels, _yes_code(column.scale.levels)
        if yes is None and not column.scale.labelled and [code for code, _ in levels] == [0, 1]:
            yes = 1
        if yes is not None:
            scale = column.scale
            if not scale.name or not scale.labelled:
                scale.name = _label_name(levels, draft.language) if scale.labelled else "codes_0_1"
            note = ("a yes/no question (its labels)" if scale.labelled else
                    "CHECK: a yes/no question coded 0 and 1; yes is 1? Label the codes")
            scale = _shared(scale, draft)
            draft.yes_no.append(({**_named(draft, column.column), "label": label, "scale": scale.name,
                                  "yes_code": yes}, note))
            continue
        entry = {**_named(draft, column.column), "label": label,
                 "levels": [{"code": code, "label": text} for code, text in levels]}
        missing = column.scale.dont_know + column.scale.missing
        if missing:
            entry["missing"] = [{"code": code, "label": text} for code, text in missing]
        if column.scale.labelled:
            note = ("CHECK: a background factor (a label set of its own); set compare: false if its groups are not "
                    "to be compared")
        elif len(levels) <= 2:
            note = "CHECK: a background factor with two codes (a yes/no question? see yes_no); TODO: label the levels"
        else:
            note = (f"CHECK: a background factor ({len(levels)} codes of its own); TODO: label the levels; if it is "
                    "a count or a number, move it to covariates")
        draft.factors.append((entry, note))


def _dump(value, indent: int) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def _section(name: str, entries: list[tuple[dict, str]]) -> str:
    if not entries:
        return ""
    out = f"{name}:\n"
    for entry, note in entries:
        out += (f"  # {note}\n" if note else "") + _dump([entry], 2)
    return out


def _flow(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 16).splitlines()[0]


def _render(draft: _Draft, source: Path, study: str | None) -> str:
    lines = [
        f"# Draft codebook written by `likertpipe draft-codebook` from {source.name}.",
        "# Lines marked CHECK are guesses to confirm; TODO marks what the file could not tell. Confirm or correct",
        "# each, delete its mark, then run `likertpipe check`. Every field is documented in docs/codebook.md.",
        "# Labels are plain strings: give a mapping (nb: ..., en: ...) for several languages. Add indices, a wave",
        "# or a sampling frame by hand.",
    ]
    if draft.layout in i18n.PLATFORM_LAYOUTS:
        lines.append(f"# Read as {i18n.layout_description(draft.layout, 'en')}; layout: auto recognises it.")
    if draft.dropped:
        lines.append(f"# Survey-platform metadata dropped at reading (never analysed): {', '.join(draft.dropped)}.")
    if draft.na_found:
        shown = ", ".join(f"{text!r} ({count} cells)" for text, count in sorted(draft.na_found.items()))
        lines.append(f"# Read as empty by the default na_values: {shown}.")
    if draft.left_out:
        lines.append(f"# Left out: {', '.join(draft.left_out)}.")
    text = "\n".join(lines) + "\n"
    language = draft.language or "en"
    text += "study:\n"
    if study:
        text += f"  id: {study}\n"
    else:
        text += "  # TODO: the study's id: lower-case letters, digits and _, the key of the study in your config\n"
        text += "  id: TODO_study_id\n"
    # not the file's name: the title heads the published results, and an export's name often names a person
    text += "  # TODO: the study's title (it heads the results text)\n  title: \"TODO: the study's title\"\n"
    text += f"  # {draft.language_note}\n  language: {language}\n"
    text += f"# {draft.id_note}\n"
    if draft.id_column is None:
        text += "id_column: null\n"
    else:
        text += "".join(f"{key}: {_flow(value)}\n" for key, value in _named(draft, draft.id_column,
                                                                          "id_column").items())
    if draft.na_extra:
        shown = ", ".join(f"{t!r} ({n} cells)" for t, n in sorted(draft.na_extra.items()))
        text += (f"# CHECK: {shown} look like missing-value markers in columns of numbers, so they were added to "
                 "the default na_values\n")
        text += f"na_values: {_flow([*NA_VALUES, *sorted(draft.na_extra)])}\n"
    if draft.scales:
        text += "scales:\n"
        for scale in draft.scales.values():
            body = {"levels": [{"code": c, "label": t} for c, t in scale.levels]}
            body |= {"dont_know": [{"code": c, "label": t} for c, t in scale.dont_know]} if scale.dont_know else {}
            body |= {"missing": [{"code": c, "label": t} for c, t in scale.missing]} if scale.missing else {}
            text += f"  # {scale.note}\n" + _dump({scale.name: body}, 2)
    else:
        text += "# TODO: no column looks like a Likert item; declare the answer scales here.\nscales: {}\n"
    text += _section("items", draft.items) or "# TODO: declare at least one item.\nitems: []\n"
    return text + "".join(_section(name, getattr(draft, name))
                          for name in ("factors", "covariates", "yes_no", "open_text"))


def draft_codebook(path: str | Path, study: str | None = None) -> str:
    """The draft codebook (YAML text with comments) of the export at `path` (any format io.read_export reads, in
    any layout it recognises); `study` is its study id (a TODO without it)."""
    if study is not None and not re.match(r"^[a-z][a-z0-9_]*$", study):
        raise LikertpipeError(f"--study {study!r}: a study id holds only lower-case letters a-z, digits and _, "
                              f"starting with a letter (it names results/<id>/). Fix: e.g. --study "
                              f"{slug(study, lower=True)}.")
    raw = read_export(path, where="the file named after draft-codebook")
    return _render(_classify(raw, read_metadata(path)), Path(path), study)


def guesses(text: str) -> list[str]:
    """Every guess (CHECK) and gap (TODO) of a draft, each with the entry it is about ("q1: CHECK: ...")."""
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    found = []
    for number, line in enumerate(lines[header:], start=header):
        comment = line.strip()
        if not comment.startswith("#") or not re.search(r"\b(CHECK|TODO)\b", comment):
            continue
        following = next((later.strip() for later in lines[number + 1:] if not later.strip().startswith("#")), "")
        named = re.search(r"\b(?:id_)?column:\s*([^,}\s]+)", following)
        entry = named.group(1) if named else following.split(":")[0].strip("-{ ")
        entry = "id_column" if entry == "null" and following.startswith("id_column") else entry
        found.append(f"{entry}: {comment.lstrip('# ')}" if entry else comment.lstrip("# "))
    return found


def check_draft(text: str, source: str) -> str | None:
    """None if the draft is a valid codebook, else the validation message (what to fill in)."""
    try:
        parse_codebook(load_yaml(text, source), source=source)
    except LikertpipeError as error:
        return str(error)
    return None
