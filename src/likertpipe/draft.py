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

from likertpipe.codebook import NAME, load_yaml, normalise, parse_codebook, slug
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

    def key(self) -> tuple:
        return tuple(self.levels), tuple(self.dont_know), tuple(self.missing)


@dataclass
class _Draft:
    id_column: str = ""
    id_note: str = ""
    names: dict[str, str] = field(default_factory=dict)  # export column -> codebook column (a safe name)
    scales: dict[str, _Scale] = field(default_factory=dict)
    items: list[tuple[dict, str]] = field(default_factory=list)
    factors: list[tuple[dict, str]] = field(default_factory=list)
    covariates: list[tuple[dict, str]] = field(default_factory=list)
    open_text: list[tuple[dict, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _scale_name(text: str, taken: dict[str, _Scale]) -> str:
    base = re.sub(r"[^a-z0-9_]+", "_", normalise(text)).strip("_") or "scale"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _labelled_scale(column: str, labels: dict[int, str], observed: set[int], meta: Metadata,
                    taken: dict[str, _Scale]) -> _Scale:
    """Levels, don't know and missing codes of a column with value labels."""
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
    return _Scale(_scale_name(meta.label_sets.get(column, column), taken), levels, dont_know, missing, note)


def _coded_scale(codes: list[int], taken: dict[str, _Scale]) -> _Scale:
    """Levels from the smallest code to the last one before a gap of two or more codes (codes inside the range
    that nobody chose are kept); codes after such a gap, like 9 or 99 after 1-5, are drafted as don't know."""
    cut = next((i for i in range(1, len(codes)) if codes[i] - codes[i - 1] > 2), len(codes))
    levels, outlying = list(range(codes[0], codes[cut - 1] + 1)), codes[cut:]
    note = "TODO: label the levels; move codes meaning don't know or not applicable to dont_know or missing"
    if outlying:
        note += f"; CHECK: {', '.join(map(str, outlying))} lie apart from the scale and were taken as don't know"
    return _Scale(_scale_name(f"codes_{levels[0]}_{levels[-1]}", taken), [(c, str(c)) for c in levels],
                  [(c, "TODO: don't know?") for c in outlying], [], note)


def _shared(scale: _Scale, draft: _Draft) -> _Scale:
    """The draft's scale with the same levels and codes, or `scale` added to the draft."""
    for known in draft.scales.values():
        if known.key() == scale.key():
            return known
    draft.scales[scale.name] = scale
    return scale


def _choose_id(raw: pd.DataFrame) -> tuple[str, str]:
    unique = [c for c in raw.columns if (raw[c].str.strip() != "").all() and raw[c].str.strip().is_unique]
    named = [c for c in unique if re.search(r"(^|[^a-z])id([^a-z]|$)|^id|id$", normalise(c))]
    if named or unique:
        return (named or unique)[0], "CHECK: the respondent id (every cell filled and unique)"
    return raw.columns[0], "TODO: no column has a unique value in every row; name the respondent id column"


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


def _classify(raw: pd.DataFrame, meta: Metadata) -> _Draft:
    draft = _Draft()
    draft.names = _safe_names(list(raw.columns))
    draft.id_column, draft.id_note = _choose_id(raw)
    for column in raw.columns:
        if column == draft.id_column:
            continue
        cells = raw[column].str.strip()
        filled = cells[cells != ""]
        label = meta.variable_labels.get(column, column)
        if filled.empty:
            draft.left_out.append(f"{column} (empty)")
            continue
        numbers = _numbers(filled)
        labels = meta.value_labels.get(column)
        integers = numbers is not None and (numbers == numbers.round()).all()
        if labels:  # user-missing cells arrive as their label text (io.read_export), the others as codes
            parsed = pd.to_numeric(filled.str.replace(",", ".", regex=False), errors="coerce").dropna()
            observed = set(parsed[parsed == parsed.round()].astype(int))
            _add_coded(draft, column, label, _labelled_scale(column, labels, observed, meta, draft.scales))
        elif integers and numbers.between(*YEARS).all() and numbers.nunique() <= MAX_LEVELS:
            years = sorted(set(numbers.astype(int)))
            draft.factors.append(({**_named(draft, column), "label": label, "compare": False,
                                   "levels": [{"code": y, "label": str(y)} for y in years]},
                                  "CHECK: survey years? Declare this factor as the wave (wave: {column: ...}) "
                                  "to get tables per wave and the change from the first to the last"))
        elif integers and numbers.nunique() <= MAX_LEVELS:
            _add_coded(draft, column, label, _coded_scale(sorted(set(numbers.astype(int))), draft.scales))
        elif numbers is not None:
            draft.covariates.append(({**_named(draft, column), "label": label},
                                     f"CHECK: numeric, {numbers.nunique()} values from {numbers.min():g} to "
                                     f"{numbers.max():g}; add min and max to reject impossible values"))
        elif filled.nunique() <= MAX_LEVELS and len(filled) >= 2 * filled.nunique():
            draft.open_text.append(({**_named(draft, column), "label": label},
                                    f"CHECK: text with only {filled.nunique()} distinct answers. Kept as open text "
                                    "(only counts reach results), since typed text must never become a label; if "
                                    "it is a closed question exported as text, declare it as a factor or item with "
                                    "its levels' labels by hand"))
        else:
            draft.open_text.append(({**_named(draft, column), "label": label},
                                    f"CHECK: free text ({filled.nunique()} distinct answers); only counts reach "
                                    "results"))
    return draft


def _add_coded(draft: _Draft, column: str, label: str, scale: _Scale) -> None:
    """An item on `scale` (added to the draft's scales unless an equal one is there) or, with fewer than three
    levels, a factor with the scale's codes."""
    if len(scale.levels) >= 3:
        scale = _shared(scale, draft)
        draft.items.append(({**_named(draft, column), "scale": scale.name, "label": label},
                            f"CHECK: an item on scale {scale.name}, or a background variable (move it to factors)?"))
    else:
        levels = [{"code": code, "label": text} for code, text in scale.levels]
        missing = [{"code": code, "label": text} for code, text in scale.dont_know + scale.missing]
        draft.factors.append(({**_named(draft, column), "label": label, "levels": levels, **({"missing": missing}
                                                                                       if missing else {})},
                              "CHECK: a grouping factor with few codes (a yes/no question? see yes_no)"))


def _dump(value, indent: int) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def _section(name: str, entries: list[tuple[dict, str]]) -> str:
    if not entries:
        return ""
    out = f"{name}:\n"
    for entry, note in entries:
        out += f"  # {note}\n" + _dump([entry], 2)
    return out


def _render(draft: _Draft, source: Path) -> str:
    study = re.sub(r"[^a-z0-9_]+", "_", normalise(source.stem)).strip("_")
    study = study if re.match(r"^[a-z]", study) else f"study_{study}"
    lines = [
        f"# Draft codebook written by `python -m likertpipe draft-codebook` from {source.name}.",
        "# Lines marked CHECK are guesses to confirm; TODO marks what the file could not tell. Every field is",
        "# documented in docs/codebook.md. Labels are plain strings: give a mapping (nb: ..., en: ...) for",
        "# several languages. Add indices, a wave or a sampling frame by hand.",
    ]
    if draft.left_out:
        lines.append(f"# Left out: {', '.join(draft.left_out)}.")
    text = "\n".join(lines) + "\n"
    text += _dump({"study": {"id": study, "title": source.stem, "language": "en"}}, 0)
    text += f"# {draft.id_note}\n" + "".join(
        f"{key}: {yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 16).splitlines()[0]}\n"
        for key, value in _named(draft, draft.id_column, "id_column").items())
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
    return text + "".join(_section(name, getattr(draft, name)) for name in ("factors", "covariates", "open_text"))


def draft_codebook(path: str | Path) -> str:
    """The draft codebook (YAML text with comments) of the export at `path` (any format io.read_export reads)."""
    raw = read_export(path, where="the file named after draft-codebook")
    return _render(_classify(raw, read_metadata(path)), Path(path))


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
        found.append(f"{entry}: {comment.lstrip('# ')}" if entry else comment.lstrip("# "))
    return found


def check_draft(text: str, source: str) -> str | None:
    """None if the draft is a valid codebook, else the validation message (what to fill in)."""
    try:
        parse_codebook(load_yaml(text, source), source=source)
    except LikertpipeError as error:
        return str(error)
    return None
