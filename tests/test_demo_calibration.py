"""The committed synthetic demo data reproduce the published kommunalsjef aggregates.

Every check is computed here directly from the committed CSVs with pandas/scipy and compared with the
published figures in data_raw/kommunalsjef/published_aggregates.yaml; nothing is taken from the
generator except, in the last test, its output when run again. If the reference file is missing the
comparisons are skipped, not passed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from published import REFERENCE, items_named_in, load_published, percent, round_half_up
from scipy import stats

from likertpipe.codebook import DERIVATIONS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data_raw" / "kommunalsjef"
EXPORT = DATA / "demo_export.csv"
FRAME = DATA / "sampling_frame.csv"
GENERATOR = DATA / "generate_demo.py"
CODEBOOK = REPO / "config" / "kommunalsjef" / "codebook.yaml"

ITEMS = ["E1", "E2", "E3", "E4", "E5", "E6"]
COMMENT_FIELDS = ["kommentar", "tillitsmodell_beskrivelse", "endringer_beskrivelse", "planer_beskrivelse"]
EXPORT_COLUMNS = [
    "svar_id",
    "stilling",
    "stilling_tittel",
    "utdanning",
    "ledererfaring",
    "kommunegruppe",
    "innbyggere",
    *ITEMS,
    "endret_3aar",
    "planlagt_3aar",
    *COMMENT_FIELDS,
]
TEXT_COLUMNS = ["stilling_tittel", *COMMENT_FIELDS]
DONT_KNOW = 6
ALPHA = 0.05
# The data are meant to show each finding with room to spare, so that small differences in how a later
# analysis computes a test (ties, exact vs asymptotic p) cannot flip it.
P_CLEARLY_SIGNIFICANT = 0.01
P_CLEARLY_NOT_SIGNIFICANT = 0.08
# Names the published file uses for the Kruskal-Wallis factors, and the export's columns for them.
FACTOR_COLUMNS = {
    "municipality_group": "kommunegruppe",
    "education": "utdanning",
    "leader_experience": "ledererfaring",
}


def parse_band(text: str) -> tuple[int, int]:
    """'2 000-9 999' -> (2000, 9999); tolerant of any kind of digit-group space."""
    low, high = re.sub(r"\s", "", text).split("-")
    return int(low), int(high)


@pytest.fixture(scope="module")
def published() -> dict:
    return load_published()


@pytest.fixture(scope="module")
def codebook() -> dict:
    """The study codebook (defines the columns' codes)."""
    return yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    """The demo export as a pipeline would read it: empty cell -> missing, text kept as text."""
    return pd.read_csv(
        EXPORT,
        encoding="utf-8",
        keep_default_na=False,
        na_values=[""],
        dtype={column: "string" for column in TEXT_COLUMNS},
    )


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The synthetic sampling frame."""
    return pd.read_csv(FRAME, encoding="utf-8")


@pytest.fixture(scope="module")
def valid(export: pd.DataFrame) -> pd.DataFrame:
    """Item answers with don't-know (6) and no answer both excluded (as NaN)."""
    return export[ITEMS].where(export[ITEMS].isin([1, 2, 3, 4, 5]))


def spearman(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """Spearman's rho and p over pairwise complete cases."""
    keep = x.notna() & y.notna()
    result = stats.spearmanr(x[keep].astype(float), y[keep].astype(float))
    return float(result.statistic), float(result.pvalue)


# ------------------------------------------------------------------------------------------------------
# Shape of the files
# ------------------------------------------------------------------------------------------------------


def test_export_is_a_plain_utf8_csv_with_the_expected_columns(export: pd.DataFrame) -> None:
    raw = EXPORT.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "export must be UTF-8 without BOM"
    raw.decode("utf-8")
    assert list(export.columns) == EXPORT_COLUMNS
    assert export["svar_id"].is_unique and export["svar_id"].notna().all()


def test_export_is_not_sorted_by_group(export: pd.DataFrame) -> None:
    assert not export["kommunegruppe"].is_monotonic_increasing
    assert not export["kommunegruppe"].is_monotonic_decreasing


def test_codes_follow_the_codebook(export: pd.DataFrame, codebook: dict) -> None:
    for item in codebook["items"]:
        scale = codebook["scales"][item["scale"]]
        allowed = {level["code"] for level in scale["levels"] + scale.get("dont_know", [])}
        answered = export[item["column"]].dropna()
        assert set(answered.astype(int)) <= allowed, item["column"]
        assert (answered == answered.round()).all()
    for factor in (f for f in codebook["factors"] if "recode" not in f and "cut" not in f):  # the export's own
        column = export[factor["column"]]
        assert column.notna().all(), factor["column"]
        assert set(column) <= {level["code"] for level in factor["levels"]}, factor["column"]
    for question in (q for q in codebook["yes_no"] if not set(DERIVATIONS) & set(q)):  # the export's own
        assert set(export[question["column"]]) <= {1, 2}, "every respondent answered both yes/no questions"
        assert export[question["column"]].notna().all()


def test_frame_has_synthetic_ids_and_integer_populations(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == ["kommune_id", "kommunegruppe", "innbyggere"]
    assert frame["kommune_id"].is_unique
    assert frame["kommune_id"].str.fullmatch(r"K\d{3}").all(), "ids are synthetic codes, not names"
    assert pd.api.types.is_integer_dtype(frame["innbyggere"])


# ------------------------------------------------------------------------------------------------------
# Table 2 and population bands
# ------------------------------------------------------------------------------------------------------


def test_respondents_and_frame_per_group_match_table_2(export, frame, published) -> None:
    groups = published["municipality_groups"]
    responded = export["kommunegruppe"].value_counts()
    sent = frame["kommunegruppe"].value_counts()
    for g in groups:
        assert responded.get(g["group"], 0) == g["responded"], g
        assert sent.get(g["group"], 0) == g["sent"], g
        assert percent(g["responded"], g["sent"]) == g["percent"], g
    assert set(responded.index) == set(sent.index) == {g["group"] for g in groups}
    assert len(export) == published["survey"]["respondents"]
    assert len(frame) == published["survey"]["frame_municipalities"]
    assert percent(len(export), len(frame)) == published["survey"]["response_rate_percent"]


@pytest.mark.parametrize("which", ["export", "frame"])
def test_population_lies_in_the_group_band(which, export, frame, published) -> None:
    data = export if which == "export" else frame
    assert pd.api.types.is_integer_dtype(data["innbyggere"])
    for g in published["municipality_groups"]:
        low, high = parse_band(g["population"])
        pop = data.loc[data["kommunegruppe"] == g["group"], "innbyggere"]
        assert pop.between(low, high).all(), (which, g["group"], pop.min(), pop.max())


def test_frame_populations_are_skewed_within_bands(frame: pd.DataFrame) -> None:
    large = frame.loc[frame["kommunegruppe"] == 6, "innbyggere"]
    assert large.median() < large.mean(), "a few large municipalities, many smaller ones"


# ------------------------------------------------------------------------------------------------------
# Table 3
# ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ITEMS)
def test_item_descriptives_match_table_3(item, export, valid, published) -> None:
    row = next(r for r in published["items"] if r["id"] == item)
    answers = valid[item].dropna()
    assert len(answers) == row["valid"]
    assert export[item].isna().sum() + (export[item] == DONT_KNOW).sum() == row["missing"]
    assert round_half_up(answers.mean(), 2) == row["mean"]
    assert float(answers.median()) == float(row["median"])
    assert round_half_up(answers.std(ddof=1), 3) == row["sd"]
    assert percent(int(answers.isin([4, 5]).sum()), len(answers)) == row["agree_percent"]


def test_dont_know_makes_up_most_missing_answers(export: pd.DataFrame, published) -> None:
    dont_know = (export[ITEMS] == DONT_KNOW).sum()
    empty = export[ITEMS].isna().sum()
    for row in published["items"]:
        if row["missing"] == 0:
            assert dont_know[row["id"]] == empty[row["id"]] == 0
        else:
            assert dont_know[row["id"]] >= empty[row["id"]], row["id"]
    assert empty.sum() >= 1, "the export should exercise empty cells too"
    assert dont_know.sum() >= 2 * empty.sum()


# ------------------------------------------------------------------------------------------------------
# Background and changes
# ------------------------------------------------------------------------------------------------------


def test_background_percents_match(export: pd.DataFrame, published) -> None:
    n = len(export)
    bg = published["background"]
    kommunalsjef = int((export["stilling_tittel"] == "Kommunalsjef").sum())
    assert percent(kommunalsjef, n) == bg["title_kommunalsjef_percent"]
    assert export["stilling_tittel"].notna().all()
    assert (export["stilling"] == 1).mean() >= 0.9, "nearly all are the top manager"
    education = bg["education"]
    health_social = int(export["utdanning"].isin([1, 2]).sum())
    assert percent(health_social, n) == education["health_social_degree_percent"]
    # The article's 57 % is read as a share of all respondents (questionnaire code 2).
    with_econ = int((export["utdanning"] == 2).sum())
    assert percent(with_econ, n) == education["additional_econ_management_percent"]
    assert set(export["utdanning"]) == {1, 2, 3, 4}
    experience = export["ledererfaring"].value_counts()
    for code, share in zip([1, 2, 3], bg["leader_experience_percent"].values(), strict=True):
        assert percent(int(experience.get(code, 0)), n) == share, code


def test_change_percents_match(export: pd.DataFrame, published) -> None:
    n = len(export)
    changed = export["endret_3aar"] == 1
    planned = export["planlagt_3aar"] == 1
    ch = published["changes"]
    assert percent(int(changed.sum()), n) == ch["changed_last_3_years_percent"]
    assert percent(int(planned.sum()), n) == ch["planned_next_3_years_percent"]
    assert percent(int((changed | planned).sum()), n) == ch["changed_or_planned_percent"]


# ------------------------------------------------------------------------------------------------------
# Open text
# ------------------------------------------------------------------------------------------------------


def test_comment_counts_match(export: pd.DataFrame, published) -> None:
    comments = export[COMMENT_FIELDS].apply(lambda c: c.fillna("").str.strip().ne(""))
    expected = published["survey"]["open_text"]
    assert int(comments.any(axis=1).sum()) == expected["respondents_with_comments"]
    assert int(comments.to_numpy().sum()) == expected["comments_total"]


def test_comments_are_coherent_with_answers(export: pd.DataFrame) -> None:
    assert (export.loc[export["endringer_beskrivelse"].notna(), "endret_3aar"] == 1).all()
    assert (export.loc[export["planer_beskrivelse"].notna(), "planlagt_3aar"] == 1).all()
    e6 = export.loc[export["tillitsmodell_beskrivelse"].notna(), "E6"]
    assert e6.between(3, 5).mean() > 0.5, "trust-model descriptions come mostly from high E6"


def test_comments_with_commas_survive_the_round_trip(export: pd.DataFrame) -> None:
    text = export[COMMENT_FIELDS].stack().dropna()
    assert len(text) > 0
    assert text.str.contains(",").any(), "the export should exercise quoted fields"
    assert text.str.len().gt(20).all()


# ------------------------------------------------------------------------------------------------------
# Reported findings
# ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factor", ["municipality_group", "education", "leader_experience"])
def test_no_kruskal_wallis_difference(factor, export, valid, published) -> None:
    assert factor in published["findings"]["kruskal_wallis"]["factors"]
    column = export[FACTOR_COLUMNS[factor]]
    for item in ITEMS:
        keep = valid[item].notna()
        groups = [valid.loc[keep & (column == level), item].to_numpy(float) for level in sorted(set(column))]
        p = stats.kruskal(*[g for g in groups if len(g)]).pvalue
        assert p >= ALPHA, (factor, item, p)
        assert p >= P_CLEARLY_NOT_SIGNIFICANT, (factor, item, p)


def test_only_the_reported_items_correlate_with_population(export, valid, published) -> None:
    reported = items_named_in(published["findings"]["spearman_with_population"]["result"])
    assert reported, "could not read the item(s) from the published finding"
    for item in ITEMS:
        rho, p = spearman(export["innbyggere"], valid[item])
        if item in reported:
            assert rho > 0 and p < ALPHA and p <= P_CLEARLY_SIGNIFICANT, (item, rho, p)
        else:
            assert p >= ALPHA and p >= P_CLEARLY_NOT_SIGNIFICANT, (item, rho, p)


def test_only_the_reported_item_pairs_correlate(valid, published) -> None:
    pairs = published["findings"]["spearman_between_items"]["significant_positive_pairs"]
    reported = {tuple(pair) for pair in pairs}
    assert reported, "could not read the reported pairs"
    for i, a in enumerate(ITEMS):
        for b in ITEMS[i + 1 :]:
            rho, p = spearman(valid[a], valid[b])
            if (a, b) in reported or (b, a) in reported:
                assert rho > 0 and p < ALPHA and p <= P_CLEARLY_SIGNIFICANT, (a, b, rho, p)
            else:
                assert p >= ALPHA and p >= P_CLEARLY_NOT_SIGNIFICANT, (a, b, rho, p)


# ------------------------------------------------------------------------------------------------------
# Reproducibility
# ------------------------------------------------------------------------------------------------------


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in [EXPORT.name, FRAME.name]:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_the_repository_copy_of_the_published_figures_equals_the_shared_reference() -> None:
    """The repository's published_aggregates.yaml holds the same figures as the project's shared reference
    (where that is beside the repository, as on the developers' machines); a fresh clone needs only its own."""
    shared = REFERENCE.parents[3] / "shared" / "reference" / "published_kommunalsjef_2024.yaml"
    if not shared.is_file():
        pytest.skip("no shared reference beside the repository: the repository's copy is the only one")
    assert yaml.safe_load(REFERENCE.read_text(encoding="utf-8")) == yaml.safe_load(shared.read_text(encoding="utf-8"))
