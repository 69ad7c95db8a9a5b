"""Disclosure control: the protection plan's rules (primary and secondary suppression along every line of cells
that add up to another), and the published tables built through it (checked on data built to have small
groups; the attacker's view of the whole workflow is in test_attacker.py)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats
from scipy.optimize import linprog
from statsmodels.stats.multitest import multipletests

from likertpipe import disclosure, io
from likertpipe import protect as protection
from likertpipe.codebook import load_codebook, parse_codebook
from likertpipe.disclosure import ALL, RESPONDENTS, cell, make_plan, suppress
from likertpipe.multiplicity import add_adjusted
from likertpipe.protect import MARKER, RULES, SUPPRESSED, protect
from likertpipe.steps.clean import clean_export
from likertpipe.steps.statistics import disclosure_plan, statistics
from likertpipe.tables import display

SIZES = {1: 12, 2: 3, 3: 20}  # region 2 has 3 respondents: below min_cell 5


def line(counts: dict[int, int]) -> tuple[dict[str, int], list]:
    """Cells of one factor's levels under the total, as `suppress` takes them."""
    cells = {ALL: sum(counts.values())} | {cell(("f", code)): n for code, n in counts.items()}
    return cells, [(ALL, [cell(("f", code)) for code in counts])]


def hidden_codes(counts: dict[int, int], min_cell: int) -> set[int]:
    cells, lines = line(counts)
    return {int(key.split("=")[1]) for key in suppress(cells, lines, min_cell) if key != ALL}


def test_one_small_level_hides_the_next_smallest_too() -> None:
    assert hidden_codes({1: 12, 2: 3, 3: 20}, 5) == {1, 2}


def test_two_small_levels_together_under_min_cell_hide_a_third() -> None:
    """Issue 15, case 3: two levels of one respondent each, hidden together, would give back both people's
    answers; the pool must reach min_cell."""
    assert hidden_codes({1: 1, 2: 1, 3: 40, 4: 9, 5: 30}, 5) == {1, 2, 4}
    assert hidden_codes({1: 3, 2: 3, 3: 40}, 5) == {1, 2}  # together 6: enough


def test_empty_and_large_levels_stay() -> None:
    assert hidden_codes({1: 0, 2: 12, 3: 20}, 5) == set()
    assert hidden_codes({1: 5, 2: 5}, 5) == set()


def test_a_single_level_with_answers_hides_the_total() -> None:
    """Issue 15, case 5: n_1 hidden but n = 3 and n_2 = 0 give it back: with nothing else to hide, the total
    (the margin) is hidden, and with it the empty level (a reader cannot tell its hidden 0)."""
    cells, lines = line({1: 3, 2: 0})
    assert suppress(cells, lines, 5) == {ALL: "primary", "f=1": "primary", "f=2": "parent"}


def test_respondents_without_a_level_count_in_the_pool() -> None:
    """One respondent without a level is the total minus the shown levels: two more levels are hidden so that
    no single hidden level equals the margin minus the rest."""
    cells = {ALL: 31, "f=1": 10, "f=2": 12, "f=3": 8, "f=missing": 1}
    lines = [(ALL, ["f=1", "f=2", "f=3", "f=missing"])]
    assert set(suppress(cells, lines, 5)) == {"f=missing", "f=3", "f=1"}


def test_a_hidden_parent_hides_its_children() -> None:
    cells = {ALL: 40, "g=1": 4, "g=2": 36, "k=1": 4, "k=2": 20, "k=3": 16}
    lines = [(ALL, ["g=1", "g=2"]), ("g=1", ["k=1"]), ("g=2", ["k=2", "k=3"])]
    hidden = suppress(cells, lines, 5)
    assert {"g=1", "k=1"} <= set(hidden)
    assert hidden["g=1"] == "primary"


def exactly_determined(cells: dict[str, int], lines, hidden: set[str]) -> list[str]:
    """The hidden cells an attacker pins to one value (LP min == max) from every shown cell and line sum."""
    unknown = sorted(hidden)
    rows, rhs = [], []
    for margin, members in lines:
        keys = [margin, *members]
        row = np.zeros(len(unknown))
        total = 0.0
        for key, sign in zip(keys, [-1] + [1] * len(members), strict=True):
            if key in hidden:
                row[unknown.index(key)] += sign
            else:
                total -= sign * cells.get(key, 0)
        if row.any():
            rows.append(row)
            rhs.append(total)
    found = []
    for i, key in enumerate(unknown):
        c = np.zeros(len(unknown))
        c[i] = 1
        low = linprog(c, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None)).fun
        high = -linprog(-c, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None)).fun
        if abs(high - low) < 1e-6 and 0 < cells[key] < 5:
            found.append(key)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_no_small_cell_of_a_group_by_wave_table_is_pinned_down(seed) -> None:
    """Random group x wave tables with both margins published: no hidden cell under min_cell can be solved
    exactly from the margins and the shown cells."""
    rng = np.random.default_rng(seed)
    groups, waves = 3 + seed % 3, 2 + seed % 4
    n = rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30], size=(groups, waves))
    cells = {ALL: int(n.sum())}
    cells |= {f"w={w}": int(n[:, w].sum()) for w in range(waves)}
    cells |= {f"g={g}": int(n[g].sum()) for g in range(groups)}
    cells |= {f"g={g}|w={w}": int(n[g, w]) for g, w in itertools.product(range(groups), range(waves))}
    lines = [(ALL, [f"w={w}" for w in range(waves)]), (ALL, [f"g={g}" for g in range(groups)])]
    lines += [(f"w={w}", [f"g={g}|w={w}" for g in range(groups)]) for w in range(waves)]
    lines += [(f"g={g}", [f"g={g}|w={w}" for w in range(waves)]) for g in range(groups)]
    hidden = set(suppress(cells, lines, 5))
    assert not [k for k, v in cells.items() if 0 < v < 5 and k not in hidden]
    assert exactly_determined(cells, lines, hidden) == []


@pytest.fixture
def study(tmp_path, codebook_dict, make_csv):
    """Processed data with region sizes SIZES, varied answers, and a frame."""
    rng = np.random.default_rng(7)
    rows, rid = [], 0
    for region, size in SIZES.items():
        for _ in range(size):
            rid += 1
            rows.append({"resp_id": f"r{rid}", "q1": str(rng.integers(1, 6)), "q2": str(rng.integers(1, 6)),
                         "region": str(region), "years": str(rng.integers(0, 30))})
    data = tmp_path / "export.csv"
    data.write_text(make_csv(rows), encoding="utf-8")
    book = tmp_path / "codebook.yaml"
    book.write_text(yaml.safe_dump(codebook_dict, allow_unicode=True), encoding="utf-8")
    frame = tmp_path / "frame.csv"
    frame.write_text("region_code\n" + "\n".join(str(r) for r, n in SIZES.items() for _ in range(3 * n)) + "\n")
    processed, checked = tmp_path / "responses.parquet", tmp_path / "sampling_frame.parquet"
    clean_export(str(data), str(book), str(processed), str(tmp_path / "report.md"), sampling_frame=str(frame),
                 frame=str(checked))
    return {"processed": str(processed), "codebook": str(book), "frame": str(checked), "dir": tmp_path}


def read(path) -> pd.DataFrame:
    return io.read_table_csv(path)


ITEM_TABLES = ("descriptives", "open_text", "kruskal_wallis", "dunn", "correlations")


def write_plan(study, min_cell: int, plan: str, summary: str | None = None) -> None:
    """The study's protection plan written as the answer-statistics job writes it."""
    disclosure_plan(io.read_processed(study["processed"]), load_codebook(study["codebook"]), min_cell, plan, summary)


FAMILIES = {"kruskal_wallis": [], "dunn": [], "correlations": []}
CORRELATION = {"method": "spearman", "ci_method": "fieller", "confidence": 0.95}


def item_tables(study, min_cell: int) -> dict:
    """The plan and the item statistics step (English) on the study; the paths of its tables."""
    plan = study["dir"] / f"plan{min_cell}.json"
    write_plan(study, min_cell, str(plan))
    paths = {name: str(study["dir"] / f"{name}{min_cell}.csv") for name in ITEM_TABLES}
    statistics(study["processed"], study["codebook"], str(plan), 0.05, False, FAMILIES, CORRELATION, **paths)
    return paths | {"plan": str(plan)}


def test_kruskal_wallis_hides_small_level_and_one_more(study) -> None:
    table = read(item_tables(study, 5)["kruskal_wallis"])
    assert table[["n_2", "mean_rank_2", "n_1", "mean_rank_1"]].isna().all().all()
    assert (table[SUPPRESSED] == "k dropped_levels n_1 mean_rank_1 n_2 mean_rank_2").all()
    assert (table["n_3"] == 20).all() and table["mean_rank_3"].notna().all()
    assert (table["n"] == sum(SIZES.values())).all()
    # the test pools the two hidden levels into one group (H of them apart would tell how their pool splits)
    data = io.read_processed(study["processed"])
    pooled = data["region"].where(data["region"] > 2, 1)
    for _, row in table.iterrows():
        groups = [data.loc[(pooled == g) & data[row["item"]].notna(), row["item"]].astype(float) for g in (1, 3)]
        h = stats.kruskal(*groups)
        assert row["pooled_levels"] == "1 2" and row["df"] == 1
        assert row["H"] == pytest.approx(h.statistic, rel=1e-12) and row["p"] == pytest.approx(h.pvalue, rel=1e-9)
    shown = display(table, "kruskal_wallis", "en")
    assert SUPPRESSED not in shown.columns and (shown == MARKER).sum().sum() == 6 * len(table)  # k too


def test_min_cell_one_hides_nothing(study) -> None:
    tables = item_tables(study, 1)
    for name in ITEM_TABLES:
        assert read(tables[name])[SUPPRESSED].isna().all(), name


def test_dunn_hides_pairs_with_a_hidden_level(study) -> None:
    table = read(item_tables(study, 5)["dunn"])
    assert len(table) == 2 * 3  # two items, pairs 1-2, 1-3, 2-3: each involves the hidden level 1 or 2
    assert table[["n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm"]].isna().all().all()
    assert table[["level1", "level2"]].notna().all().all()  # the pair stays named


def test_plan_file_names_every_hidden_cell_and_why(study) -> None:
    plan = json.loads(open(item_tables(study, 5)["plan"], encoding="utf-8").read())
    assert plan["min_cell"] == 5
    assert plan["hidden"][RESPONDENTS] == {"region=2": {"reason": "primary", "n": 3},
                                           "region=1": {"reason": "secondary", "n": 12}}


def test_the_plan_summary_names_each_hidden_cell_once(study) -> None:
    plan = study["dir"] / "plan.json"
    summary = study["dir"] / "plan.md"
    write_plan(study, 5, str(plan), str(summary))
    text = summary.read_text(encoding="utf-8")
    assert "- min_cell: 5" in text and "| respondents | region=2 | primary | fewer than min_cell | 3 |" in text
    assert "| respondents | region=1 | secondary |" in text
    assert "| q1 | region=2 |" not in text  # hidden for every item through its respondents: listed once
    write_plan(study, 1, str(plan), str(summary))
    assert "nothing is hidden" in summary.read_text(encoding="utf-8")


def test_response_rates_hide_small_group_and_one_more_and_weights_pool_them(study) -> None:
    plan = study["dir"] / "plan.json"
    write_plan(study, 5, str(plan))
    rates, weighted = study["dir"] / "rr.csv", study["dir"] / "weighted.csv"
    paths = {name: str(study["dir"] / f"{name}.csv") for name in ITEM_TABLES}
    statistics(study["processed"], study["codebook"], str(plan), 0.05, False, FAMILIES, CORRELATION, **paths,
               frame=study["frame"], response_rates=str(rates), descriptives_weighted=str(weighted))
    table = read(rates).set_index("group", drop=False)
    assert table.loc[[1, 2], ["responded", "percent"]].isna().all().all()
    assert table.loc[3, "responded"] == 20 and table["sent"].notna().all()
    assert table[table["group"].isna()]["responded"].item() == sum(SIZES.values())
    # Issue 15, case 2: n_effective with the public `sent` solved the hidden `responded`. With the hidden
    # groups pooled into one stratum, n_effective depends only on the pool's total (shown: total minus group 3).
    data = io.read_processed(study["processed"])
    pooled_weight = (3 * (12 + 3) / (3 * 35)) / ((12 + 3) / 35)
    weight = np.where(data["region"].isin([1, 2]), pooled_weight, (3 * 20 / (3 * 35)) / (20 / 35))
    n_eff = weight.sum() ** 2 / (weight ** 2).sum()
    assert read(weighted)["n_effective"].iloc[0] == pytest.approx(n_eff, rel=1e-12)


def test_weighted_figures_of_an_item_with_an_unpooled_hidden_group_are_hidden(codebook) -> None:
    """Region 1 has few valid answers to q1 (not few respondents): the weights keep its own weight, so every
    weighted figure of q1 would add an equation in its hidden count and sum; q2 stays."""
    plan = disclosure.Plan(5, {RESPONDENTS: {}, "q1": {"region=1": "primary", "region=2": "secondary"}, "q2": {}},
                           {RESPONDENTS: {}, "q1": {"region=1": 2, "region=2": 9}, "q2": {}})
    table = pd.DataFrame({"item": ["q1", "q2"], "label": ["a", "b"], "n_valid": [40, 44],
                          "mean_weighted": [3.1, 3.3], "sd_weighted": [1.0, 1.1],
                          "agree_percent_weighted": [40.0, 45.0], "n_effective": [38.2, 42.0], "deff": [1.05, 1.04]})
    out = protect("descriptives_weighted", table, plan, codebook)
    assert out.loc[0, SUPPRESSED] == "mean_weighted sd_weighted agree_percent_weighted n_effective deff"
    assert out.loc[0, "n_valid"] == 40 and out.loc[1, SUPPRESSED] == "" and out.loc[1, "mean_weighted"] == 3.3


def test_reliability_of_fewer_complete_cases_than_min_cell_is_hidden(codebook) -> None:
    """An index scored for many (min_answered) but with 3 complete cases: alpha and item-rest r would rest on
    3 respondents."""
    table = pd.DataFrame({"index": ["idx", "idx", "big", "big"], "label": ["a"] * 4, "n": [3, 3, 40, 40],
                          "k": [2] * 4, "alpha": [0.7, 0.7, 0.8, 0.8], "alpha_ci_low": [0.1] * 4,
                          "alpha_ci_high": [0.9] * 4, "item": ["q1", "q2"] * 2, "reversed": [False] * 4,
                          "item_rest_r": [0.5] * 4, "alpha_if_deleted": [np.nan] * 4})
    out = protect("reliability", table, disclosure.Plan(5), codebook)
    assert out.loc[:1, ["n", "alpha", "item_rest_r"]].isna().all().all() and out.loc[0, "k"] == 2
    assert out.loc[2:, ["n", "alpha"]].notna().all().all() and (out.loc[2:, SUPPRESSED] == "").all()


def nested_wave_study(sizes: dict[tuple[int, int, int], int]) -> tuple[pd.DataFrame, object]:
    """Respondents by (wave, group, municipality) -> n, and a codebook with municipality nested in group."""
    rows = [{"q1": float(1 + (i % 5)), "q1_code": 1 + (i % 5), "aar": w, "gruppe": g, "kommune": k}
            for (w, g, k), n in sizes.items() for i in range(n)]
    codes = sorted({k for _, _, k in sizes})
    book = parse_codebook({
        "study": {"id": "nested", "title": "Nested", "language": "en"}, "id_column": "id",
        "scales": {"s": {"levels": [{"code": c, "label": str(c)} for c in range(1, 6)]}},
        "items": [{"column": "q1", "scale": "s", "label": "Q1"}],
        "factors": [
            {"column": "aar", "compare": False, "label": "Year",
             "levels": [{"code": w, "label": str(2015 + w)} for w in sorted({w for w, _, _ in sizes})]},
            {"column": "gruppe", "label": "Group", "levels": [{"code": 1, "label": "A"}, {"code": 2, "label": "B"}]},
            {"column": "kommune", "label": "Municipality", "levels": [{"code": c, "label": f"M{c}"} for c in codes]},
        ],
        "wave": {"column": "aar"},
    }, source="nested.yaml")
    return pd.DataFrame(rows), book


def test_nested_municipality_of_one_is_not_the_group_minus_the_other() -> None:
    """Issue 15, case 1: group 1 minus its visible municipality gave back a municipality of one respondent in
    2016. Within its group (and wave) one more municipality is hidden; the group row stays."""
    sizes = {(1, 1, 1): 1, (1, 1, 2): 30, (1, 2, 3): 20, (1, 2, 4): 25,
             (2, 1, 1): 12, (2, 1, 2): 30, (2, 2, 3): 20, (2, 2, 4): 25}
    data, book = nested_wave_study(sizes)
    plan = make_plan(data, book, 5)
    assert plan.nesting == {"kommune": "gruppe"}
    hidden = plan.hidden[RESPONDENTS]
    assert {"kommune=1|aar=1", "kommune=2|aar=1"} <= set(hidden)
    assert not plan.is_hidden(RESPONDENTS, "gruppe=1|aar=1")
    # and across waves: municipality 1's and 2's other wave are hidden too, else level total minus it gives
    # the hidden cell back
    assert {"kommune=1|aar=2", "kommune=2|aar=2"} <= set(hidden)


def test_a_small_wave_is_hidden_with_another() -> None:
    """Issue 15, case 4: a wave of 3 respondents showed n = 3 and quartiles that are their answers."""
    sizes = {(1, 1, 1): 20, (1, 2, 3): 20, (2, 1, 1): 2, (2, 2, 3): 1, (3, 1, 1): 30, (3, 2, 3): 25}
    data, book = nested_wave_study(sizes)
    plan = make_plan(data, book, 5)
    assert {"aar=2", "aar=1"} <= set(plan.hidden[RESPONDENTS])
    from likertpipe import waves
    table = protect("descriptives_by_wave", waves.descriptives_by_wave(data, book), plan, book)
    wave_rows = table[(table["wave"] == 2) & (table["factor"] == "")]
    assert wave_rows[["n_valid", "median", "q1", "q3", "mean"]].isna().all().all()
    change = protect("wave_change", waves.wave_change(data, book), plan, book)  # first wave 1, last 3
    everyone = change[change["factor"] == ""]
    assert everyone[["n_first", "n_last", "mean_first", "U", "p"]].isna().all().all()


def test_every_table_name_of_the_workflow_has_a_rule() -> None:
    from pathlib import Path
    common = Path(__file__).parents[1] / "workflow" / "rules" / "common.smk"
    text = common.read_text(encoding="utf-8")
    names = set()
    for block in ("ANSWER_TABLES", "ITEM_TABLES", "FRAME_TABLES", "INDEX_TABLES", "CODING_TABLES", "WAVE_TABLES",
                  "TREND_TABLES", "MODEL_TABLES", "CHANGE_TABLES"):
        start = text.index(f"{block} = [")
        names |= set(yaml.safe_load(text[start + len(block) + 3:text.index("]", start) + 1]))
    assert names == set(RULES)
    with pytest.raises(ValueError, match="no disclosure rule"):
        protect("brand_new", pd.DataFrame({"x": [1]}), disclosure.Plan(5), None)


# --- adjusted p beside a hidden test ------------------------------------------------------------------------

def _toy_rule(hidden_rows):
    return lambda table, plan, book: {i: ["statistic", "p", "p_holm", "p_bh"] for i in hidden_rows}


def _toy_tests(p: list[float], family: list[str] | None = None) -> pd.DataFrame:
    table = pd.DataFrame({"kind": ["a", "a", "a", "b", "b", "b"][:len(p)], "statistic": np.arange(len(p), dtype=float),
                          "p": p})
    return add_adjusted(table, family or [])


@pytest.mark.parametrize("hidden_p", [1e-9, 0.004, 0.3, 0.99])
def test_shown_adjusted_p_take_a_hidden_p_as_one_and_say_nothing_of_it(monkeypatch, hidden_p: float) -> None:
    """Holm and BH of the shown tests as statsmodels' multipletests gives them with the hidden p replaced by 1,
    whatever the hidden p is: without it, a shown p_holm of 4 x the smallest p would print the hidden one."""
    monkeypatch.setitem(RULES, "toy", _toy_rule([0]))
    shown = [0.001, 0.02, 0.04]
    table = protect("toy", _toy_tests([hidden_p, *shown]), disclosure.Plan(5), None, family=[])
    assert table.loc[0, ["p", "p_holm", "p_bh"]].isna().all()
    reference = [1.0, *shown]
    assert np.allclose(table["p_holm"][1:], multipletests(reference, method="holm")[1][1:], rtol=1e-14)
    assert np.allclose(table["p_bh"][1:], multipletests(reference, method="fdr_bh")[1][1:], rtol=1e-14)


def test_the_adjustment_without_the_hidden_p_is_within_each_family(monkeypatch) -> None:
    monkeypatch.setitem(RULES, "toy", _toy_rule([1]))
    p = [0.01, 0.001, 0.03, 0.002, 0.02, 0.5]
    table = protect("toy", _toy_tests(p, ["kind"]), disclosure.Plan(5), None, family=["kind"])
    assert np.allclose(table["p_holm"][[0, 2]], multipletests([0.01, 1.0, 0.03], method="holm")[1][[0, 2]])
    assert np.allclose(table["p_holm"][3:], multipletests(p[3:], method="holm")[1])  # family b: nothing hidden


def test_a_test_repeated_on_several_rows_counts_once(monkeypatch) -> None:
    """The sample table repeats each test on every row of its variable: a family of three tests, not nine."""
    monkeypatch.setitem(RULES, "toy", _toy_rule([0, 1, 2]))
    monkeypatch.setitem(protection.TESTS, "toy", ["variable"])
    tests = pd.DataFrame({"variable": ["x", "y", "z"], "statistic": [1.0, 2.0, 3.0], "p": [1e-6, 0.01, 0.02]})
    adjusted = add_adjusted(tests, [])
    table = pd.DataFrame({"variable": list("xxxyyyzzz")}).merge(adjusted, on="variable")
    out = protect("toy", table, disclosure.Plan(5), None, family=[])
    expected = dict(zip("yz", multipletests([1.0, 0.01, 0.02], method="holm")[1][1:], strict=True))
    assert out.loc[3:, "p_holm"].tolist() == pytest.approx([expected[v] for v in "yyyzzz"], rel=1e-14)


def test_hiding_a_p_beside_adjusted_p_needs_the_family(monkeypatch) -> None:
    monkeypatch.setitem(RULES, "toy", _toy_rule([0]))
    with pytest.raises(ValueError, match="family"):
        protect("toy", _toy_tests([0.01, 0.02]), disclosure.Plan(5), None)
