"""The key sentences of a results section, with their numbers, generated only from the result tables.

Numbers are formatted as in the tables (likertpipe.tables), so the text cannot disagree with them; the sentences,
quotes and percent format are likertpipe.i18n's, labels come from the codebook in the chosen language. A result
is significant when its Holm-adjusted p (the table's own family, `p_holm`) is below alpha; tables without
`p_holm` use p.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from likertpipe.codebook import Codebook, text
from likertpipe.formatting import format_value, p_equation
from likertpipe.i18n import percent, quote, say, value_word, word
from likertpipe.labels import variable_labels


def _percent(value: float, language: str) -> str:
    return percent(format_value(value, "percent", language), language)


def _significant(table: pd.DataFrame, alpha: float) -> pd.Series:
    p = pd.to_numeric(table["p_holm"] if "p_holm" in table else table["p"], errors="coerce")
    return p < alpha


def _smallest_p(table: pd.DataFrame) -> pd.Series | None:
    """The test with the smallest unadjusted p among those that have one; None when no test could be computed."""
    tested = table.dropna(subset=["p"])
    return None if tested.empty else tested.loc[tested["p"].astype(float).idxmin()]


def summary_text(tables: Mapping[str, pd.DataFrame], book: Codebook, language: str, alpha: float) -> str:
    """Markdown: a heading, then one sentence per headline result of the tables present (response rate, each
    item's share in the top levels, significant correlations and Kruskal-Wallis tests or that none is,
    indices with their reliability, changes between waves). Values hidden by disclosure control are missing in
    the protected tables: nothing hidden is stated, and no sentence is written for a statistic that could not
    be computed."""
    labels = {code: text(label, language) for code, label in variable_labels(book).items()}

    def label(code, fallback) -> str:
        return quote(labels.get(str(code), fallback), language)

    lines = [f"# {say('heading', language, title=text(book.title, language))}", ""]
    paragraphs = [
        _response(tables, language),
        _items(tables, book, language, label),
        _yes_no(tables, language, alpha, label),
        _correlations(tables, language, alpha, label),
        _kruskal(tables, language, alpha, label),
        _indices(tables, language, label),
        _changes(tables, language, alpha, label),
    ]
    for sentences in paragraphs:
        if sentences:
            lines += [*(f"- {s}" for s in sentences), ""]
    return "\n".join(lines)


def _response(tables, language) -> list[str]:
    rates = tables.get("response_rates")
    if rates is None:
        return []
    total = rates[rates["group"].isna()].iloc[0]
    return [say("response", language, responded=format_value(total["responded"], "responded", language),
                sent=format_value(total["sent"], "sent", language), percent=_percent(total["percent"], language))]


def _items(tables, book, language, label) -> list[str]:
    table = tables.get("descriptives")
    if table is None:
        return []
    items = {item.column: item for item in book.items}
    sentences = []
    for row in table.itertuples(index=False):
        if pd.isna(row.agree_percent) or row.item not in items:
            continue
        scale = items[row.item].scale
        levels = f" {word('or', language)} ".join(
            quote(scale.level_label(code, language), language) for code in scale.agree_codes)
        sentences.append(say(
            "agree", language, label=label(row.item, row.label), percent=_percent(row.agree_percent, language),
            n=format_value(row.n_valid, "n_valid", language), levels=levels,
            low=format_value(row.agree_ci_low, "agree_ci_low", language),
            high=format_value(row.agree_ci_high, "agree_ci_high", language),
            mean=format_value(row.mean, "mean", language), sd=format_value(row.sd, "sd", language)))
    return sentences


def _yes_no(tables, language, alpha, label) -> list[str]:
    """Each yes/no question's share of yes among its valid answers with its interval, and the factors whose levels
    differ in it after adjustment (or that none does, among the computable tests)."""
    table = tables.get("yes_no")
    if table is None or table.empty:
        return []
    overall = table[table["factor"].isna() | (table["factor"] == "")]
    sentences = [say("yes_share", language, label=label(row["variable"], row["label"]),
                     percent=_percent(row["percent_yes"], language),
                     n=format_value(row["n"], "n", language),
                     low=format_value(row["ci_low"], "ci_low", language, table.columns),
                     high=format_value(row["ci_high"], "ci_high", language, table.columns))
                 for _, row in overall.iterrows() if pd.notna(row["percent_yes"])]
    tests = table.dropna(subset=["p"]).drop_duplicates(["variable", "factor"])
    significant = tests[_significant(tests, alpha)]
    for _, row in significant.iterrows():
        sentences.append(say("yes_differs", language, label=label(row["variable"], row["label"]),
                             factor=row["factor_label"], test=value_word("test", str(row["test"]), language),
                             p=p_equation(row["p_holm"], language), n=format_value(row["n_test"], "n", language),
                             v=format_value(row["cramers_v"], "cramers_v", language)))
    if not tests.empty and significant.empty:
        sentences.append(say("yes_no_difference", language, count=len(tests),
                             alpha=format_value(alpha, "significance", language)))
    return sentences


def _correlations(tables, language, alpha, label) -> list[str]:
    table = tables.get("correlations")
    if table is None or table.empty:
        return []
    symbol, column = ("τb", "tau_b") if "tau_b" in table else ("ρ", "rho")
    significant = table[_significant(table, alpha)]
    if significant.empty:
        smallest = _smallest_p(table)
        if smallest is None:
            return [say("no_correlation_computed", language, count=len(table))]
        return [say("no_correlation", language, count=len(table), alpha=format_value(alpha, "significance", language),
                    p=p_equation(smallest["p"], language), a=label(smallest["var1"], smallest["var1_label"]),
                    b=label(smallest["var2"], smallest["var2_label"]))]
    return [say("correlation", language, a=label(row["var1"], row["var1_label"]),
                b=label(row["var2"], row["var2_label"]),
                direction=say("positive" if row[column] > 0 else "negative", language),
                 symbol=symbol, value=format_value(row[column], column, language),
                 n=format_value(row["n"], "n", language), p=p_equation(row["p"], language),
                 p_holm=p_equation(row.get("p_holm", row["p"]), language))
            for _, row in significant.iterrows()]


def _kruskal(tables, language, alpha, label) -> list[str]:
    table = tables.get("kruskal_wallis")
    if table is None or table.empty:
        return []
    significant = table[_significant(table, alpha)]
    if significant.empty:
        smallest = _smallest_p(table)
        if smallest is None:
            return [say("no_kruskal_computed", language, count=len(table))]
        return [say("no_kruskal", language, count=len(table), alpha=format_value(alpha, "significance", language),
                    p=p_equation(smallest["p"], language), item=label(smallest["item"], smallest["item_label"]),
                    factor=label(smallest["factor"], smallest["factor_label"]))]
    return [say("kruskal", language, item=label(row["item"], row["item_label"]),
                factor=label(row["factor"], row["factor_label"]), df=format_value(row["df"], "df", language),
                H=format_value(row["H"], "H", language), n=format_value(row["n"], "n", language),
                p=p_equation(row["p"], language), p_holm=p_equation(row.get("p_holm", row["p"]), language))
            for _, row in significant.iterrows()]


def _indices(tables, language, label) -> list[str]:
    table = tables.get("indices")
    if table is None:
        return []
    reliability = tables.get("reliability")
    sentences = []
    for row in table.itertuples(index=False):
        if pd.isna(row.mean):  # no respondent has a score
            continue
        sentence = say("index", language, label=label(row.index, row.label), mean=format_value(row.mean, "mean",
                       language), sd=format_value(row.sd, "sd", language), n=format_value(row.n_valid, "n", language))
        rows = reliability[reliability["index"] == row.index] if reliability is not None else []
        if len(rows) and pd.notna(rows.iloc[0]["alpha"]):
            first = rows.iloc[0]
            sentence += say("reliability", language, alpha=format_value(first["alpha"], "alpha", language),
                            low=format_value(first["alpha_ci_low"], "alpha_ci_low", language),
                            high=format_value(first["alpha_ci_high"], "alpha_ci_high", language),
                            n=format_value(first["n"], "n", language))
        sentences.append(sentence)
    return sentences


def _changes(tables, language, alpha, label) -> list[str]:
    table = tables.get("wave_change")
    if table is None or table.empty:
        return []
    significant = table[_significant(table, alpha)]
    if significant.empty:
        smallest = _smallest_p(table)
        if smallest is None:
            return []
        return [say("no_change", language, count=int(table["p"].notna().sum()),
                    alpha=format_value(alpha, "significance", language), p=p_equation(smallest["p"], language),
                    label=label(smallest["variable"], smallest["label"]))]
    return [say("change", language,
                group=row["group_label"] if isinstance(row["group_label"], str) and row["group_label"]
                else word("all_respondents", language),
                label=label(row["variable"], row["label"]), first=row["first_wave"], last=row["last_wave"],
                mean_first=format_value(row["mean_first"], "mean_first", language),
                mean_last=format_value(row["mean_last"], "mean_last", language),
                U=format_value(row["U"], "U", language), p=p_equation(row["p"], language),
                r=format_value(row["r"], "r", language))
            for _, row in significant.iterrows()]
