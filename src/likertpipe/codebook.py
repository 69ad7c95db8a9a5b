"""Load and validate a study codebook (YAML) into plain frozen dataclasses.

The codebook is the only place that knows a study: its columns, scales, codes and labels.
Its JSON schema (schemas/codebook.schema.yaml) defines every field; docs/codebook.md explains them.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from likertpipe.errors import LikertpipeError, quoted, visible
from likertpipe.files import check_readable

Label = dict[str, str]

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
"""A column name or index id: it names files (figures/likert_by_<factor>.png) and processed columns, so only ASCII
letters, digits and underscores, starting with a letter (the schema's `$defs/column` pattern)."""
NA_VALUES = ("NA", ".", "#N/A", "N/A")
"""Cell texts read as empty by default (`na_values`): R's NA, Stata's ".", the spreadsheet markers #N/A and N/A."""
LAYOUTS = ("auto", "plain", "qualtrics", "qualtrics_legacy", "surveymonkey")
ROW_ID = "row"
"""The processed id column of an export without one (`id_column: null`): each respondent's row number."""
MAX_CODEBOOK_BYTES = 5_000_000
"""Largest codebook file read (a codebook of a thousand items with labels in three languages is about 0.3 MB)."""


_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l",
                          "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"})  # letters NFKD does not split


def slug(name: str, lower: bool = False) -> str:
    """A safe name (NAME) made from any text: accents dropped, every other character run an underscore, a leading
    digit prefixed with "c" ("Spørsmål 1 (%)" -> "Sporsmal_1", "1a" -> "c1a")."""
    text = str(name).translate(_LETTERS)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")
    text = text.lower() if lower else text
    if not text:
        return "column"
    return text if text[0].isalpha() else f"c{text}"


def normalise(name: str) -> str:
    """A name or label for matching: Unicode NFC, case-folded, whitespace trimmed and collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(name)).casefold()).strip()


def _label(value: str | dict) -> Label:
    """Normalise a label to a language -> text mapping ("" holds a language-neutral label)."""
    return {"": value} if isinstance(value, str) else dict(value)


def text(label: Label, language: str) -> str:
    """The label in `language`, else the language-neutral one, else the first given."""
    return label.get(language) or label.get("") or next(iter(label.values()))


@dataclass(frozen=True)
class Level:
    code: int
    label: Label


def _levels(entries: list[dict]) -> tuple[Level, ...]:
    return tuple(Level(int(e["code"]), _label(e["label"])) for e in entries)


def _derivation(entry: dict) -> Derivation | None:
    """The derivation an entry of `factors` or `yes_no` declares (`recode`, `cut`, `any_of` or `text_in`), else
    None."""
    if "any_of" in entry:
        return Derivation("any_of", tuple(entry["any_of"]))
    if "recode" in entry:
        return Derivation("recode", (entry["recode"],),
                          tuple(tuple(int(c) for c in level.get("from", ())) for level in entry["levels"]))
    if "cut" in entry:
        return Derivation("cut", (entry["cut"],), tuple(level.get("below") for level in entry["levels"]))
    if "text_in" in entry:
        rule = entry["text_in"]
        return Derivation("text_in", (rule["column"],), tuple(normalise(t) for t in rule["texts"]))
    return None


@dataclass(frozen=True)
class Scale:
    name: str
    levels: tuple[Level, ...]
    dont_know: tuple[Level, ...] = ()
    missing: tuple[Level, ...] = ()

    @property
    def codes(self) -> tuple[int, ...]:
        """Substantive codes, lowest first."""
        return tuple(lv.code for lv in self.levels)

    @property
    def dont_know_codes(self) -> tuple[int, ...]:
        return tuple(lv.code for lv in self.dont_know)

    @property
    def missing_codes(self) -> tuple[int, ...]:
        return tuple(lv.code for lv in self.missing)

    @property
    def _pole(self) -> int:
        """Levels counted at each end: two, or one on scales of two or three levels so that agree and
        disagree never share a level or take in the middle one."""
        return 2 if len(self.levels) >= 4 else 1

    @property
    def agree_codes(self) -> tuple[int, ...]:
        """The top two levels ("agree"), as the article's agree percent counts them (top one on 2-3 levels)."""
        return self.codes[-self._pole:]

    @property
    def disagree_codes(self) -> tuple[int, ...]:
        """The bottom two levels ("disagree"; bottom one on 2-3 levels)."""
        return self.codes[:self._pole]

    def level_label(self, code: int, language: str) -> str:
        for lv in self.levels + self.dont_know + self.missing:
            if lv.code == code:
                return text(lv.label, language)
        raise KeyError(code)


@dataclass(frozen=True)
class Item:
    column: str
    label: Label
    scale: Scale
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Derivation:
    """How a derived variable is computed in cleaning from other columns of the export (`sources`):

    - `any_of` (a yes/no question): yes when any source yes/no question is yes, no when all are no, else missing;
    - `recode` (a factor): `mapping[i]` holds the source factor's codes that become the factor's i-th level;
    - `cut` (a factor): `mapping[i]` is the i-th band's upper bound (exclusive), None for the last band;
    - `text_in` (a yes/no question): yes when the open-text answer of `sources[0]` is one of `mapping` (compared
      as `normalise` does: case, Unicode form and spacing aside), no when it is another answer, missing when empty.
    """

    kind: str
    sources: tuple[str, ...]
    mapping: tuple = ()


DERIVATIONS = ("any_of", "recode", "cut", "text_in")


@dataclass(frozen=True)
class Factor:
    column: str
    label: Label
    levels: tuple[Level, ...]
    missing: tuple[Level, ...] = ()
    compare: bool = True
    aliases: tuple[str, ...] = ()
    derived: Derivation | None = None
    ordered: bool = False  # levels ordered as listed: a trend test beside Kruskal-Wallis

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(lv.code for lv in self.levels)

    def level_label(self, code: int, language: str) -> str:
        return next(text(lv.label, language) for lv in self.levels if lv.code == code)


@dataclass(frozen=True)
class Covariate:
    column: str
    label: Label
    min: float | None = None
    max: float | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class YesNo:
    column: str
    label: Label
    scale: Scale
    yes_code: int
    aliases: tuple[str, ...] = ()
    derived: Derivation | None = None

    @property
    def no_code(self) -> int:
        """The code of the scale's other level (no)."""
        return next(code for code in self.scale.codes if code != self.yes_code)


@dataclass(frozen=True)
class OpenText:
    column: str
    label: Label
    comment: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Index:
    """A composite score: the mean of its items' valid answers, reversed items recoded first."""

    id: str
    label: Label
    items: tuple[Item, ...]
    reversed: tuple[str, ...] = ()
    min_answered: int = 1


@dataclass(frozen=True)
class SamplingFrame:
    factor: str
    column: str


@dataclass(frozen=True)
class Codebook:
    study_id: str
    title: Label
    language: str
    id_column: str
    scales: dict[str, Scale]
    items: tuple[Item, ...]
    factors: tuple[Factor, ...] = ()
    covariates: tuple[Covariate, ...] = ()
    yes_no: tuple[YesNo, ...] = ()
    open_text: tuple[OpenText, ...] = ()
    indices: tuple[Index, ...] = ()
    sampling_frame: SamplingFrame | None = None
    wave: Factor | None = None
    unit: Factor | None = None  # the cluster respondents are sampled in (`unit: {column: ...}`)
    sample_by: str | None = None  # the factor the sample table is broken down by (`sample: {by: ...}`)
    id_aliases: tuple[str, ...] = ()
    na_values: tuple[str, ...] = NA_VALUES
    layout: str = "auto"
    row_ids: bool = False  # no id column: `id_column` (ROW_ID) holds each respondent's row number
    notes: tuple[str, ...] = field(default=(), compare=False)  # warnings about the codebook itself
    source: str = field(default="<codebook>", compare=False)

    def factor(self, column: str) -> Factor:
        return next(f for f in self.factors if f.column == column)

    @property
    def compared_factors(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.compare)

    @property
    def group_factors(self) -> tuple[Factor, ...]:
        """The compared factors other than the wave: the groups analysed within and across waves."""
        return tuple(f for f in self.compared_factors if f is not self.wave)

    @property
    def columns(self) -> list[str]:
        """Every column the codebook expects in the export, in codebook order (the id first, unless the rows are
        numbered instead); derived variables are computed in cleaning, so not among them (`derived_columns`)."""
        groups = (self.items, self.factors, self.covariates, self.yes_no, self.open_text)
        return [self.id_column] * (not self.row_ids) + [v.column for group in groups for v in group
                                                        if getattr(v, "derived", None) is None]

    @property
    def derived_columns(self) -> list[str]:
        """The columns of derived factors and yes/no questions, which cleaning adds to the processed data."""
        return [v.column for group in (self.factors, self.yes_no) for v in group if v.derived is not None]

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Per expected column, the other names it may have in an export (`aliases` in the codebook)."""
        groups = (self.items, self.factors, self.covariates, self.yes_no, self.open_text)
        own = {} if self.row_ids else {self.id_column: self.id_aliases}
        return own | {v.column: v.aliases for group in groups for v in group if getattr(v, "derived", None) is None}


def model_outcomes(models: dict, book: Codebook) -> list[str]:
    """The outcomes of a study's `models` config: its list of item columns, or every item (`all_items`, the
    default)."""
    outcomes = models.get("outcomes", "all_items")
    return [item.column for item in book.items] if outcomes == "all_items" else list(outcomes)


def _schema() -> dict:
    source = resources.files("likertpipe") / "schemas" / "codebook.schema.yaml"
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def parse_codebook(data: dict, source: str = "<codebook>") -> Codebook:
    """Validate a codebook mapping against the schema and the cross-references the schema cannot see."""
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        lines = [f"- at {'/'.join(map(str, e.path)) or '(top)'}: {_schema_message(e)}" for e in errors[:20]]
        raise LikertpipeError(
            f"{source}: the codebook does not follow the codebook schema:\n" + "\n".join(lines)
            + "\nFix the codebook; every field is documented in docs/codebook.md."
        )
    scales = {
        name: Scale(name, _levels(s["levels"]), _levels(s.get("dont_know", [])), _levels(s.get("missing", [])))
        for name, s in data["scales"].items()
    }

    def scale(ref: str, where: str) -> Scale:
        if ref not in scales:
            raise LikertpipeError(
                f"{source}: {where} names scale '{ref}', which is not defined under 'scales' "
                f"(defined: {', '.join(scales)}). Fix the scale name or add the scale."
            )
        return scales[ref]

    study = data["study"]
    row_ids = data.get("id_column") is None
    notes = ()
    if "id_column" not in data:
        notes = ("the codebook names no id_column, so respondents are identified by their row number in the export "
                 "(write `id_column: null` to say so, or name the export's id column)",)
    items = tuple(
        Item(i["column"], _label(i["label"]), scale(i["scale"], f"item {i['column']}"), _aliases(i))
        for i in data["items"]
    )
    codebook = Codebook(
        study_id=study["id"],
        title=_label(study.get("title", study["id"])),
        language=study.get("language", "en"),
        id_column=_row_id_name(data) if row_ids else data["id_column"],
        scales=scales,
        items=items,
        factors=tuple(
            Factor(f["column"], _label(f["label"]), _levels(f["levels"]), _levels(f.get("missing", [])),
                   f.get("compare", True), _aliases(f), _derivation(f), f.get("ordered", False))
            for f in data.get("factors", [])
        ),
        covariates=tuple(
            Covariate(c["column"], _label(c["label"]), c.get("min"), c.get("max"), _aliases(c))
            for c in data.get("covariates", [])
        ),
        yes_no=tuple(
            YesNo(q["column"], _label(q["label"]), scale(q["scale"], f"yes/no question {q['column']}"), q["yes_code"],
                  _aliases(q), _derivation(q))
            for q in data.get("yes_no", [])
        ),
        open_text=tuple(
            OpenText(t["column"], _label(t["label"]), t.get("comment", True), _aliases(t))
            for t in data.get("open_text", [])
        ),
        indices=tuple(_index(entry, items, source) for entry in data.get("indices", [])),
        sampling_frame=SamplingFrame(**data["sampling_frame"]) if "sampling_frame" in data else None,
        sample_by=data.get("sample", {}).get("by"),
        id_aliases=tuple(data.get("id_aliases", [])),
        na_values=tuple(data.get("na_values", NA_VALUES)),
        layout=data.get("layout", "auto"),
        row_ids=row_ids,
        notes=notes,
        source=source,
    )
    _check_references(codebook)
    _check_derived(codebook, data)
    if "wave" in data:
        codebook = replace(codebook, wave=_wave(data["wave"]["column"], codebook))
    if "unit" in data:
        codebook = replace(codebook, unit=_unit(data["unit"]["column"], codebook))
    return codebook


def _row_id_name(data: dict) -> str:
    """The processed id column of an export without one: ROW_ID, or ROW_ID with a number when a column of the
    codebook has that name."""
    groups = ("items", "factors", "covariates", "yes_no", "open_text")
    taken = {normalise(entry.get("column", "")) for group in groups for entry in data.get(group) or []}
    name, number = ROW_ID, 2
    while normalise(name) in taken:
        name, number = f"{ROW_ID}_{number}", number + 1
    return name


def _schema_message(error: jsonschema.ValidationError) -> str:
    """The schema's message, or for a name that is not a safe name, what names may be and how to keep the
    export's name (aliases)."""
    if error.validator != "pattern" or not isinstance(error.instance, str):
        return error.message
    field = error.path[-1] if error.path else ""
    value = quoted(error.instance)
    if field == "id" and list(error.path)[:1] == ["study"]:
        return (f"the study id {value} is not a safe name: it names the output folders (results/<id>/), so it "
                "must start with a lower-case letter and hold only lower-case letters a-z, digits and underscores. "
                f"Fix: use e.g. {quoted(slug(error.instance, lower=True))}, in the config's studies too.")
    if field == "id":
        return (f"the index id {value} is not a safe name: it must start with a letter and hold only letters A-Z, "
                f"digits and underscores. Fix: use e.g. {quoted(slug(error.instance))}.")
    where = "id_aliases" if field == "id_column" else "aliases"
    return (f"the column name {value} is not a safe name: likertpipe uses column names in file names (e.g. "
            "figures/likert_by_<factor>.png) and processed columns, so a name must start with a letter and hold "
            "only letters A-Z, digits and underscores. Fix: give the column a safe name and match the export's "
            f"name through {where}, e.g. {field}: {slug(error.instance)} with {where}: [{value}].")


def _aliases(entry: dict) -> tuple[str, ...]:
    return tuple(entry.get("aliases", []))


def _index(entry: dict, items: tuple[Item, ...], source: str) -> Index:
    by_column = {item.column: item for item in items}
    unknown = [c for c in entry["items"] + entry.get("reversed", []) if c not in by_column]
    if unknown:
        raise LikertpipeError(
            f"{source}: index '{entry['id']}' names {', '.join(unknown)}, not among the items. "
            "List item columns under the index's items (and reversed)."
        )
    repeated = sorted({c for c in entry["items"] if entry["items"].count(c) > 1})
    if repeated:
        raise LikertpipeError(f"{source}: index '{entry['id']}' lists {', '.join(repeated)} more than once. "
                              "List each item once.")
    stray = [c for c in entry.get("reversed", []) if c not in entry["items"]]
    if stray:
        raise LikertpipeError(f"{source}: index '{entry['id']}': reversed item(s) {', '.join(stray)} are not among "
                              "the index's items. Add them to items.")
    min_answered = entry.get("min_answered", len(entry["items"]))
    if min_answered > len(entry["items"]):
        raise LikertpipeError(f"{source}: index '{entry['id']}': min_answered {min_answered} exceeds its "
                              f"{len(entry['items'])} items.")
    return Index(entry["id"], _label(entry["label"]), tuple(by_column[c] for c in entry["items"]),
                 tuple(entry.get("reversed", [])), min_answered)


def _check_references(codebook: Codebook) -> None:
    source = codebook.source
    seen: set[str] = set()
    for column in codebook.columns + codebook.derived_columns:
        if column in seen:
            raise LikertpipeError(f"{source}: column {quoted(column)} is declared twice. Declare each column once.")
        seen.add(column)
    names: dict[str, tuple[str, str]] = {}
    for column, aliases in [*codebook.aliases.items(), *((c, ()) for c in codebook.derived_columns)]:
        for name in (column, *aliases):
            key = normalise(name)
            other, other_name = names.get(key, (column, name))
            if other != column:
                raise LikertpipeError(
                    f"{source}: columns {quoted(other)} ({quoted(other_name)}) and {quoted(column)} ({quoted(name)}) "
                    "have the same name "
                    "when compared ignoring case and spacing (aliases included). Give each column its own names."
                )
            names[key] = (column, name)
    for scale in codebook.scales.values():
        codes = scale.codes + scale.dont_know_codes + scale.missing_codes
        if len(set(codes)) != len(codes):
            raise LikertpipeError(
                f"{source}: scale '{scale.name}' uses a code twice across levels, dont_know and missing. "
                "Give every code one meaning."
            )
    for factor in codebook.factors:
        codes = factor.codes + tuple(lv.code for lv in factor.missing)
        if len(set(codes)) != len(codes):
            raise LikertpipeError(
                f"{source}: factor '{factor.column}' uses a code twice across levels and missing. "
                "Give every code one meaning."
            )
    for q in codebook.yes_no:
        if len(q.scale.levels) != 2:
            raise LikertpipeError(
                f"{source}: yes/no question {q.column} uses scale '{q.scale.name}' with {len(q.scale.levels)} levels; "
                "a yes/no scale has exactly two (yes and no)."
            )
        if q.yes_code not in q.scale.codes:
            raise LikertpipeError(
                f"{source}: yes/no question {q.column}: yes code {q.yes_code} is not a level of scale '{q.scale.name}'."
            )
    columns = {normalise(column): column for column in codebook.columns + codebook.derived_columns}
    for item in codebook.items:  # the processed data holds <item> and <item>_code
        other = columns.get(normalise(f"{item.column}_code"))
        if other:
            raise LikertpipeError(
                f"{source}: column {quoted(other)} has the name of the answer-code column of item "
                f"{quoted(item.column)} in the processed data ({item.column}_code, compared ignoring case). Fix: "
                "rename the column (and match the export's name through aliases)."
            )
    ids: dict[str, str] = {}
    for index in codebook.indices:
        key = normalise(index.id)
        if key in ids or key in columns:
            raise LikertpipeError(
                f"{source}: index id {quoted(index.id)} is used twice or is also a column (compared ignoring case). "
                "Give each index its own id."
            )
        ids[key] = index.id
    frame = codebook.sampling_frame
    if frame and frame.factor not in [f.column for f in codebook.factors]:
        raise LikertpipeError(
            f"{source}: sampling_frame.factor '{frame.factor}' is not a column under 'factors'. "
            "Name one of the factors."
        )
    if codebook.sample_by and codebook.sample_by not in [f.column for f in codebook.factors]:
        raise LikertpipeError(
            f"{source}: sample.by {quoted(codebook.sample_by)} is not a column under 'factors'. "
            "Name one of the factors (or leave `sample` out for the sample table overall only)."
        )


def _check_derived(codebook: Codebook, data: dict) -> None:
    """A derived variable names columns of the export of the right kind, and its levels say what they take in:
    every `from` code a level of the recoded factor and none twice, a `below` on every band but the last, in
    increasing order; no `from` or `below` outside a recode or cut, no aliases or missing codes (the export
    has no such column), and at most one way of deriving."""
    source = codebook.source
    entries = {entry["column"]: entry for group in ("factors", "yes_no") for entry in data.get(group) or []}
    factors = {f.column: f for f in codebook.factors if f.derived is None}
    covariates = {c.column for c in codebook.covariates}
    questions = {q.column for q in codebook.yes_no if q.derived is None}
    texts = {t.column for t in codebook.open_text}
    for variable in (*codebook.factors, *codebook.yes_no):
        entry = entries[variable.column]
        where = f"{source}: {'factor' if isinstance(variable, Factor) else 'yes/no question'} {quoted(variable.column)}"
        ways = [key for key in DERIVATIONS if key in entry]
        if len(ways) > 1:
            raise LikertpipeError(f"{where} is derived in more than one way ({', '.join(ways)}). Give one.")
        for key, allowed in (("from", "recode"), ("below", "cut")):
            if any(key in level for level in entry.get("levels", [])) and allowed not in entry:
                raise LikertpipeError(f"{where}: a level gives '{key}', which only a factor with '{allowed}' "
                                      f"uses. Remove it, or add '{allowed}'.")
        derived = variable.derived
        if derived is None:
            continue
        if entry.get("aliases") or entry.get("missing"):
            raise LikertpipeError(f"{where} is derived ({derived.kind}), so the export has no such column: remove "
                                  "its aliases and missing codes.")
        if derived.kind == "any_of":
            unknown = [c for c in derived.sources if c not in questions]
            if unknown:
                raise LikertpipeError(f"{where}: any_of names {', '.join(map(quoted, unknown))}, not a yes/no "
                                      f"question of the export (they are: {', '.join(questions) or 'none'}). Name "
                                      "yes/no questions that are not derived themselves.")
            if len(set(derived.sources)) != len(derived.sources):
                raise LikertpipeError(f"{where}: any_of names a question twice. Name each once.")
        elif derived.kind == "text_in":
            (name,) = derived.sources
            if name not in texts:
                raise LikertpipeError(f"{where}: text_in names {quoted(name)}, not an open-text column (they are: "
                                      f"{', '.join(texts) or 'none'}). Name one of the open_text columns.")
        elif derived.kind == "recode":
            (name,) = derived.sources
            if name not in factors:
                raise LikertpipeError(f"{where}: recode names {quoted(name)}, not a factor of the export (they are: "
                                      f"{', '.join(factors) or 'none'}). Name a factor that is not derived itself.")
            codes = [code for group in derived.mapping for code in group]
            unknown = sorted(set(codes) - set(factors[name].codes))
            if unknown or any(not group for group in derived.mapping):
                raise LikertpipeError(f"{where}: every level needs 'from' with codes of factor {quoted(name)}'s levels "
                                      f"({', '.join(map(str, factors[name].codes))}); found "
                                      f"{', '.join(map(str, unknown)) or 'a level without from'}.")
            twice = sorted({code for code in codes if codes.count(code) > 1})
            if twice:
                raise LikertpipeError(f"{where}: code(s) {', '.join(map(str, twice))} of {quoted(name)} are in more "
                                      "than one level's 'from'. Put each code in one level.")
        else:
            (name,) = derived.sources
            if name not in covariates:
                raise LikertpipeError(f"{where}: cut names {quoted(name)}, not a covariate (they are: "
                                      f"{', '.join(covariates) or 'none'}).")
            bounds = derived.mapping
            if any(b is None for b in bounds[:-1]) or bounds[-1] is not None or list(bounds[:-1]) != sorted(
                    set(bounds[:-1])):
                raise LikertpipeError(f"{where}: every band but the last needs 'below', in increasing order, and "
                                      "the last none (it is open-ended).")


def _named_factor(codebook: Codebook, key: str, column: str, what: str) -> Factor:
    """The factor a codebook key (`wave.column`, `unit.column`) names, or one error saying how to declare it."""
    factors = {f.column: f for f in codebook.factors}
    if column not in factors:
        raise LikertpipeError(
            f"{codebook.source}: {key} {quoted(column)} is not a column under 'factors' "
            f"(factors: {', '.join(factors) or 'none'}). Declare {what} as a factor and name it here."
        )
    return factors[column]


def _wave(column: str, codebook: Codebook) -> Factor:
    """The factor named by `wave.column`; its level codes must increase in the order listed (time order)."""
    source = codebook.source
    wave = _named_factor(codebook, "wave.column", column, "the wave (e.g. the survey year)")
    codes = wave.codes
    if len(codes) < 2 or list(codes) != sorted(codes):
        raise LikertpipeError(
            f"{source}: the wave factor '{column}' needs at least two levels listed in time order with increasing "
            f"codes (found {', '.join(map(str, codes))}). Order the levels earliest first, e.g. codes 1, 2, 3 "
            "labelled with the years."
        )
    return wave


def _unit(column: str, codebook: Codebook) -> Factor:
    """The factor named by `unit.column` (the clusters respondents are sampled in)."""
    unit = _named_factor(codebook, "unit.column", column, "the unit (e.g. the municipality)")
    if column == (codebook.wave.column if codebook.wave else None):
        raise LikertpipeError(f"{codebook.source}: unit.column {quoted(column)} is the wave; name the factor "
                              "holding the cluster (e.g. the municipality).")
    return unit


def load_codebook(path: str | Path) -> Codebook:
    """Read a codebook YAML file; raise LikertpipeError naming the file on any problem."""
    path = Path(path)
    check_readable(path, "codebook")
    size = path.stat().st_size
    if size > MAX_CODEBOOK_BYTES:
        raise LikertpipeError(f"{path}: the codebook is {size:,} bytes, more than the {MAX_CODEBOOK_BYTES:,} "
                              "likertpipe reads. Check the 'codebook' path in the config: it should name the "
                              "study's codebook YAML, not a data file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LikertpipeError(f"{path}: byte {exc.start} is not UTF-8 text. Fix: save the codebook as UTF-8.") \
            from None
    return parse_codebook(load_yaml(text, str(path)), source=str(path))


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases (&name, *name): a few lines of aliases can stand for
    billions of nodes (an "alias bomb"), and a codebook never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent) or getattr(self.peek_event(), "anchor", None):
            event = self.peek_event()
            kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            mark = event.start_mark
            raise LikertpipeError(
                f"{self.name}: line {mark.line + 1}, column {mark.column + 1}: a YAML {kind} "
                f"({'*' if kind == 'alias' else '&'}{visible(event.anchor)}). Codebooks may not use anchors and "
                "aliases (&name, *name), which let a few lines expand without bound. Fix: write the repeated part "
                "out in full."
            )
        return super().compose_node(parent, index)


def load_yaml(text: str, source: str):
    """Parse codebook YAML (no anchors or aliases, see _NoAliasLoader); a LikertpipeError naming `source`."""
    loader = _NoAliasLoader(text)
    loader.name = source
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise LikertpipeError(f"{source}: not valid YAML: {exc}. Fix the codebook's syntax.") from None
    except RecursionError:
        raise LikertpipeError(f"{source}: the YAML is nested too deeply to be a codebook. Fix the codebook's "
                              "syntax (unclosed brackets?).") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise LikertpipeError(f"{source}: a codebook must be a YAML mapping (study:, scales:, items: ...).")
    return data


DISPLAY_ONLY = ("title", "language")
"""Keys of the codebook's `study` entry that only label the outputs."""


def analysis_digest(path: str) -> str:
    """SHA-256 of the codebook at `path` without what only labels the outputs (every `label` but those of answer
    levels, which read answers given as label text, and the study's title and language): a rule parameter of the
    computing jobs, which read the codebook without its timestamp counting (`ancient`) while the cleaning job's
    record says it analysed the same (`provenance.analysed_as_recorded`), so only a change to what is analysed
    reruns them."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)

    def facts(node):
        if isinstance(node, dict):
            keep = "code" in node  # an answer level: its label reads text answers
            return {key: facts(value) for key, value in node.items() if keep or key != "label"}
        if isinstance(node, list):
            return [facts(value) for value in node]
        return node

    analysed = facts(data)
    if isinstance(analysed.get("study"), dict):
        analysed["study"] = {k: v for k, v in analysed["study"].items() if k not in DISPLAY_ONLY}
    return hashlib.sha256(json.dumps(analysed, sort_keys=True, default=str).encode()).hexdigest()
