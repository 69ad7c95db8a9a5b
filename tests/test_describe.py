"""Descriptive statistics against values computed here by hand with the standard library."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from likertpipe.answers import frequencies
from likertpipe.clean import clean, comment_summary
from likertpipe.codebook import parse_codebook
from likertpipe.describe import (
    descriptives,
    open_text_counts,
    response_rates,
    summary,
    wilson_interval,
)
from likertpipe.errors import LikertpipeError
from likertpipe.labels import attach

LEVELS = ("1", "2", "3", "4", "5")
DONT_KNOW, NOT_APPLICABLE, BLANK = "6", "9", ""

# Ten respondents. q1: odd number of valid answers, no answer at level 3; q2: even number of valid answers.
IDS = [f"r{i:02d}" for i in range(1, 11)]
ANSWERS = {
    "q1": ["5", "4", "4", "2", "1", "6", "9", "", "5", "4"],
    "q2": ["1", "2", "2", "5", "4", "6", "6", "", "", "3"],
}
REGION = ["1", "1", "2", "2", "2", "3", "3", "3", "1", "2"]
COMMENTS = ["", "Good, mostly", "", "", "Too slow", "", "", "", "", "Fine"]


def valid(raw: list[str]) -> list[int]:
    return [int(cell) for cell in raw if cell in LEVELS]


@pytest.fixture
def data(read_csv_text, make_csv, codebook) -> pd.DataFrame:
    rows = [
        {"resp_id": rid, "q1": q1, "q2": q2, "region": region, "comment": comment}
        for rid, q1, q2, region, comment in zip(IDS, ANSWERS["q1"], ANSWERS["q2"], REGION, COMMENTS, strict=True)
    ]
    export = read_csv_text(make_csv(rows))
    frame, warnings = clean(export.raw, codebook, str(export.path))
    assert warnings == []
    return frame


# --- descriptives ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ["q1", "q2"])
def test_descriptives_match_hand_computation(data, codebook, item) -> None:
    raw = ANSWERS[item]
    values = valid(raw)
    table = descriptives(data, codebook).set_index("item")
    row = table.loc[item]
    assert row["n_valid"] == len(values)
    assert row["n_missing"] == sum(cell in (DONT_KNOW, NOT_APPLICABLE, BLANK) for cell in raw)
    assert row["n_dont_know"] == raw.count(DONT_KNOW)
    assert row["mean"] == pytest.approx(statistics.mean(values))
    assert row["median"] == pytest.approx(statistics.median(values))
    assert row["sd"] == pytest.approx(statistics.stdev(values))
    assert row["agree_percent"] == pytest.approx(100 * sum(v in (4, 5) for v in values) / len(values))


def test_descriptives_hand_values(data, codebook) -> None:
    """The same numbers written out, as a check on the helper above."""
    table = descriptives(data, codebook).set_index("item")
    # q1 valid: 5 4 4 2 1 5 4 -> n 7, sum 25, sorted 1 2 4 4 4 5 5
    assert table.loc["q1", "n_valid"] == 7
    assert table.loc["q1", "n_missing"] == 3
    assert table.loc["q1", "n_dont_know"] == 1
    assert table.loc["q1", "mean"] == pytest.approx(25 / 7)
    assert table.loc["q1", "median"] == 4
    assert table.loc["q1", "agree_percent"] == pytest.approx(500 / 7)
    # q2 valid: 1 2 2 5 4 3 -> n 6, sorted 1 2 2 3 4 5, median (2 + 3) / 2
    assert table.loc["q2", "n_valid"] == 6
    assert table.loc["q2", "n_missing"] == 4
    assert table.loc["q2", "n_dont_know"] == 2
    assert table.loc["q2", "median"] == 2.5
    assert table.loc["q2", "sd"] == pytest.approx(math.sqrt(sum((v - 17 / 6) ** 2 for v in [1, 2, 2, 5, 4, 3]) / 5))
    assert table.loc["q2", "agree_percent"] == pytest.approx(100 * 2 / 6)


def test_descriptives_labels_and_order(data, codebook) -> None:
    english = attach("descriptives", descriptives(data, codebook), codebook, "en")
    norwegian = attach("descriptives", descriptives(data, codebook), codebook, "nb")
    assert english["item"].tolist() == ["q1", "q2"]
    assert english["label"].tolist() == ["First statement", "Second statement (plain string)"]
    assert norwegian["label"].tolist() == ["Første påstand", "Second statement (plain string)"]
    assert (english["n_valid"] + english["n_missing"]).tolist() == [10, 10]


def test_descriptives_without_enough_answers(read_csv_text, make_csv, codebook) -> None:
    rows = [{"resp_id": "a", "q1": "3", "q2": "6"}, {"resp_id": "b", "q1": "", "q2": "9"}]
    export = read_csv_text(make_csv(rows))
    frame, _ = clean(export.raw, codebook, str(export.path))
    table = descriptives(frame, codebook).set_index("item")
    assert table.loc["q1", "n_valid"] == 1
    assert table.loc["q1", "mean"] == 3 and table.loc["q1", "median"] == 3
    assert math.isnan(table.loc["q1", "sd"])  # SD with n - 1 needs two answers
    assert table.loc["q2", "n_valid"] == 0 and table.loc["q2", "n_missing"] == 2
    assert table.loc["q2", "n_dont_know"] == 1
    for column in ("mean", "median", "sd", "agree_percent"):
        assert math.isnan(table.loc["q2", column])


# --- frequencies ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ["q1", "q2"])
def test_frequencies_match_hand_counts(data, codebook, item) -> None:
    raw = ANSWERS[item]
    n, n_valid = len(raw), len(valid(raw))
    table = attach("frequencies", frequencies(data, codebook), codebook, "en")
    rows = table[table["item"] == item].reset_index(drop=True)

    expected_codes = [1, 2, 3, 4, 5, 6, 9, None]
    expected_status = ["valid"] * 5 + ["dont_know", "declared_missing", "blank"]
    expected_levels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree", "Don't know",
                       "Not applicable", ""]
    expected_counts = [raw.count(str(code)) for code in (1, 2, 3, 4, 5, 6, 9)] + [raw.count(BLANK)]

    assert [None if pd.isna(c) else int(c) for c in rows["code"]] == expected_codes
    assert rows["status"].tolist() == expected_status
    assert rows["level"].tolist() == expected_levels
    assert rows["count"].tolist() == expected_counts
    assert rows["percent"].tolist() == pytest.approx([100 * c / n for c in expected_counts])
    expected_valid_percent = [100 * c / n_valid for c in expected_counts[:5]]
    assert rows["valid_percent"][:5].tolist() == pytest.approx(expected_valid_percent)
    assert rows["valid_percent"][5:].isna().all()

    assert rows["count"].sum() == n
    assert rows["percent"].sum() == pytest.approx(100)
    assert rows["valid_percent"][:5].sum() == pytest.approx(100)


def test_frequencies_keep_empty_levels(data, codebook) -> None:
    table = attach("frequencies", frequencies(data, codebook), codebook, "nb")
    q1 = table[table["item"] == "q1"]
    level3 = q1[q1["code"] == 3]
    assert len(level3) == 1
    assert level3["count"].iloc[0] == 0 and level3["level"].iloc[0] == "Nøytral"
    assert level3["valid_percent"].iloc[0] == 0
    assert (table["status"] == "blank").sum() == 2  # one blank row per item
    assert str(table["code"].dtype) == "Int64"


# --- response rates -------------------------------------------------------------------------------------

FRAME_CODES = [1] * 5 + [2] * 8 + [3] * 6


def test_response_rates(data, codebook) -> None:
    frame = pd.DataFrame({"unit": [f"K{i}" for i in range(len(FRAME_CODES))], "region_code": FRAME_CODES})
    table = attach("response_rates", response_rates(data, frame, codebook), codebook, "en")
    sent = {code: FRAME_CODES.count(code) for code in (1, 2, 3)}
    responded = {code: REGION.count(str(code)) for code in (1, 2, 3)}
    assert table["label"].tolist() == ["North", "Middle", "South", "Total"]
    assert table["group"][:3].tolist() == [1, 2, 3] and pd.isna(table["group"].iloc[3])
    assert table["sent"].tolist() == [sent[1], sent[2], sent[3], len(FRAME_CODES)]
    assert table["responded"].tolist() == [responded[1], responded[2], responded[3], len(IDS)]
    expected_percent = [100 * responded[c] / sent[c] for c in (1, 2, 3)] + [100 * len(IDS) / len(FRAME_CODES)]
    assert table["percent"].tolist() == pytest.approx(expected_percent)
    assert table["percent"].tolist() == pytest.approx([60, 50, 50, 1000 / 19])


def test_response_rates_level_nobody_answered_and_norwegian_total(data, codebook) -> None:
    frame = pd.DataFrame({"region_code": FRAME_CODES})
    subset = data[data["region"] != 3].reset_index(drop=True)
    table = attach("response_rates", response_rates(subset, frame, codebook), codebook, "nb")
    assert table["responded"].tolist() == [3, 4, 0, 7]
    assert table["percent"].tolist() == pytest.approx([60, 50, 0, 700 / 19])
    assert table["label"].iloc[-1] == "Totalt"


def test_response_rates_group_with_no_units_has_no_percent(data, codebook) -> None:
    """A level with no units in the frame and no respondents: percent empty, not 0/0; inf never (the
    rendering failed on 1/0 before, #13)."""
    frame = pd.DataFrame({"region_code": [1] * 5 + [2] * 8})
    subset = data[data["region"] != 3].reset_index(drop=True)
    table = response_rates(subset, frame, codebook)
    assert table["sent"].tolist() == [5, 8, 0, 13]
    assert table["percent"].iloc[:2].tolist() == pytest.approx([60, 50]) and pd.isna(table["percent"].iloc[2])
    assert table["percent"].iloc[3] == pytest.approx(700 / 13)


def test_response_rates_frame_column_missing(data, codebook) -> None:
    frame = pd.DataFrame({"region": FRAME_CODES})
    with pytest.raises(LikertpipeError) as info:
        response_rates(data, frame, codebook, frame_source="frame.csv")
    message = str(info.value)
    assert message.startswith("frame.csv:")
    assert "'region_code'" in message and "not found" in message and "region" in message


def test_response_rates_unknown_codes_in_frame(data, codebook) -> None:
    frame = pd.DataFrame({"region_code": [*FRAME_CODES, 4, 7, 4]})
    with pytest.raises(LikertpipeError) as info:
        response_rates(data, frame, codebook, frame_source="frame.csv")
    message = str(info.value)
    assert message.startswith("frame.csv:")
    assert "[4, 7]" in message and "'region_code'" in message and "factor region" in message


def test_response_rates_need_a_sampling_frame_section(data, codebook_dict) -> None:
    del codebook_dict["sampling_frame"]
    codebook = parse_codebook(codebook_dict, source="no-frame.yaml")
    with pytest.raises(LikertpipeError, match=r"^no-frame\.yaml: .*sampling_frame"):
        response_rates(data, pd.DataFrame({"region_code": FRAME_CODES}), codebook)


# --- open text: counts only -----------------------------------------------------------------------------

OPEN_TEXT = {
    "comment": ["Good, mostly", "", "Too slow", "", "", "x"],
    "comment2": ["Also this", "Only here", "", "", "", "y"],
    "job_title": ["Manager", "Director", "Nurse", "", "Chief", ""],
}


@pytest.fixture
def open_text_data(read_csv_text, make_csv, codebook_dict):
    codebook_dict["open_text"] += [
        {"column": "comment2", "label": "Second comment"},
        {"column": "job_title", "label": {"nb": "Stillingstittel", "en": "Job title"}, "comment": False},
    ]
    codebook = parse_codebook(codebook_dict, source="open-text.yaml")
    rows = [
        {"resp_id": f"r{i}", **{column: answers[i] for column, answers in OPEN_TEXT.items()}}
        for i in range(len(OPEN_TEXT["comment"]))
    ]
    export = read_csv_text(make_csv(rows, columns=codebook.columns))
    frame, _ = clean(export.raw, codebook, str(export.path))
    return frame, codebook


def test_open_text_counts(open_text_data) -> None:
    frame, codebook = open_text_data
    assert list(open_text_counts(frame, codebook).columns) == ["column", "comment", "answered"]
    table = attach("open_text", open_text_counts(frame, codebook), codebook, "en")
    assert list(table.columns) == ["column", "label", "comment", "answered"]
    assert table["column"].tolist() == ["comment", "comment2", "job_title"]
    assert table["label"].tolist() == ["Comment", "Second comment", "Job title"]
    assert table["comment"].tolist() == [True, True, False]
    assert table["answered"].tolist() == [sum(a != "" for a in answers) for answers in OPEN_TEXT.values()]
    assert table["answered"].tolist() == [3, 3, 4]
    cells = {str(v) for v in table.to_numpy().ravel()}
    assert not cells & {a for answers in OPEN_TEXT.values() for a in answers if a}


def test_comment_summary_counts_comment_fields_only(open_text_data) -> None:
    frame, codebook = open_text_data
    comment_fields = ["comment", "comment2"]
    pairs = list(zip(*(OPEN_TEXT[c] for c in comment_fields), strict=True))
    expected_respondents = sum(any(a != "" for a in answers) for answers in pairs)
    expected_comments = sum(a != "" for answers in pairs for a in answers)
    assert comment_summary(frame, codebook) == (expected_respondents, expected_comments)
    assert comment_summary(frame, codebook) == (4, 6)
    assert all(isinstance(n, int) for n in comment_summary(frame, codebook))


def test_open_text_counts_with_no_open_text_columns(data, codebook_dict) -> None:
    del codebook_dict["open_text"]
    codebook = parse_codebook(codebook_dict)
    table = open_text_counts(data, codebook)
    assert table.empty and list(table.columns) == ["column", "comment", "answered"]
    assert list(attach("open_text", table, codebook, "en").columns) == ["column", "label", "comment", "answered"]


# --- summary: quartiles, mode, IQR ------------------------------------------------------------------------


def quartile_type6(values: list[float], p: float) -> float:
    """Weighted average at position p(n+1) of the sorted values (1-based), clamped to the first and last."""
    x = sorted(values)
    n = len(x)
    position = p * (n + 1)
    if position <= 1:
        return x[0]
    if position >= n:
        return x[-1]
    j = math.floor(position)
    g = position - j
    return x[j - 1] + g * (x[j] - x[j - 1])


def test_summary_quartiles_n7_by_hand() -> None:
    values = [5, 1, 4, 2, 5, 3, 2]  # sorted 1 2 2 3 4 5 5; positions 2 and 6
    stat = summary(np.array(values, dtype=float))
    assert stat["q1"] == 2 and stat["q3"] == 5 and stat["iqr"] == 3
    assert stat["q1"] == quartile_type6(values, 0.25) and stat["q3"] == quartile_type6(values, 0.75)
    assert stat["median"] == 3
    assert stat["mode"] == 2  # 2 and 5 both twice: the smallest


def test_summary_quartiles_n8_by_hand() -> None:
    values = [3, 5, 1, 4, 2, 5, 1, 3]  # sorted 1 1 2 3 3 4 5 5; positions 2.25 and 6.75
    stat = summary(np.array(values, dtype=float))
    assert stat["q1"] == pytest.approx(1 + 0.25 * (2 - 1))
    assert stat["q3"] == pytest.approx(4 + 0.75 * (5 - 4))
    assert stat["iqr"] == pytest.approx(3.5)
    assert stat["median"] == 3
    assert stat["mode"] == 1  # 1, 3 and 5 twice each
    assert stat["mean"] == pytest.approx(24 / 8)
    assert stat["sd"] == pytest.approx(statistics.stdev(values))
    assert stat["n_valid"] == 8


@pytest.mark.parametrize("n", [2, 3, 5, 6, 9, 10, 11, 13])
def test_summary_quartiles_type6_for_several_n(n) -> None:
    values = [float(v) for v in np.random.default_rng(n).integers(1, 6, size=n)]
    stat = summary(np.array(values))
    assert stat["q1"] == pytest.approx(quartile_type6(values, 0.25))
    assert stat["q3"] == pytest.approx(quartile_type6(values, 0.75))
    assert stat["iqr"] == pytest.approx(stat["q3"] - stat["q1"])
    counts = {v: values.count(v) for v in values}
    assert stat["mode"] == min(v for v, c in counts.items() if c == max(counts.values()))


def test_summary_empty_and_single_value() -> None:
    empty = summary(np.array([], dtype=float))
    assert empty["n_valid"] == 0
    assert all(math.isnan(empty[k]) for k in ("mean", "sd", "median", "mode", "q1", "q3", "iqr"))
    one = summary(np.array([4.0]))
    assert one["n_valid"] == 1 and one["mean"] == 4 and one["q1"] == 4 and one["q3"] == 4 and one["iqr"] == 0
    assert math.isnan(one["sd"])


# --- Wilson interval ------------------------------------------------------------------------------------


def wilson_by_hand(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    p = successes / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


@pytest.mark.parametrize("successes, n", [(5, 7), (0, 10), (10, 10), (1, 3), (37, 120), (1, 1)])
def test_wilson_interval_matches_the_formula(successes, n) -> None:
    assert wilson_interval(successes, n) == pytest.approx(wilson_by_hand(successes, n), abs=1e-12)
    assert wilson_interval(successes, n, level=0.9) == pytest.approx(wilson_by_hand(successes, n, 0.9), abs=1e-12)


def test_wilson_interval_hand_value_and_empty() -> None:
    # 0 of 10: low 0, high z^2 / (n + z^2)
    z2 = NormalDist().inv_cdf(0.975) ** 2
    assert wilson_interval(0, 10) == pytest.approx((0, z2 / (10 + z2)), abs=1e-12)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


WILSON_R = Path(__file__).parent / "reference" / "wilson_reference.csv"


def test_wilson_interval_equals_r_prop_test() -> None:
    """prop.test(k, n, correct = FALSE, conf.level)$conf.int for every k of n = 1..30 and edge k up to n = 10^6,
    at levels 0.95, 0.90, 0.99 (tests/reference/wilson_reference.R)."""
    reference = pd.read_csv(WILSON_R)
    assert len(reference) > 1500 and set(reference["level"]) == {0.95, 0.90, 0.99}
    worst = 0.0
    for row in reference.itertuples():
        low, high = wilson_interval(int(row.k), int(row.n), level=row.level)
        worst = max(worst, abs(low - row.low), abs(high - row.high))
        if row.k == 0:
            assert low == 0.0  # R: exactly 0; rounding must not put the limit below 0
        if row.k == row.n:
            assert high == 1.0
    assert worst <= 1e-12


def test_wilson_interval_with_continuity_correction_would_be_caught() -> None:
    """Yates' correction (prop.test's default) moves the limits by far more than the tolerance."""
    reference = pd.read_csv(WILSON_R).query("n == 20 and k == 7 and level == 0.95").iloc[0]
    assert wilson_interval(7, 20) == pytest.approx((reference["low"], reference["high"]), abs=1e-12)
    low_corrected = 0.1630866797  # prop.test(7, 20)$conf.int[1], with correct = TRUE
    assert abs(reference["low"] - low_corrected) > 0.01


def test_the_statistics_step_does_not_import_statsmodels() -> None:
    """Wilson and the p-value adjustments are local formulas (#16): the statistics job loads no statsmodels."""
    code = "import sys, likertpipe.steps.statistics; print('statsmodels' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- descriptives: the remaining columns --------------------------------------------------------------


def test_descriptives_percent_columns(data, codebook) -> None:
    table = descriptives(data, codebook).set_index("item")
    for item in ("q1", "q2"):
        raw, values = ANSWERS[item], valid(ANSWERS[item])
        row = table.loc[item]
        agree = sum(v in (4, 5) for v in values)
        assert row["disagree_percent"] == pytest.approx(100 * sum(v in (1, 2) for v in values) / len(values))
        assert row["dont_know_percent"] == pytest.approx(100 * raw.count(DONT_KNOW) / len(raw))  # all respondents
        low, high = wilson_by_hand(agree, len(values))
        assert row["agree_ci_low"] == pytest.approx(100 * low)
        assert row["agree_ci_high"] == pytest.approx(100 * high)
        assert row["agree_ci_low"] <= row["agree_percent"] <= row["agree_ci_high"]
    # q1: disagree 2 and 1 of 7 valid; one don't know of 10 respondents. q2: two don't knows of 10.
    assert table.loc["q1", "disagree_percent"] == pytest.approx(200 / 7)
    assert table.loc["q1", "dont_know_percent"] == pytest.approx(10)
    assert table.loc["q2", "dont_know_percent"] == pytest.approx(20)
    assert table.loc["q2", "disagree_percent"] == pytest.approx(50)


def test_descriptives_quartiles_mode_iqr(data, codebook) -> None:
    table = descriptives(data, codebook).set_index("item")
    # q1 sorted 1 2 4 4 4 5 5 (n 7): positions 2 and 6
    assert (table.loc["q1", "q1"], table.loc["q1", "q3"], table.loc["q1", "iqr"]) == (2, 5, 3)
    assert table.loc["q1", "mode"] == 4
    # q2 sorted 1 2 2 3 4 5 (n 6): positions 1.75 and 5.25
    assert table.loc["q2", "q1"] == pytest.approx(1.75)
    assert table.loc["q2", "q3"] == pytest.approx(4.25)
    assert table.loc["q2", "iqr"] == pytest.approx(2.5)
    assert table.loc["q2", "mode"] == 2


def test_descriptives_intervals_nan_without_answers(read_csv_text, make_csv, codebook) -> None:
    rows = [{"resp_id": "a", "q1": "3", "q2": "6"}, {"resp_id": "b", "q1": "", "q2": "9"}]
    export = read_csv_text(make_csv(rows))
    frame, _ = clean(export.raw, codebook, str(export.path))
    table = descriptives(frame, codebook).set_index("item")
    for column in ("agree_ci_low", "agree_ci_high", "disagree_percent"):
        assert math.isnan(table.loc["q2", column])
    assert table.loc["q2", "dont_know_percent"] == pytest.approx(50)
