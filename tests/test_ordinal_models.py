"""likertpipe.ordinal_models against R's ordinal::clm and nominal_test (tests/reference/models_reference.R,
values in models_reference.csv) on the demo study and on generated data (models_data.csv), and its degenerate
cases: within a relative 1e-6 for estimates, SEs, p and likelihood-ratio statistics."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from likertpipe.clean import clean
from likertpipe.codebook import load_codebook, parse_codebook
from likertpipe.io import read_export
from likertpipe.ordinal_models import ModelSpec, fit_po, proportional_odds_tables

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "tests" / "reference"
REL = 1e-6
DEMO_FACTORS = ("kommunegruppe", "utdanning", "ledererfaring")
# The reference's datasets: the predictors of its models
MODELS = {"kommunalsjef": (DEMO_FACTORS, ()), "kommunalsjef_experience": (("ledererfaring",), ()),
          **{name: (("f", "g"), ("x",)) for name in ("po", "nonpo", "gap", "empty_level", "two_levels")}}


@cache
def reference() -> dict[tuple[str, str, str, str, str], float]:
    with (REFERENCE_DIR / "models_reference.csv").open(encoding="utf-8") as fh:
        return {(r["dataset"], r["outcome"], r["predictor"], r["level"], r["statistic"]): float(r["value"])
                for r in csv.DictReader(fh)}


GENERATED_CODEBOOK = {
    "study": {"id": "models_test", "language": "en"},
    "id_column": "id",
    "scales": {"agree5": {"levels": [{"code": c, "label": f"level {c}"} for c in range(1, 6)]}},
    "items": [{"column": "y", "scale": "agree5", "label": "y"}],
    "factors": [{"column": "f", "label": "f", "levels": [{"code": c, "label": f"f{c}"} for c in range(1, 5)]},
                {"column": "g", "label": "g", "levels": [{"code": c, "label": f"g{c}"} for c in (1, 2)]}],
    "covariates": [{"column": "x", "label": "x"}],
}


@cache
def generated(dataset: str) -> pd.DataFrame:
    data = pd.read_csv(REFERENCE_DIR / "models_data.csv")
    data = data[data["dataset"] == dataset].drop(columns="dataset").reset_index(drop=True)
    return data.astype({"y": "Int8", "f": "Int8", "g": "Int8", "x": "Float64"})


@cache
def demo():
    book = load_codebook(ROOT / "config" / "kommunalsjef" / "codebook.yaml")
    data, _ = clean(read_export(ROOT / "data_raw" / "kommunalsjef" / "demo_export.csv"), book, source="demo")
    return data, book


@cache
def tables(dataset: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    factors, covariates = MODELS.get(dataset, (("f", "g"), ("x",)))
    if dataset.startswith("kommunalsjef"):
        data, book = demo()
        outcomes = tuple(f"E{i}" for i in range(1, 7))
    else:
        data, book = generated(dataset), parse_codebook(GENERATED_CODEBOOK)
        outcomes = ("y",)
    return proportional_odds_tables(data, book, ModelSpec(outcomes, factors, covariates))


def _close(expected: float, got: float) -> bool:
    return bool(np.isfinite(got)) and got == pytest.approx(expected, rel=REL, abs=1e-12)


def _cases(dataset: str):
    return [(key, value) for key, value in reference().items() if key[0] == dataset]


@pytest.mark.parametrize("dataset", list(MODELS))
def test_terms_equal_clm(dataset):
    terms, _ = tables(dataset)
    table = terms.set_index(["outcome", "predictor", "level"])
    wrong, checked = [], 0
    for (_, outcome, predictor, level, statistic), value in _cases(dataset):
        if statistic not in ("estimate", "se", "p", "n"):
            continue
        if statistic == "n":
            got = float(terms.loc[terms["outcome"] == outcome, "n"].iloc[0])
        else:
            got = float(table.loc[(outcome, predictor, int(level) if level else pd.NA), statistic])
        checked += 1
        if not _close(value, got):
            wrong.append(f"{outcome} {predictor}{level} {statistic}: R {value!r}, likertpipe {got!r}")
    assert checked > 0
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("dataset", list(MODELS))
def test_likelihood_ratio_tests_equal_drop1(dataset):
    _, tests = tables(dataset)
    table = tests[tests["test"] == "lr"].set_index(["outcome", "predictor"])
    wrong = []
    for (_, outcome, predictor, _level, statistic), value in _cases(dataset):
        if statistic.startswith("lr_"):
            got = float(table.loc[(outcome, predictor), statistic.removeprefix("lr_")])
            if not _close(value, got):
                wrong.append(f"{outcome} {predictor} {statistic}: R {value!r}, likertpipe {got!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("dataset", list(MODELS))
def test_proportional_odds_check_equals_nominal_test(dataset):
    """Where clm's nominal fit converges cleanly (code 0) the statistic equals nominal_test's; where it does
    not (code 1: singular Hessian, an effect diverging; negative: failed) likertpipe gives no number and a
    note, where R's nominal_test prints the number of a non-converged fit. On the demo no nominal fit
    converges cleanly (123 respondents, answers bunched at 4-5). Binary outcomes: nothing to check (R: df 0)."""
    _, tests = tables(dataset)
    table = tests[tests["test"] == "proportional_odds"].set_index(["outcome", "predictor"])
    ref = reference()
    wrong = []
    for (_, outcome, predictor, _level, statistic), code in _cases(dataset):
        if statistic != "nominal_code":
            continue
        row = table.loc[(outcome, predictor)]
        if dataset == "two_levels":
            assert pd.isna(row["p"]) and "one cut-point" in row["note"]
            continue
        if code == 0:
            for name in ("chi2", "df", "p"):
                expected = ref[(dataset, outcome, predictor, "", f"nominal_{name}")]
                if not _close(expected, float(row[name])):
                    wrong.append(f"{outcome} {predictor} {name}: R {expected!r}, likertpipe {row[name]!r}")
        elif not (pd.isna(row["p"]) and row["note"]):
            wrong.append(f"{outcome} {predictor}: clm's nominal fit has code {code:g}, likertpipe gives "
                         f"p {row['p']!r} without a note")
    assert not wrong, "\n".join(wrong)


def test_nonproportional_odds_detected():
    _, tests = tables("nonpo")
    check = tests[tests["test"] == "proportional_odds"].set_index("predictor")
    assert check.loc["f", "p"] < 1e-6 and check.loc["g", "p"] > 0.05


@pytest.mark.parametrize("dataset", ["po", "gap", "two_levels"])
def test_loglik_and_thresholds_equal_clm(dataset):
    data = generated(dataset)
    used = np.unique(data["y"].to_numpy(dtype=float))
    y = np.searchsorted(used, data["y"].to_numpy(dtype=float))
    X = np.column_stack([data["f"] == 2, data["f"] == 3, data["g"] == 2, data["x"]]).astype(float)
    fit = fit_po(y, X)
    assert fit.llf == pytest.approx(reference()[(dataset, "y", "", "", "logLik")], rel=1e-10)
    for j, theta in enumerate(fit.params[:len(used) - 1], start=1):
        assert theta == pytest.approx(reference()[(dataset, "y", "threshold", str(j), "theta")], rel=REL)


def test_odds_ratio_and_interval_from_estimate():
    terms, _ = tables("po")
    row = terms[(terms["predictor"] == "g")].iloc[0]
    assert row["odds_ratio"] == pytest.approx(np.exp(row["estimate"]))
    assert row["ci_low"] == pytest.approx(np.exp(row["estimate"] - 1.959963984540054 * row["se"]))
    assert row["ci_high"] == pytest.approx(np.exp(row["estimate"] + 1.959963984540054 * row["se"]))
    assert row["reference"] == 1 and row["level"] == 2


def test_sign_convention_higher_answers_positive():
    """models_data.py's latent variable rises by 0.5 with g = 2 and falls by 0.8 with f = 3 (400 respondents)."""
    terms, _ = tables("po")
    by = terms.set_index(["predictor", "level"])["estimate"]
    assert by[("g", 2)] > 0 and by[("f", 3)] < 0


def test_empty_level_row_with_note():
    terms, _ = tables("empty_level")
    row = terms[(terms["predictor"] == "f") & (terms["level"] == 2)].iloc[0]
    assert pd.isna(row["estimate"]) and "nobody at level 2" in row["note"]
    declared_only = terms[(terms["predictor"] == "f") & (terms["level"] == 4)].iloc[0]
    assert pd.isna(declared_only["odds_ratio"]) and declared_only["note"]


@pytest.mark.parametrize(("dataset", "words"), [
    ("separation", "separation"), ("one_level", "1 answer level"), ("small", "too few")])
def test_degenerate_model_gives_empty_rows_and_note(dataset, words):
    """R's clm on `separation` reports |beta_f3| = 24.4 (a Hessian condition number of 1e10) as if estimated."""
    if dataset == "separation":
        assert reference()[("separation", "y", "f", "3", "max_abs_estimate")] > 20
    terms, tests = tables(dataset)
    assert len(terms) and len(tests)
    for table in (terms, tests):
        assert table["p"].isna().all()
        declared_only = table["note"].str.startswith("nobody at level 4 of f")  # f's level 4 is never used
        assert table["note"][~declared_only].str.contains(words).all(), table["note"].tolist()


def test_collinear_predictors_give_a_note():
    data = generated("po").assign(h=lambda d: d["g"])
    codebook = dict(GENERATED_CODEBOOK, factors=[*GENERATED_CODEBOOK["factors"], {
        "column": "h", "label": "h", "levels": [{"code": 1, "label": "h1"}, {"code": 2, "label": "h2"}]}])
    terms, tests = proportional_odds_tables(data, parse_codebook(codebook), ModelSpec(("y",), ("g", "h")))
    assert terms["p"].isna().all() and terms["note"].str.contains("singular").all()


def test_deterministic():
    first = tables("po")
    tables.cache_clear()
    second = tables("po")
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)


def _docs_config() -> dict:
    """config/config.yaml with the example of docs/models.md over it, validated against the config schema with
    its defaults (as the Snakefile does)."""
    import yaml
    from snakemake.utils import validate

    markdown = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    example = yaml.safe_load(markdown.split("```yaml\n", 1)[1].split("```", 1)[0])
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["studies"] = example["studies"]
    config["families"] = example["families"]
    validate(config, str(ROOT / "workflow" / "schemas" / "config.schema.yaml"), set_default=True)
    return config


def test_docs_config_example_runs_with_families():
    """The example of docs/models.md: every item on the demo's three factors, Holm and BH within each
    predictor (terms) and each test kind (tests); adjusted p = multiplicity.adjust of the family's raw p
    (itself checked against R's p.adjust)."""
    from likertpipe.multiplicity import adjust
    from likertpipe.ordinal_models import model_tables

    config = _docs_config()
    data, book = demo()
    terms, tests = model_tables(data, book, config["studies"]["kommunalsjef"]["models"], config["families"])
    assert set(terms["outcome"]) == {item.column for item in book.items}
    lr = tests[tests["test"] == "lr"]
    np.testing.assert_array_equal(lr["p_holm"], adjust(lr["p"].to_numpy(dtype=float), "holm"))
    education = terms[terms["predictor"] == "utdanning"]
    np.testing.assert_array_equal(education["p_bh"], adjust(education["p"].to_numpy(dtype=float), "bh"))
    assert config["studies"]["statlig_finansiering"]["difference_in_change"] == {
        "factor": "gruppe", "reference": 2, "weights": "webb", "draws": 9999, "seed": 20261201,
        "primary": {"variable": "brukermedvirkning", "group": 1, "contrast": "first_last"}}
    assert config["families"]["difference_in_change"] == ["role", "comparison"]


def test_references_from_config():
    from likertpipe.ordinal_models import model_tables

    data, book = demo()
    terms, _ = model_tables(data, book, {"outcomes": ["E1"], "factors": ["utdanning"], "references":
                                         {"utdanning": 2}}, {})
    assert set(terms["reference"]) == {2} and set(terms["level"]) == {1, 3, 4}


def test_docs_ordered_example_is_the_demo_codebook():
    import yaml

    markdown = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    block = markdown.split("**`ordered: true`**", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    example = yaml.safe_load(block)["factors"][0]
    book = demo()[1]
    factor = book.factor(example["column"])
    assert factor.ordered and example["ordered"]
    assert [level["code"] for level in example["levels"]] == list(factor.codes)


@pytest.mark.parametrize(("settings", "words"), [
    ({"factors": ["nosuch"]}, "models.factors"),
    ({"factors": ["utdanning"], "outcomes": ["E9"]}, "models.outcomes"),
    ({"factors": ["utdanning"], "references": {"utdanning": 7}}, "not a level"),
])
def test_config_names_checked(settings, words):
    from likertpipe.errors import LikertpipeError
    from likertpipe.ordinal_models import spec_from_config

    with pytest.raises(LikertpipeError, match=words):
        spec_from_config(settings, demo()[1])
