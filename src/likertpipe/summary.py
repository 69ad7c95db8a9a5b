"""The results text of a study (summary.md), generated only from the protected result tables: the main results
first (response, the items with the most agreement and disagreement, the yes/no questions), then each family of
tests, then the indices, a methods paragraph to paste into a paper and how to cite the pipeline.

Every list is capped (CAP entries, then "and N more, see Table X"; the numbers are the documents',
tables.document_numbers). A family of tests counts only its computable tests (a p in the table) and says how many
could not be computed and why (the table's own reasons, or hidden by disclosure control); a test is significant
when its Holm-adjusted p (the table's own family, `p_holm`) is below alpha, and every sentence reporting a test
gives its n and adjusted p, and its effect size in words by a named convention (formatting.magnitude). Numbers
are formatted as in the tables (likertpipe.formatting), sentences and words are likertpipe.i18n's, labels come
from the labelled tables. Values hidden by disclosure control are missing in the protected tables: nothing
hidden is stated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from likertpipe.codebook import Codebook, text
from likertpipe.formatting import CONVENTIONS, format_value, magnitude, missing, p_equation
from likertpipe.i18n import heading, number_separator, percent, quote, say, title, value_word, word
from likertpipe.labels import variable_labels
from likertpipe.protect import SUPPRESSED
from likertpipe.tables import document_numbers

CAP = 5  # entries of a list of tests (or indices, yes/no questions) before "and N more"
TOP = 3  # items named for the most agreement and the most disagreement
# The versions the methods paragraph names (of manifest.software(): python, snakemake, likertpipe, packages).
SOFTWARE = ("likertpipe", "python", "snakemake", "pandas", "numpy", "scipy")


@dataclass(frozen=True)
class Methods:
    """What the methods paragraph says beyond the tables: the software's versions (as the run records them,
    manifest.software()), the disclosure threshold and the adjustment families of the config."""

    software: Mapping[str, object]
    min_cell: int | None = None
    families: Mapping[str, list[str]] | None = None


def summary_text(tables: Mapping[str, pd.DataFrame], book: Codebook, language: str, alpha: float,
                 methods: Methods | None = None) -> str:
    """Markdown: a heading, the main results, the tests, the indices, and with `methods` the methods paragraph
    and the citation; a section without content is left out."""
    context = _context(tables, book, language, alpha)
    main = [*_respondents(context), *_primary(context), *_agreement(context), *_yes_shares(context)]
    families = [f for f in (_correlations(context), _kruskal(context, "kruskal_wallis"), _dunn(context),
                            _kruskal(context, "kruskal_wallis_by_wave"), _yes_no_tests(context),
                            _changes(context), _trend(context), _models(context),
                            *_difference_in_change(context)) if f is not None]
    tests = [line for family in families for line in _family_lines(context, family)]
    sections = [("main_results", main), ("tests", tests), ("indices", _indices(context))]
    if methods is not None:
        sections += [("methods", [_methods(context, families, methods)]),
                     ("cite", [say("citation", language, version=methods.software.get("likertpipe", ""))])]
    lines = [f"# {say('heading', language, title=text(book.title, language))}", ""]
    for key, content in sections:
        if content:
            bullets = key not in ("methods", "cite")
            lines += [f"## {say(key, language)}", "", *(f"- {c}" if bullets and not c.startswith(" ") else c
                                                         for c in content), ""]
    return "\n".join(lines)


def primary_sentence(tables: Mapping[str, pd.DataFrame], book: Codebook, language: str, alpha: float) -> str:
    """The results text's sentence of the declared primary difference in change ("" without one), for the
    note of the index trend figure: the same words and numbers in both places."""
    return " ".join(_primary(_context(tables, book, language, alpha)))


def _context(tables: Mapping[str, pd.DataFrame], book: Codebook, language: str, alpha: float) -> _Context:
    labels = {code: text(label, language) for code, label in variable_labels(book).items()}
    numbers = document_numbers(tables)

    def label(code, fallback) -> str:
        return quote(labels.get(str(code), "" if missing(fallback) else str(fallback)), language)

    def table(name: str) -> str:
        return f"{word('table', language)} {numbers[name]}"

    return _Context(tables, book, language, alpha, label, table)


@dataclass(frozen=True)
class _Context:
    tables: Mapping[str, pd.DataFrame]
    book: Codebook
    language: str
    alpha: float
    label: Callable[[object, object], str]
    table: Callable[[str], str]

    def number(self, value, column: str) -> str:
        return format_value(value, column, self.language)

    def percent(self, value) -> str:
        return percent(format_value(value, "percent", self.language), self.language)

    def more(self, count: int, name: str) -> str:
        return say("more", self.language, count=count, table=self.table(name))


def _has(row, column: str) -> bool:
    return column in row and not missing(row[column])


# --- The main results -----------------------------------------------------------------------------------------

def _respondents(c: _Context) -> list[str]:
    """The response rate against the sampling frame, else the number of respondents of the sample table; then
    where the sample table describes the sample."""
    sample = c.tables.get("sample")
    where = say("sample", c.language, table=c.table("sample")) if sample is not None else ""
    rates = c.tables.get("response_rates")
    if rates is not None:
        total = rates[rates["group"].isna()]
        if len(total) and _has(total.iloc[0], "percent"):
            row = total.iloc[0]
            return [say("response", c.language, responded=c.number(row["responded"], "responded"),
                        sent=c.number(row["sent"], "sent"), percent=c.percent(row["percent"]),
                        table=c.table("response_rates")) + where]
    if sample is not None:
        everyone = pd.to_numeric(sample.loc[sample["group"].isna(), "respondents"], errors="coerce").dropna()
        if len(everyone):
            return [say("respondents", c.language, n=c.number(everyone.iloc[0], "n")) + where]
    return []


def _agreement(c: _Context) -> list[str]:
    """The TOP items with the largest share in the top levels, and those with the largest in the bottom levels;
    the levels named when every item shares them."""
    table = c.tables.get("descriptives")
    if table is None:
        return []
    items = {item.column: item for item in c.book.items}
    known = [items[code].scale for code in table["item"] if code in items]
    scale = known[0] if known and len({scale.name for scale in known}) == 1 else None
    sentences = []
    for key, column, codes in (("most_agree", "agree_percent", "agree_codes"),
                               ("most_disagree", "disagree_percent", "disagree_codes")):
        shown = table.dropna(subset=[column])
        if shown.empty:
            continue
        top = shown.sort_values(column, ascending=False, kind="stable").head(TOP)
        listed = ", ".join(say("share", c.language, label=c.label(row["item"], row["label"]),
                               percent=c.percent(row[column]), n=c.number(row["n_valid"], "n_valid"))
                           for _, row in top.iterrows())
        levels = ""
        if scale is not None:
            words = f" {word('or', c.language)} ".join(quote(scale.level_label(code, c.language), c.language)
                                                         for code in getattr(scale, codes))
            levels = f" ({words})"
        sentences.append(say(key, c.language, levels=levels, items=listed, table=c.table("descriptives")))
    return sentences


def _yes_shares(c: _Context) -> list[str]:
    """Each yes/no question's share of yes among its valid answers with its interval (CAP of them)."""
    table = c.tables.get("yes_no")
    if table is None or table.empty:
        return []
    overall = table[table["factor"].isna() | (table["factor"] == "")].dropna(subset=["percent_yes"])
    sentences = [say("yes_share", c.language, label=c.label(row["variable"], row["label"]),
                     percent=c.percent(row["percent_yes"]), n=c.number(row["n"], "n"),
                     low=format_value(row["ci_low"], "ci_low", c.language, table.columns),
                     high=format_value(row["ci_high"], "ci_high", c.language, table.columns),
                     table=c.table("yes_no"))
                 for _, row in overall.head(CAP).iterrows()]
    if len(overall) > CAP:
        sentences.append(c.more(len(overall) - CAP, "yes_no"))
    return sentences


# --- The tests --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Family:
    """One table of tests: one row per test, why each test without a p has none, how strong each is (to list the
    strongest first), and how a test is told (what was tested, its effect with words, its n)."""

    name: str  # the result table (its number, title and methods sentence)
    family: str  # the family's name in the text
    tests: pd.DataFrame
    why: Callable[[pd.Series], str]  # the reason a test without p has none
    strength: Callable[[pd.Series], float]
    tell: Callable[[pd.Series], tuple[str, str, object]]  # (what, effect, n)


def _hidden(row: pd.Series, column: str = "p") -> bool:
    return column in str(row.get(SUPPRESSED) or "").split()


def _family_lines(c: _Context, family: _Family) -> list[str]:
    """The family's count (computable tests, significant after Holm, the others by reason), then its CAP
    strongest significant tests and how many more, or, with none significant, the test of smallest adjusted p."""
    tests = family.tests
    computable = tests[pd.to_numeric(tests["p"], errors="coerce").notna()]
    adjusted = pd.to_numeric(computable["p_holm"], errors="coerce")
    significant = computable[adjusted < c.alpha]
    reasons = Counter(say("hidden_test", c.language) if _hidden(row) else family.why(row)
                      for _, row in tests.drop(computable.index).iterrows())
    rest = ""
    if reasons:
        listed = ", ".join(say("reason_count", c.language, reason=r, count=n) for r, n in sorted(reasons.items()))
        rest = say("not_computed", c.language, count=sum(reasons.values()), reasons=listed)
    lines = [say("family", c.language, family=family.family, table=c.table(family.name),
                 significant=len(significant), computable=len(computable),
                 alpha=format_value(c.alpha, "significance", c.language), rest=rest)]

    def told(row: pd.Series) -> str:
        what, effect, n = family.tell(row)
        return say("test", c.language, what=what, effect=effect, n=c.number(n, "n"),
                   p=p_equation(row["p_holm"], c.language))

    if len(significant):
        strength = significant.apply(family.strength, axis=1)
        strongest = significant.loc[strength.sort_values(ascending=False, kind="stable").index]
        lines += [f"  - {say('finding', c.language, test=told(row))}" for _, row in strongest.head(CAP).iterrows()]
        if len(significant) > CAP:
            lines.append(f"  - {c.more(len(significant) - CAP, family.name)}")
    elif len(computable):
        order = computable.assign(_p=adjusted, _raw=pd.to_numeric(computable["p"]))
        smallest = order.sort_values(["_p", "_raw"], kind="stable").iloc[0]
        lines.append(f"  - {say('smallest', c.language, test=told(smallest))}")
    return lines


def _effect(c: _Context, symbol: str, value, column: str) -> str:
    """"ρ = 0,463 (middels)": the effect size with its words (none for a measure without a convention); "" when
    the value is missing (hidden with the group it rests on)."""
    if missing(value):
        return ""
    size = magnitude(value, column)
    shown = format_value(value, column, c.language)
    return say("effect", c.language, symbol=symbol, value=shown, size=value_word("magnitude", size, c.language)) \
        if size else f"{symbol} = {shown}"


def _parts(c: _Context, *parts: str) -> str:
    return number_separator(c.language).join(part for part in parts if part)


def _correlations(c: _Context) -> _Family | None:
    table = c.tables.get("correlations")
    if table is None or table.empty:
        return None
    symbol, column = ("τb", "tau_b") if "tau_b" in table else ("ρ", "rho")

    def why(row) -> str:
        return say("too_few_pairs" if missing(row["n"]) or row["n"] < 3 else "one_value", c.language)

    def tell(row):
        return (say("pair", c.language, a=c.label(row["var1"], row["var1_label"]),
                    b=c.label(row["var2"], row["var2_label"])), _effect(c, symbol, row[column], column), row["n"])

    return _Family("correlations", f"{title('correlations', c.language)}, {word(column, c.language)}", table,
                   why, lambda row: abs(row[column]), tell)


def _kruskal(c: _Context, name: str) -> _Family | None:
    table = c.tables.get(name)
    if table is None or table.empty:
        return None
    def tell(row):
        what = say("by", c.language, item=c.label(row["item"], row["item_label"]),
                   factor=c.label(row["factor"], row["factor_label"]))
        if "wave" in row:
            what = say("in_wave", c.language, test=what, wave=row["wave_label"])
        statistic = f"H({c.number(row['df'], 'df')}) = {c.number(row['H'], 'H')}"
        return what, _parts(c, statistic, _effect(c, "ε²", row["epsilon_sq"], "epsilon_sq")), row["n"]

    return _Family(name, title(name, c.language), table, lambda row: value_word("note", row["test_note"], c.language),
                   lambda row: row["epsilon_sq"], tell)


def _dunn(c: _Context) -> _Family | None:
    table = c.tables.get("dunn")
    if table is None or table.empty:
        return None

    def tell(row):
        test = say("by", c.language, item=c.label(row["item"], row.get("item_label")),
                   factor=c.label(row["factor"], row.get("factor_label")))
        what = say("levels_pair", c.language, test=test, a=row["level1_label"], b=row["level2_label"])
        return what, f"z = {c.number(row['z'], 'z')}", row["n1"] + row["n2"]

    return _Family("dunn", title("dunn", c.language), table, lambda row: say("undefined", c.language),
                   lambda row: abs(row["z"]), tell)


def _yes_no_tests(c: _Context) -> _Family | None:
    """One test per yes/no question and factor (the table repeats it on each level's row)."""
    table = c.tables.get("yes_no")
    if table is None or table.empty:
        return None
    tests = table[table["factor"].notna() & (table["factor"] != "")].drop_duplicates(["variable", "factor"])
    if tests.empty:
        return None

    def why(row) -> str:
        note = "" if missing(row.get("test_note")) else str(row["test_note"])
        return value_word("test_note", note, c.language) if note else say("undefined", c.language)

    def tell(row):
        what = say("by", c.language, item=c.label(row["variable"], row["label"]),
                   factor=c.label(row["factor"], row["factor_label"]))
        effect = _parts(c, value_word("test", str(row["test"]), c.language),
                        _effect(c, heading("cramers_v", c.language), row["cramers_v"], "cramers_v"))
        return what, effect, row["n_test"]

    return _Family("yes_no", say("family_yes_no", c.language), tests, why,
                   lambda row: 0.0 if missing(row["cramers_v"]) else row["cramers_v"], tell)


def _changes(c: _Context) -> _Family | None:
    table = c.tables.get("wave_change")
    if table is None or table.empty:
        return None

    def why(row) -> str:
        if any(missing(row[n]) or row[n] == 0 for n in ("n_first", "n_last")):
            return say("no_wave_answers", c.language)
        return value_word("note", "no_variation", c.language)

    def tell(row):
        group = row["group_label"] if isinstance(row["group_label"], str) and row["group_label"] \
            else word("all_respondents", c.language)
        what = say("in_group", c.language, group=group, label=c.label(row["variable"], row["label"]),
                   first=row["first_wave"], last=row["last_wave"])
        means = say("change_means", c.language, first=c.number(row["mean_first"], "mean_first"),
                    last=c.number(row["mean_last"], "mean_last"))
        effect = _parts(c, means, f"U = {c.number(row['U'], 'U')}", _effect(c, "r", row["r"], "r"))
        return what, effect, row["n_first"] + row["n_last"]

    return _Family("wave_change", title("wave_change", c.language), table, why,
                   lambda row: 0.0 if missing(row["r"]) else row["r"], tell)


def _note(c: _Context, row: pd.Series) -> str:
    """Why a test of the model tables has no p: its note (a model's in the study's language), else undefined."""
    return value_word("note", str(row["note"]), c.language) if _has(row, "note") and str(row["note"]) else say(
        "undefined", c.language)


def _size(column: str):
    """A family's strength of a row: the size of `column` (0 where it is empty)."""
    return lambda row: 0.0 if missing(row[column]) else abs(row[column])


def _trend(c: _Context) -> _Family | None:
    table = c.tables.get("trend")
    if table is None or table.empty:
        return None

    def tell(row):
        what = say("by", c.language, item=c.label(row["item"], row["item_label"]),
                   factor=c.label(row["factor"], row["factor_label"]))
        direction = "" if missing(row["direction"]) else value_word("direction", str(row["direction"]), c.language)
        return what, _parts(c, direction, _effect(c, "τb", row["tau_b"], "tau_b")), row["n"]

    return _Family("trend", title("trend", c.language), table, lambda row: _note(c, row), _size("tau_b"), tell)


def _models(c: _Context) -> _Family | None:
    table = c.tables.get("models")
    if table is None or table.empty:
        return None

    def tell(row):
        test = say("by", c.language, item=c.label(row["outcome"], row["outcome_label"]),
                   factor=c.label(row["predictor"], row["predictor_label"]))
        what = say("odds_ratio", c.language, test=test, level=row["level_label"],
                   reference=row["reference_label"]) if _has(row, "level") else test
        interval = f"{c.number(row['ci_low'], 'odds_ratio')}–{c.number(row['ci_high'], 'odds_ratio')}"
        return what, f"OR = {c.number(row['odds_ratio'], 'odds_ratio')} ({interval})", row["n"]

    return _Family("models", title("models", c.language), table, lambda row: _note(c, row), _size("estimate"),
                   tell)


def _change_effect(c: _Context, row: pd.Series, key: str) -> str:
    """"forskjell 0,96 (95 % KI 0,08–1,81, wild cluster bootstrap)", or without the interval where the bootstrap
    gives none (unbounded or not computed)."""
    estimate = c.number(row["estimate"], "estimate")
    if missing(row["ci_low"]) or missing(row["ci_high"]):
        return say(f"{key}_unbounded", c.language, estimate=estimate)
    return say(f"{key}_interval", c.language, estimate=estimate, low=c.number(row["ci_low"], "estimate"),
               high=c.number(row["ci_high"], "estimate"))


def _what_changed(c: _Context, row: pd.Series) -> str:
    contrast = value_word("contrast", str(row["contrast"]), c.language)
    if row["comparison"] == "change":
        return say("own_change", c.language, label=c.label(row["variable"], row["label"]), group=row["group_label"],
                   contrast=contrast)
    return say("difference_in_change", c.language, label=c.label(row["variable"], row["label"]),
               group=row["group_label"], reference=row["reference_label"], contrast=contrast)


def _primary(c: _Context) -> list[str]:
    """The comparison the config declared primary (change_models: role `primary`), first and in words: what was
    compared, the estimate with its bootstrap interval, p, whether it is significant (its Holm-adjusted p, the
    p itself with the default families, where it is a family of one) and that it was declared primary."""
    table = c.tables.get("difference_in_change")
    if table is None:
        return []
    rows = table[table["role"] == "primary"]
    if rows.empty:
        return []
    row = rows.iloc[0]
    what = _what_changed(c, row)
    if not _has(row, "p"):
        reason = say("hidden_test", c.language) if _hidden(row) else _note(c, row)
        return [say("primary_none", c.language, what=what, reason=reason, table=c.table("difference_in_change"))]
    adjusted = "" if row["p_holm"] == row["p"] else \
        f"{number_separator(c.language)}{word('holm_adjusted', c.language)} {p_equation(row['p_holm'], c.language)}"
    verdict = "primary_significant" if row["p_holm"] < c.alpha else "primary_not_significant"
    return [say("primary", c.language, what=what, effect=_change_effect(c, row, "estimate"),
                p=p_equation(row["p"], c.language) + adjusted, n=c.number(row["n"], "n"),
                table=c.table("difference_in_change"))
            + " " + say(verdict, c.language, alpha=format_value(c.alpha, "significance", c.language))]


def _difference_in_change(c: _Context) -> list[_Family | None]:
    """Two families of the table, the primary comparison left out (told first, `_primary`): the other
    differences in change, and the groups' own changes."""
    table = c.tables.get("difference_in_change")
    if table is None or table.empty:
        return []
    secondary = table[table["role"] != "primary"]
    families = []
    for kind, name, key in (("difference", say("family_difference_in_change", c.language), "estimate"),
                            ("change", say("family_own_change", c.language), "change")):
        rows = secondary[secondary["comparison"] == kind]

        def tell(row, key=key):
            return _what_changed(c, row), _change_effect(c, row, key), row["n"]

        families.append(_Family("difference_in_change", name, rows, lambda row: _note(c, row), _size("estimate"),
                                tell) if len(rows) else None)
    return families


# --- Indices, methods -------------------------------------------------------------------------------------------

def _indices(c: _Context) -> list[str]:
    table = c.tables.get("indices")
    if table is None:
        return []
    reliability = c.tables.get("reliability")
    sentences = []
    for _, row in table.dropna(subset=["mean"]).iterrows():  # an index nobody has a score on says nothing
        sentence = say("index", c.language, label=c.label(row["index"], row["label"]),
                       mean=c.number(row["mean"], "mean"), sd=c.number(row["sd"], "sd"),
                       n=c.number(row["n_valid"], "n"))
        rows = reliability[reliability["index"] == row["index"]] if reliability is not None else []
        if len(rows) and _has(rows.iloc[0], "alpha"):
            first = rows.iloc[0]
            sentence += say("reliability", c.language, alpha=c.number(first["alpha"], "alpha"),
                            low=c.number(first["alpha_ci_low"], "alpha_ci_low"),
                            high=c.number(first["alpha_ci_high"], "alpha_ci_high"), n=c.number(first["n"], "n"))
        sentences.append(sentence)
    if len(sentences) > CAP:
        sentences = [*sentences[:CAP], c.more(len(sentences) - CAP, "indices")]
    return sentences


def _bounds(c: _Context, measure: str) -> str:
    small, medium, large = CONVENTIONS[measure][0]
    return say("bounds", c.language, **{k: format_value(v, measure, c.language).rstrip("0").rstrip(",.")
                                        for k, v in (("small", small), ("medium", medium), ("large", large))})


def _methods(c: _Context, families: list[_Family], methods: Methods) -> str:
    """One paragraph: the software, the missing-data rule, each test the tables hold with its effect-size
    convention, the adjustment and significance rule, and disclosure control."""
    present = {family.name for family in families}
    software = methods.software
    versions = {name: software.get(name) or software.get("packages", {}).get(name, "?") for name in SOFTWARE}
    sentences = [say("methods_software", c.language, **versions), say("methods_missing", c.language)]
    if "descriptives" in c.tables:
        sentences.append(say("methods_descriptives", c.language))
    if present & {"kruskal_wallis", "kruskal_wallis_by_wave"}:
        dunn = say("methods_dunn", c.language) if "dunn" in present else ""
        sentences.append(say("methods_kruskal_wallis", c.language, bounds=_bounds(c, "epsilon_sq"), dunn=dunn))
    if "correlations" in present:
        kendall = "tau_b" in c.tables["correlations"]
        sentences.append(say("methods_kendall", c.language) if kendall
                         else say("methods_spearman", c.language, bounds=_bounds(c, "rho")))
    if "yes_no" in present:
        sentences.append(say("methods_yes_no", c.language, bounds=_bounds(c, "cramers_v")))
    if "wave_change" in present:
        sentences.append(say("methods_wave_change", c.language, bounds=_bounds(c, "r")))
    if "trend" in present:
        sentences.append(say("methods_trend", c.language))
    if "models" in present:
        sentences.append(say("methods_models", c.language))
    if "difference_in_change" in present:
        sentences.append(say("methods_difference_in_change", c.language))
    if families:
        # the families of the tables the study has (difference_in_change has families by default)
        chosen = {name: columns for name, columns in sorted((methods.families or {}).items())
                  if columns and name in c.tables}
        within = say("within_families", c.language, families="; ".join(
            f"{name}: {', '.join(columns)}" for name, columns in chosen.items())) if chosen \
            else say("within_table", c.language)
        sentences.append(say("methods_adjustment", c.language, within=within,
                             alpha=format_value(c.alpha, "significance", c.language)))
    if methods.min_cell:
        sentences.append(say("methods_disclosure", c.language, min_cell=methods.min_cell))
    return " ".join(sentences)
