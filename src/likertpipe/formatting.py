"""Numbers for reading, in every rendering (tables, documents, the results text, figures): the one home of
rounding and of the language's decimal mark.

Per column (see `decimals`): counts as integers, means 2 decimals, SD 3, percent 1, p-values as APA prints them
("< .001", ".046"), medians and modes with the decimals they need up to 2 (answer codes: "5", a half "4.5"),
rounded half up as SPSS prints (2.125 -> 2.13); a value that rounds to zero has no sign ("0.000", not
"-0.000"). CSV tables keep full precision. Also an
effect size in words (`magnitude`) and a number for a spreadsheet cell with its number format
(`spreadsheet_number`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from likertpipe.i18n import value_word, with_decimal_mark, word

# Decimals by column name: the first pattern that matches wins; "p" marks p-values. Columns matching none
# (counts, codes, labels) are shown as they are, whole numbers without decimals.
_DECIMALS = (
    (r"^p$|^p_", "p"),
    (r"percent|^agree_ci_|^n_effective$|^U$", 1),
    (r"^sd|^(rho|tau_b|r|rank_biserial|epsilon_sq|eta_sq_h|item_rest_r|cramers_v)$|^alpha", 3),
    (r"^(mean|q1|q3|iqr|H|z|deff|statistic)$|^mean_", 2),
    (r"^se$", 3),
    (r"^(estimate|odds_ratio|chi2|J|expected|variance)$|^ci_(low|high)_cr1$", 2),
)
# Columns whose values are mostly answer codes (a median or mode of a scale; an index's may not be): the decimals
# of `decimals` at most, trailing zeros dropped.
_AT_MOST = re.compile(r"^(median|mode)$|^median_")
# An interval (ci_low, ci_high) takes the decimals of its table's estimate: the first of these present.
_ESTIMATES = ("rho", "tau_b", "r", "mean", "percent_yes", "odds_ratio", "estimate")
_INTERVAL = ("ci_low", "ci_high")


def decimals(column: str, columns: Iterable[str] = ()) -> int | None:
    """Decimals shown for `column` (3 for p-values), None for columns shown as they are; `columns` are the
    table's columns, which decide an interval's decimals."""
    if column in _INTERVAL:
        estimate = next((c for c in _ESTIMATES if c in columns), "rho")
        return decimals(estimate)
    if _AT_MOST.search(column):
        return 2
    for pattern, places in _DECIMALS:
        if re.search(pattern, column):
            return 3 if places == "p" else places
    return None


def _is_p(column: str) -> bool:
    return re.search(_DECIMALS[0][0], column) is not None


def missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_value(value, column: str, language: str = "en", columns: Iterable[str] = ()) -> str:
    """One cell as text: rounded by column, decimal mark of `language`, "" when missing; booleans as yes/no,
    coded values as their words (i18n.VALUES), other text (labels) unchanged."""
    if missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return word("yes" if value else "no", language)
    places = decimals(column, columns)
    if isinstance(value, str):
        return value_word(column, value, language) if places is None else value
    if places is None:
        # CSV read-back turns integer columns with gaps into floats: show 14, not 14.0
        shown = str(int(value)) if float(value).is_integer() else repr(float(value))
    elif _is_p(column):
        shown = p_text(value)
    else:
        shown = _rounded(value, places, column)
    return with_decimal_mark(shown, language)


def _rounded(value: float, places: int, column: str) -> str:
    """`value` rounded half up to `places`, trailing zeros dropped in the columns of _AT_MOST, no sign on zero."""
    shown = unsigned_zero(round_half_up(value, places))
    if _AT_MOST.search(column) and "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return shown


def unsigned_zero(text: str) -> str:
    """A rounded number's text without the sign of a negative value that rounded to zero ("-0.000" -> "0.000")."""
    return text.lstrip("-") if float(text) == 0 else text


def spreadsheet_number(value, column: str, language: str = "en", columns: Iterable[str] = ()) -> tuple[float, str]:
    """A number for a spreadsheet cell (`value` not missing): the value as `format_value` rounds it, and the
    Excel number format that shows the same decimals (Excel writes the reader's own decimal mark). A p-value
    below .001 keeps its value and shows "< .001" (in `language`'s decimal mark); others show three decimals
    without the leading zero, as APA prints them."""
    places = decimals(column, columns)
    if places is None:
        return (int(value), "0") if float(value).is_integer() else (float(value), "General")
    if _is_p(column):
        below = with_decimal_mark("< .001", language)
        shown = float(value) if value < 0.001 else float(round_half_up(value, 3))
        return shown, f'[<0.001]"{below}";.000'
    rounded = float(unsigned_zero(round_half_up(value, places)))
    if _AT_MOST.search(column):
        return rounded, "General"
    return rounded, "0." + "0" * places if places else "0"


# Effect sizes in words by named conventions: per measure its bounds (each bound belongs to the larger effect:
# below the first "very small", then small, medium, large) and the convention's source. Field (2013) for
# epsilon- and eta-squared, as R's effectsize::interpret_epsilon_squared (rules "field2013", its default) and
# rstatix::kruskal_effsize name them; Cohen (1988) for a correlation (|rho|, and r = |z|/sqrt(n) of a
# Mann-Whitney test, as rstatix::wilcox_effsize) and for Cramer's V of a yes/no question against a factor (a 2 x k
# table: min(2, k) - 1 = 1 df, where V equals Cohen's w). Kendall's tau-b has no such convention here.
CONVENTIONS = {
    "epsilon_sq": ((0.01, 0.06, 0.14), "Field 2013"),
    "rho": ((0.1, 0.3, 0.5), "Cohen 1988"),
    "r": ((0.1, 0.3, 0.5), "Cohen 1988"),
    "cramers_v": ((0.1, 0.3, 0.5), "Cohen 1988"),
}
_MAGNITUDES = ("very_small", "small", "medium", "large")


def magnitude(value: float, measure: str = "epsilon_sq") -> str:
    """The words code of effect size `value` of `measure` by its convention (CONVENTIONS; the absolute value of
    rho): "very_small" below the first bound, "small" from it, "medium" from the second, "large" from
    the third; "" for a missing value or a measure without a convention."""
    if missing(value) or measure not in CONVENTIONS:
        return ""
    bounds, _ = CONVENTIONS[measure]
    size = abs(value) if measure == "rho" else value
    return next((code for bound, code in zip(bounds, _MAGNITUDES, strict=False) if size < bound), "large")


def p_text(p: float) -> str:
    """A p-value as APA prints it: "< .001", else three decimals without the leading zero."""
    if p < 0.001:
        return "< .001"
    shown = round_half_up(p, 3)
    return shown[1:] if shown.startswith("0.") else shown


def p_equation(p: float, language: str) -> str:
    """"p = .043" or "p < .001", as the p columns of the tables show p (in `language`'s decimal mark)."""
    shown = format_value(p, "p", language)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def round_half_up(value: float, places: int) -> str:
    """Text of `value` rounded as SPSS and the article print it (2.125 -> 2.13), not half to even."""
    return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))



def number(value: float, digits: int | None, language: str) -> str:
    """`value` for a figure: rounded half up to `digits` (None: as few as needed) with the language's decimal
    mark and a typographic minus; a value that rounds to zero has no sign."""
    formatted = unsigned_zero(f"{value:g}" if digits is None else round_half_up(value, digits))
    formatted = formatted.replace("-", "\u2212")
    return with_decimal_mark(formatted, language)
