"""Rendering the protected result tables for reading: display cells in a language, then one document per
format (Markdown, HTML, LaTeX) holding every table of a study, numbered once (`table_numbers`). Most tables
are shown as written; the sample table, the descriptives, Dunn's pairs, the change across waves and the yes/no
table in the form papers print, narrow enough for a page (`sample_reading`, `shown_columns`, `yes_no_reading`),
and a Kruskal-Wallis table as two: its tests, one row each (`kruskal_tests`), and their levels' mean ranks by
label (`mean_ranks`).

Cells are formatted by likertpipe.formatting (rounding per column, the decimal mark). A value disclosure
control hid (named in the row's `suppressed` column, see likertpipe.protect) shows ":". The language changes
only headings, titles, notes, words and the decimal mark, all from likertpipe.i18n.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from likertpipe import i18n
from likertpipe.codebook import Codebook
from likertpipe.formatting import format_value, magnitude, missing
from likertpipe.i18n import heading, value_word, word
from likertpipe.protect import MARKER, SUPPRESSED
from likertpipe.protect import hidden as hidden_cells

# The order in which tables are numbered, in every format and in tables.docx (names not listed follow,
# alphabetically).
TABLE_ORDER = (
    "sample", "response_rates", "descriptives", "yes_no", "frequencies", "descriptives_weighted", "indices",
    "reliability", "kruskal_wallis", "mean_ranks", "dunn", "correlations", "descriptives_by_wave",
    "indices_by_wave", "kruskal_wallis_by_wave", "mean_ranks_by_wave", "wave_change", "open_text", "coding_tally",
    "trend", "models", "model_tests", "difference_in_change",
)

# A Kruskal-Wallis table is shown as its tests and, in a table of its own, their levels' mean ranks (named here).
RANKS = {"kruskal_wallis": "mean_ranks", "kruskal_wallis_by_wave": "mean_ranks_by_wave"}
_TEST_COLUMNS = ("wave", "item", "item_label", "factor", "n", "H", "df", "p", "p_holm", "p_bh", "epsilon_sq")
# A factor and a wave are shown by their labels alone.
_BY_LABEL = {"wave": "wave_label", "factor": "factor_label"}

# Tables shown in a reading form narrow enough for a portrait page, headed by APA's symbols (display's `short`).
NARROW = ("descriptives", "yes_no")

# Tables published as CSV only: the counts behind a figure, too long to read as a table.
FIGURE_DATA = ("frequencies_by_factor", "item_by_factor")

_NUMBER = re.compile(r"^(-?\d*[.,]?\d+|< ?[.,]\d+|:)$")  # a displayed number (or the suppression marker)


def display(table: pd.DataFrame, name: str, language: str, short: bool = False) -> pd.DataFrame:
    """The table as text cells for reading (see `format_value`), headed by the columns' headings in
    `language` (with `short`, APA's symbols where i18n.SHORT_HEADINGS has them; a column whose heading another
    column shares keeps its name); hidden values as MARKER, and no `suppressed` column. Codes and labels pass
    through as they are in the table."""
    columns = [c for c in table.columns if c != SUPPRESSED]
    headings = [heading(c, language, short) for c in columns]
    headings = [h if headings.count(h) == 1 else c for h, c in zip(headings, columns, strict=True)]

    def shown(column: str) -> list[str]:
        hidden = hidden_cells(table, column)
        return [MARKER if hide else format_value(v, column, language, columns)
                for v, hide in zip(table[column], hidden, strict=True)]

    cells = {h: shown(c) for h, c in zip(headings, columns, strict=True)}
    return pd.DataFrame(cells, index=range(len(table)), columns=headings, dtype=object)


def sample_reading(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The sample table (labelled, as protected) in the form papers print as their Table 1: one row per factor
    level, covariate summary and yes/no question, one column for all respondents and one per level of the `by`
    factor (with its N), then the test of the row against those levels and its Holm-adjusted p. Hidden values
    are MARKER."""
    groups = [g for g in dict.fromkeys(table["group"]) if not missing(g)]
    columns = [pd.NA, *groups]

    def hide(row: pd.Series, column: str) -> bool:
        return column in str(row.get(SUPPRESSED) or "").split()

    def cell(row: pd.Series, value: str, *used: str) -> str:
        return MARKER if any(hide(row, c) for c in used) else value

    def num(row: pd.Series, column: str) -> str:
        return format_value(row[column], column, language)

    def group_heading(group) -> str:
        rows = table[table["group"].isna()] if missing(group) else table[table["group"] == group]
        shown = [row for _, row in rows.iterrows() if not hide(row, "respondents")]
        name = word("everyone", language) if missing(group) else rows.iloc[0]["group_label"]
        return f"{name} (N = {num(shown[0], 'respondents') if shown else MARKER})"

    lines = []
    for _, rows in table.groupby("variable", sort=False):
        first = rows.iloc[0]
        test = {"test": value_word("test", str(first["test"]), language) if not missing(first["test"]) else "",
                "p": cell(first, format_value(first["p_holm"], "p_holm", language), "p_holm")}
        per_group = {}  # row label -> {group: text}
        kind = first["kind"]
        for _, row in rows.iterrows():
            group = row["group"]
            key = pd.NA if missing(group) else group
            if kind == "factor" and row["row_type"] == "missing":
                if not (row["n"] > 0 if not missing(row["n"]) else hide(row, "n")):
                    continue
                label, text = "  " + word("missing_answer", language), cell(row, num(row, "n"), "n")
                per_group.setdefault(label, {})[key] = text
            elif kind == "factor":
                label = "  " + str(row["level_label"])
                text = cell(row, f"{num(row, 'n')} ({num(row, 'valid_percent')})", "n", "valid_percent")
                per_group.setdefault(label, {})[key] = text
            elif kind == "covariate":
                per_group.setdefault("  " + word("mean_sd", language), {})[key] = cell(
                    row, f"{num(row, 'mean')} ({num(row, 'sd')})", "mean", "sd")
                if not hide(row, "median"):  # hidden where it could be one respondent's value
                    per_group.setdefault("  " + word("median_quartiles", language), {})[key] = cell(
                        row, f"{num(row, 'median')} ({num(row, 'q1')}–{num(row, 'q3')})", "q1", "q3")
            else:  # a yes/no question: one line
                per_group.setdefault("", {})[key] = cell(row, f"{num(row, 'n_yes')} ({num(row, 'percent_yes')})",
                                                          "n_yes", "percent_yes")
        title = {"label": str(first["label"])} | test
        lines.append(title | per_group.pop("", {}))  # a yes/no question's own line holds its numbers
        lines += [{"label": label} | cells for label, cells in per_group.items()]
    headings = [word("characteristic", language)] + [group_heading(g) for g in columns]
    headings += [heading("test", language), heading("p_holm", language)]
    rows = [[line.get("label", "")] + [line.get(g if not missing(g) else pd.NA, "") for g in columns]
            + [line.get("test", ""), line.get("p", "")] for line in lines]
    return pd.DataFrame(rows, columns=headings, dtype=object)


def _hidden_names(row: pd.Series) -> list[str]:
    value = row.get(SUPPRESSED)
    return [] if missing(value) else str(value).split()


def kruskal_tests(table: pd.DataFrame) -> pd.DataFrame:
    """The tests of a Kruskal-Wallis table (labelled, as protected; by wave too), one row each, in the form
    journals print: item, factor, n, H, df, p, the adjusted p, ε² and its `magnitude` in words
    (formatting.magnitude: Field 2013), with the `suppressed` column (the magnitude hidden with ε²). The levels'
    n and mean ranks are `mean_ranks`; η²H and the codes of dropped levels stay in the CSV. The factor (and
    wave) by label."""
    tests = table.assign(**{code: table[label] for code, label in _BY_LABEL.items() if code in table.columns})
    tests = tests[[c for c in _TEST_COLUMNS if c in tests.columns]].copy()
    tests["magnitude"] = [magnitude(value) for value in table["epsilon_sq"]]
    tests[SUPPRESSED] = [" ".join(names + (["magnitude"] if "epsilon_sq" in names else []))
                         for names in (_hidden_names(row) for _, row in table.iterrows())]
    return tests


# The columns of the descriptives as the documents show them: the article's Table 3 (valid and missing answers,
# mean, median, SD, percent in the top levels); mode, quartiles, the interval, the bottom levels and don't know
# are in the CSV.
DESCRIPTIVES_SHOWN = ("item", "label", "n_valid", "n_missing", "mean", "median", "sd", "agree_percent")


# Dunn's pairs in the form papers print: the pair, its n, z, p and the Holm-adjusted p of the configured family;
# the mean ranks are in the mean-rank table, the other adjustments in the CSV.
DUNN_SHOWN = ("item", "factor_label", "level1_label", "level2_label", "n1", "n2", "z", "p", "p_holm")


# The change from the first to the last wave in the form papers print: the group, the variable, each wave's n
# and mean, z, the Holm-adjusted p and r; the waves' codes and medians, U, p, p (BH) and the rank-biserial
# correlation are in the CSV.
WAVE_CHANGE_SHOWN = ("group_label", "variable", "n_first", "n_last", "mean_first", "mean_last", "z", "p_holm", "r")


# The difference in change and each group's own change as the reader needs them: what is compared (variable,
# comparison, group and reference group, contrast, role), n, the estimate with its wild cluster bootstrap
# interval, p and the Holm-adjusted p of its family; the CR1 figures, the waves, clusters, weights, draws, BH
# and the notes are in the CSV.
DIFFERENCE_IN_CHANGE_SHOWN = ("label", "comparison", "group_label", "reference_label", "contrast", "role", "n",
                              "estimate", "ci_low", "ci_high", "p", "p_holm")

# The proportional-odds models in the form papers print: per item and predictor level (against its reference)
# the model's n, the odds ratio with its 95% interval, p and the Holm-adjusted p, and why there is none; the
# codes, log odds ratio, SE, z and p (BH) are in the CSV. Their tests: per item and predictor each test's n,
# chi-square, df, p and Holm-adjusted p, and why there is none; p (BH) and the codes are in the CSV.
MODELS_SHOWN = ("outcome", "predictor_label", "level_label", "reference_label", "n", "odds_ratio", "ci_low",
                "ci_high", "p", "p_holm", "note")
MODEL_TESTS_SHOWN = ("outcome", "predictor_label", "test", "n", "chi2", "df", "p", "p_holm", "note")

READING_COLUMNS = {"descriptives": DESCRIPTIVES_SHOWN, "dunn": DUNN_SHOWN, "wave_change": WAVE_CHANGE_SHOWN,
                   "difference_in_change": DIFFERENCE_IN_CHANGE_SHOWN, "models": MODELS_SHOWN,
                   "model_tests": MODEL_TESTS_SHOWN}
"""The tables the documents show in a reading form of these columns (`shown_columns`); the CSV keeps all."""


def shown_columns(table: pd.DataFrame, shown: tuple[str, ...]) -> pd.DataFrame:
    """The columns `shown` of a protected table (labelled) with its `suppressed` column (what it names of the
    others left out): a reading form narrow enough for a page."""
    columns = [c for c in shown if c in table.columns]
    reading = table[columns].copy()
    reading[SUPPRESSED] = [" ".join(n for n in _hidden_names(row) if n in columns) for _, row in table.iterrows()]
    return reading


_YES_NO_SHOWN = ("label", "n", "percent_yes", "ci_low", "ci_high", "test", "p_holm", "cramers_v")
_YES_NO_TEST = ("test", "p_holm", "cramers_v")


def yes_no_reading(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The yes/no table (labelled, as protected) in the form papers print, narrow enough for a portrait page: per
    question a line with its n and percent yes of valid answers (95% interval), then per factor a line with the
    test against its levels (test, Holm-adjusted p, Cramér's V; why there is none when there is none), and a
    line per level with its n and percent yes. Labels indented under their question ("  "), as `sample_reading`
    does; the `suppressed` column names what is hidden of each line. n yes, p, p (BH), the statistic and df are
    in the CSV."""
    lines = []

    def line(label: str, row: pd.Series, columns: tuple[str, ...]) -> dict:
        hidden = [name for name in _hidden_names(row) if name in columns]
        return {"label": label, **{c: row[c] for c in columns}, SUPPRESSED: " ".join(hidden)}

    share = ("n", "percent_yes", "ci_low", "ci_high")
    for _, rows in table.groupby("variable", sort=False):
        overall = rows[rows["factor"].isna()]
        first = overall.iloc[0] if len(overall) else rows.iloc[0]
        lines.append(line(str(first["label"]), first, share) if len(overall) else {"label": str(first["label"])})
        for _, levels in rows[rows["factor"].notna()].groupby("factor", sort=False):
            test = levels.iloc[0]
            tested = line("  " + str(test["factor_label"]), test, _YES_NO_TEST)
            if missing(test["test"]) and not missing(test.get("test_note")):
                tested["test"] = value_word("test_note", str(test["test_note"]), language)
            lines.append(tested)
            lines += [line("    " + str(row["group_label"]), row, share) for _, row in levels.iterrows()]
    frame = pd.DataFrame(lines, columns=[*_YES_NO_SHOWN, SUPPRESSED])
    frame[SUPPRESSED] = frame[SUPPRESSED].fillna("")
    return frame.astype({"n": "Int64"})


_STATE_COLUMNS = {"valid": "n_valid", "dont_know": "n_dont_know", "declared_missing": "n_declared_missing",
                  "blank": "n_blank"}


def answer_states(frequencies: pd.DataFrame) -> pd.DataFrame:
    """Per item of the frequencies table (as protected) its answers by state, as the cleaning found them: valid
    (a scale level), don't know, declared missing and blank, each the sum of its codes' published counts; a sum
    with a hidden count is hidden (the `suppressed` column names it). The cleaning report's table of answers
    per item, as the protected tables publish it (the report itself is local working material)."""
    rows = []
    for item, codes in frequencies.groupby("item", sort=False):
        row, hidden = {"item": item}, []
        for state, column in _STATE_COLUMNS.items():
            counts = codes[codes["status"] == state]
            row[column] = int(counts["count"].fillna(0).sum())
            if any("count" in _hidden_names(code) for _, code in counts.iterrows()):
                hidden.append(column)
        rows.append(row | {SUPPRESSED: " ".join(hidden)})
    return pd.DataFrame(rows, columns=["item", *_STATE_COLUMNS.values(), SUPPRESSED])


def mean_ranks(table: pd.DataFrame, book: Codebook, language: str) -> pd.DataFrame:
    """The levels of each test of a Kruskal-Wallis table (labelled, as protected), one row each: (wave,) item,
    factor and `group` by label in `language` (every level of the factor, in codebook order), its `n` and
    `mean_rank` (empty where nobody answered: such a level is left out of the test), with the `suppressed`
    column naming what the plan hid of the level (`n`, `mean_rank`)."""
    factors = {factor.column: factor for factor in book.factors}
    rows = []
    for _, row in table.iterrows():
        hidden = _hidden_names(row)
        factor = factors[row["factor"]]
        for code in factor.codes:
            rows.append({
                **({"wave": row["wave_label"]} if "wave" in table.columns else {}),
                "item": row["item"], "factor": row["factor_label"], "group": factor.level_label(code, language),
                "n": row[f"n_{code}"], "mean_rank": row[f"mean_rank_{code}"],
                SUPPRESSED: " ".join(name for name in ("n", "mean_rank") if f"{name}_{code}" in hidden),
            })
    columns = (["wave"] if "wave" in table.columns else []) + ["item", "factor", "group", "n", "mean_rank",
                                                                SUPPRESSED]
    return pd.DataFrame(rows, columns=columns).astype({"n": "Int64", "mean_rank": float})


def caption(name: str, language: str, number: int | None = None) -> str:
    """The table's title, numbered ("Tabell 3. ...") when a number is given."""
    title = i18n.title(name, language)
    return f"{word('table', language)} {number}. {title}" if number is not None else title


def note_text(name: str, language: str) -> str:
    """The note under the table ("Merknad. ..."), "" for a table without a note."""
    remark = i18n.note(name, language)
    return f"{word('note', language)}. {remark}" if remark else ""


def table_numbers(names: Iterable[str]) -> dict[str, int]:
    """Number the tables of a study 1, 2, ... in TABLE_ORDER (other names after, alphabetically)."""
    known = [n for n in TABLE_ORDER if n in names]
    return {name: i for i, name in enumerate(known + sorted(set(names) - set(known)), start=1)}


def _text(value) -> str:
    return "" if missing(value) else str(value)


def numeric_column(cells: pd.Series) -> bool:
    """A column is right-aligned when every non-empty cell is a number (or the suppression marker)."""
    shown = [_text(c) for c in cells if _text(c)]
    return bool(shown) and all(_NUMBER.match(c) for c in shown)


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells: display cells stay, other values (a table not passed through `display`) are formatted."""
    columns = list(frame.columns)
    return pd.DataFrame({
        c: [v if isinstance(v, str) else format_value(v, c, columns=columns) for v in frame[c]] for c in columns
    }, index=range(len(frame)), columns=columns, dtype=object)


def to_markdown(table: pd.DataFrame, title: str = "", note: str = "") -> str:
    """A GitHub-flavoured Markdown pipe table, title above in bold and note below when given."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    cells = _cells(table)
    header = "| " + " | ".join(cell(str(c)) for c in cells.columns) + " |"
    align = "|" + "|".join("---:" if numeric_column(cells[c]) else "---" for c in cells.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in cells.itertuples(index=False)]
    lines = [f"**{cell(title)}**", ""] if title else []
    lines += [header, align, *body]
    return "\n".join(lines) + "\n" + (f"\n{note}\n" if note else "")


_RIGHT = ' style="text-align: right; white-space: nowrap"'  # a number never wraps ("< ,001")


def _indent(text: str) -> int:
    """The leading spaces of a cell: `sample_reading` and `yes_no_reading` indent a variable's levels by them."""
    return len(text) - len(text.lstrip(" "))


def to_html(table: pd.DataFrame, title: str = "", note: str = "") -> str:
    """An HTML fragment: a <table> with the title as <caption> in a <div class="scroll"> (HTML_STYLE lets it scroll
    sideways when wider than the page), then the note as <p class="note">; escaped."""
    cells = _cells(table)
    right = [numeric_column(cells[c]) for c in cells.columns]

    def cell(value, tag: str, align_right: bool) -> str:
        text = str(value)
        indent = _indent(text)  # the levels under a variable in the readings ("  "): kept, as HTML drops spaces
        style = _RIGHT if align_right else f' style="padding-left: {0.6 + indent / 2:g}em"' if indent else ""
        return f"<{tag}{style}>{html.escape(text.lstrip(' '))}</{tag}>"

    def row(values, tag: str) -> str:
        return "<tr>" + "".join(cell(v, tag, r) for v, r in zip(values, right, strict=True)) + "</tr>"

    # The table scrolls sideways in its own box when it is wider than the page even with its text wrapped.
    lines = ['<div class="scroll">', "<table>"]
    if title:
        lines.append(f"<caption>{html.escape(title)}</caption>")
    lines += ["<thead>", row(cells.columns, "th"), "</thead>", "<tbody>"]
    lines += [row(values, "td") for values in cells.itertuples(index=False)]
    lines += ["</tbody>", "</table>", "</div>"]
    if note:
        lines.append(f'<p class="note">{html.escape(note)}</p>')
    return "\n".join(lines) + "\n"


_LATEX = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "ε": r"$\varepsilon$", "η": r"$\eta$", "ρ": r"$\rho$", "τ": r"$\tau$", "α": r"$\alpha$", "²": r"$^2$",
    "–": "--", "−": "$-$", "«": r"\guillemotleft{}", "»": r"\guillemotright{}", "≤": r"$\leq$", "≥": r"$\geq$",
    "×": r"$\times$", "…": r"\ldots{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
# The packages tables.tex needs (README "Outputs" states them; tables.tex repeats them in its first lines).
LATEX_PREAMBLE = ("\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{array}\n"
                  "\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage{pdflscape}\n")
_LONG_TEXT = 30  # characters: text columns with longer cells wrap at this width
_SHORT_HEADING = 12  # characters: a heading this short stays on one line; longer ones wrap between words
# The widths a table is laid out in: the article class's text width, and its text height on Letter and A4 (the
# line width of a landscape page); per font size (LaTeX's name, pt) a generous average character width (pt; the
# Computer Modern designs of small sizes are relatively wide) and the column separation.
_PORTRAIT_PT, _LANDSCAPE_PT = 345.0, 550.0
_LAYOUTS = ((False, "small", 4.8, 6.0), (False, "small", 4.8, 4.0), (True, "small", 4.8, 4.0),
            (True, "footnotesize", 4.4, 4.0), (True, "scriptsize", 4.1, 4.0))


def latex_escape(text: str) -> str:
    """Text safe in LaTeX body text with LATEX_PREAMBLE (æøå pass through to inputenc; Greek becomes math)."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], text)


def column_widths(cells: pd.DataFrame) -> list[tuple[int, int]]:
    """Per column of display cells its (natural, least) width in characters, for the documents that set widths
    (LaTeX, Word): natural is the widest cell (text wrapping at _LONG_TEXT characters) or the heading when
    short; least is the longest word of a cell or the heading (a number never wraps)."""
    widths = []
    for column in cells.columns:
        heading = str(column)
        numeric = numeric_column(cells[column])
        body = max((len(str(value)) for value in cells[column]), default=0)
        words = max((len(word) for text in [heading, *cells[column]] for word in str(text).split()), default=1)
        least = max(body, words) if numeric else words
        widths.append((max(min(body, _LONG_TEXT), least, len(heading) if len(heading) <= _SHORT_HEADING else 1),
                       least))
    return widths


def fit_widths(widths: list[tuple[int, int]], char: float, pad: float, room: float) -> list[float] | None:
    """Column widths (`column_widths`, `char` per character and `pad` around each column) within `room`: the
    natural widths when they fit, else the least widths with the room left shared out by what each column would
    take more; None when even the least widths do not fit."""
    natural, least = [n for n, _ in widths], [m for _, m in widths]
    if sum(n * char + pad for n in natural) <= room:
        return [n * char for n in natural]
    left = room - sum(m * char + pad for m in least)
    if left < 0:
        return None
    share = left / (char * sum(n - m for n, m in widths))
    return [(m + share * (n - m)) * char for n, m in widths]


def fit_portrait(widths: list[tuple[int, int]], char: float, pad: float, room: float) -> list[float] | None:
    """`fit_widths` within a portrait page's `room` when every column keeps at least half its natural width (or
    its least, when more: a long text wrapped into a sliver reads badly): the widths of a table that stays portrait
    with its text wrapped; None when it should go landscape."""
    fitted = fit_widths(widths, char, pad, room)
    if fitted is None or any(w < min(n, max(m, n / 2)) * char - 1e-9 for w, (n, m) in zip(fitted, widths, strict=True)):
        return None
    return fitted


def _latex_layout(widths: list[tuple[int, int]]) -> tuple[bool, str, float, list[float]]:
    r"""(landscape, font size, column separation in pt, column widths in pt) of a table: portrait in \small when
    its natural widths fit, or its text wrapped (`fit_portrait`), with LaTeX's column separation or a narrower
    one; else the first landscape layout of _LAYOUTS
    where its natural widths fit; else landscape in the largest size where its least widths fit, the room left
    shared out; else its least widths in \scriptsize, running over the margin (a table is never shrunk
    further)."""
    portraits, landscapes = [layout for layout in _LAYOUTS if not layout[0]], [layout for layout in _LAYOUTS
                                                                              if layout[0]]
    for landscape, size, char, sep in portraits:
        portrait = fit_portrait(widths, char, 2 * sep, _PORTRAIT_PT)
        if portrait is not None:
            return landscape, size, sep, portrait
    for landscape, size, char, sep in landscapes:
        if sum(n * char + 2 * sep for n, _ in widths) <= _LANDSCAPE_PT:
            return landscape, size, sep, fit_widths(widths, char, 2 * sep, _LANDSCAPE_PT)
    for landscape, size, char, sep in landscapes:
        fitted = fit_widths(widths, char, 2 * sep, _LANDSCAPE_PT)
        if fitted is not None:
            return landscape, size, sep, fitted
    landscape, size, char, sep = _LAYOUTS[-1]
    return landscape, size, sep, [m * char for _, m in widths]


def note_parts(note: str, language: str) -> tuple[str, str]:
    """A table note split into its lead word ("Merknad.", set in italics as APA does) and the rest."""
    lead = f"{word('note', language)}."
    return (lead, note[len(lead):].lstrip()) if note.startswith(lead) else ("", note)


def to_latex(table: pd.DataFrame, title: str = "", note: str = "", label: str = "",
             number: int | None = None, language: str = "en") -> str:
    """A booktabs `longtable` (it breaks across pages, its header repeated) with \\caption, numbered `number`
    when given and named "Tabell"/"Table" in `language`, and the note below; a table wider than the text in a
    landscape page (`_latex_layout`). Needs the packages of LATEX_PREAMBLE."""
    cells = _cells(table)
    landscape, size, sep, widths = _latex_layout(column_widths(cells))
    aligns = [r"\raggedleft" if numeric_column(cells[c]) else r"\raggedright" for c in cells.columns]
    specs = "".join(f">{{{align}\\arraybackslash}}p{{{width:.1f}pt}}"
                    for align, width in zip(aligns, widths, strict=True))

    def cell(value) -> str:
        text = str(value)
        indent = _indent(text)  # the levels under a variable in the readings: kept, as LaTeX drops spaces
        return (f"\\hspace*{{{indent / 2:g}em}}" if indent else "") + latex_escape(text.lstrip(" "))

    def row(values) -> str:
        return " & ".join(cell(v) for v in values) + r" \\"

    head = [r"\toprule", row(cells.columns), r"\midrule"]
    lines = [r"\begingroup", f"\\renewcommand{{\\tablename}}{{{latex_escape(word('table', language))}}}",
             f"\\{size}", f"\\setlength{{\\tabcolsep}}{{{sep:g}pt}}"]
    if number is not None:
        lines.append(f"\\setcounter{{table}}{{{number - 1}}}")
    lines.append(f"\\begin{{longtable}}{{{specs}}}")
    if title or label:
        lines.append((f"\\caption{{{latex_escape(title)}}}" if title else "")
                     + (f"\\label{{tab:{label}}}" if label else "") + r"\\")
    lines += [*head, r"\endfirsthead", *head, r"\endhead"]
    lines += [row(values) for values in cells.itertuples(index=False)]
    lines += [r"\bottomrule", r"\end{longtable}"]
    if note:
        lead, rest = note_parts(note, language)
        lead = f"\\textit{{{latex_escape(lead)}}} " if lead else ""
        lines.append(f"{{\\footnotesize {lead}{latex_escape(rest)}\\par}}")
    lines.append(r"\endgroup")
    if landscape:
        lines = [r"\begin{landscape}", *lines, r"\end{landscape}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Entry:
    """One table of a study as every document shows it."""

    name: str
    number: int
    shown: pd.DataFrame  # `display` cells
    note: str  # `note_text`, "" for none
    language: str
    values: pd.DataFrame | None = None  # what `shown` was made from, column by column (None: text only)

    @property
    def caption(self) -> str:
        return caption(self.name, self.language, self.number)

    @property
    def title(self) -> str:
        return i18n.title(self.name, self.language)


def document_tables(names: Iterable[str]) -> list[str]:
    """The tables the documents hold for the result tables `names`, in their numbered order: all but the counts
    behind figures (FIGURE_DATA), a Kruskal-Wallis table followed by its mean ranks (RANKS)."""
    shown = [name for name in names if name not in FIGURE_DATA]
    shown += [RANKS[name] for name in shown if name in RANKS]
    numbers = table_numbers(shown)
    return sorted(shown, key=numbers.get)


def document_numbers(names: Iterable[str]) -> dict[str, int]:
    """The number of each table the documents hold for the result tables `names` (`document_tables`), in that
    order: "Tabell 3" of tables.docx, .xlsx, .md, .html, .tex and of the results text's references."""
    return {name: number for number, name in enumerate(document_tables(names), start=1)}


def entries(tables: Mapping[str, pd.DataFrame], book: Codebook, language: str) -> list[Entry]:
    """Every table of a study (labelled, as protected) as the documents show it, in `document_tables` order and
    numbered so: the input of every document."""
    readings = {}
    for name, table in tables.items():
        if name in RANKS:
            readings[name] = kruskal_tests(table)
            readings[RANKS[name]] = mean_ranks(table, book, language)
        elif name in READING_COLUMNS:
            readings[name] = shown_columns(table, READING_COLUMNS[name])
        elif name == "yes_no":
            readings[name] = yes_no_reading(table, language)
        elif name not in FIGURE_DATA:
            readings[name] = table

    def entry(number: int, name: str) -> Entry:
        note = note_text(name, language)
        if name == "sample":
            return Entry(name, number, sample_reading(readings[name], language), note, language)
        values = readings[name].drop(columns=SUPPRESSED, errors="ignore").reset_index(drop=True)
        shown = display(readings[name], name, language, short=name in NARROW)
        return Entry(name, number, shown, note, language, values)

    return [entry(number, name) for name, number in document_numbers(tables).items()]


def markdown_document(tables: list[Entry]) -> str:
    """Every table as a Markdown pipe table, numbered title above and note below."""
    return "\n".join(to_markdown(t.shown, t.caption, t.note) for t in tables)


# The style of every HTML page of likertpipe, scoped to the class "likertpipe" of the page's content so that the
# Snakemake report can show a page inside its own (workflow/report/workflow.rst): text wraps at a readable width,
# a table's text cells wrap before the table scrolls sideways in its box (at most a window high, so that its
# scroll bar is in sight, the header row staying on top), numbers never wrap, figures shrink to the page.
HTML_STYLE = (
    ".likertpipe{font-family:sans-serif;line-height:1.4;color:#222;margin:2em}"
    ".likertpipe h1,.likertpipe h2,.likertpipe p,.likertpipe ul,.likertpipe ol{max-width:60em}"
    ".likertpipe .scroll{overflow:auto;max-width:100%;max-height:85vh}"
    ".likertpipe table{border-collapse:collapse;margin:1.5em 0 .3em;font-size:.9em;width:auto}"
    ".likertpipe caption{text-align:left;font-weight:bold;padding-bottom:.4em}"
    ".likertpipe th,.likertpipe td{padding:.15em .6em;border-bottom:1px solid #ccc;vertical-align:top}"
    ".likertpipe thead th{border-bottom:2px solid #333;vertical-align:bottom;position:sticky;top:0;background:#fff}"
    ".likertpipe .note{font-size:.85em;max-width:60em;margin-top:.3em}"
    ".likertpipe figure{margin:1.5em 0}.likertpipe figure img{width:100%;max-width:52em;height:auto}"
    ".likertpipe figcaption{font-weight:bold;font-size:1em;color:inherit;margin-bottom:.4em}"
)


def html_page(title: str, language: str, body: list[str]) -> str:
    """A whole HTML page (UTF-8, HTML_STYLE) with `body`'s fragments in a <div class="likertpipe"> (a page
    included in another keeps its style; a <body>'s class would be lost)."""
    head = ["<!DOCTYPE html>", f'<html lang="{html.escape(language)}">', "<head>", '<meta charset="utf-8">',
            f"<title>{html.escape(title)}</title>", f"<style>{HTML_STYLE}</style>", "</head>", "<body>",
            '<div class="likertpipe">']
    return "\n".join(head + body + ["</div>", "</body>", "</html>"]) + "\n"


def html_document(tables: list[Entry], title: str) -> str:
    """One HTML page of every table, to read in a browser."""
    language = tables[0].language if tables else "en"
    return html_page(title, language, [f"<h1>{html.escape(title)}</h1>"]
                     + [to_html(t.shown, t.caption, t.note) for t in tables])


def latex_document(tables: list[Entry]) -> str:
    """Every table as a booktabs longtable (label tab:<name>, numbered as in the other documents, captions in
    the tables' language), for \\input in a document whose preamble holds LATEX_PREAMBLE (repeated in a comment
    at the top)."""
    preamble = "".join(f"% {line}\n" for line in LATEX_PREAMBLE.splitlines())
    return f"% Needs in the preamble:\n{preamble}\n" + "\n".join(
        to_latex(t.shown, t.title, t.note, label=t.name, number=t.number, language=t.language) for t in tables)
