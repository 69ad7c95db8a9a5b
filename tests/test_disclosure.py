"""Disclosure control: figures of groups under min_cell are hidden, with secondary suppression, in the tables
the workflow writes (checked on a dataset built to have a small group)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from likertpipe.disclosure import MARKER, levels_to_hide, suppress_small_groups
from likertpipe.steps.clean import clean_export
from likertpipe.steps.statistics import frame_statistics, item_statistics

SIZES = {1: 12, 2: 3, 3: 20}  # region 2 has 3 respondents: below min_cell 5


def test_one_small_level_hides_the_next_smallest_too() -> None:
    assert levels_to_hide({1: 12, 2: 3, 3: 20}, 5) == {2, 1}


def test_two_small_levels_need_no_secondary() -> None:
    assert levels_to_hide({1: 12, 2: 3, 3: 4}, 5) == {2, 3}


def test_empty_levels_and_large_levels_stay() -> None:
    assert levels_to_hide({1: 12, 2: 0, 3: 20}, 5) == set()
    assert levels_to_hide({1: 5, 2: 5}, 5) == set()
    assert levels_to_hide({1: 3}, 5) == {1}


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
    return pd.read_csv(path, dtype=str, keep_default_na=False)


ITEM_TABLES = ("descriptives", "frequencies", "open_text", "kruskal_wallis", "dunn", "correlations")


def item_tables(study, min_cell: int) -> dict:
    """Run the item statistics step (English) on the study; the paths of its tables, CSV then Markdown."""
    paths = {name: [str(study["dir"] / f"{name}.csv"), str(study["dir"] / f"{name}.md")] for name in ITEM_TABLES}
    item_statistics(study["processed"], study["codebook"], "en", list(ITEM_TABLES), min_cell, 0.05, False,
                    {"kruskal_wallis": [], "dunn": [], "correlations": []},
                    {"method": "spearman", "ci_method": "fieller", "confidence": 0.95}, **paths)
    return {name: files[0] for name, files in paths.items()} | {"kruskal_wallis.md": paths["kruskal_wallis"][1]}


def test_kruskal_wallis_hides_small_level_and_one_more(study) -> None:
    table = read(item_tables(study, 5)["kruskal_wallis"])
    assert (table[["n_2", "mean_rank_2", "n_1", "mean_rank_1"]] == MARKER).all().all()
    assert (table["n_3"] == "20").all() and (table["mean_rank_3"] != MARKER).all()
    assert (table["H"] != MARKER).all() and (table["n"] == str(sum(SIZES.values()))).all()
    # the hidden n cannot be recovered: two unknowns against one total
    assert ((table[[f"n_{c}" for c in SIZES]] == MARKER).sum(axis=1) != 1).all()


def test_min_cell_one_hides_nothing(study) -> None:
    tables = item_tables(study, 1)
    assert not (read(tables["kruskal_wallis"]) == MARKER).any().any()
    assert not (read(tables["dunn"]) == MARKER).any().any()


def test_dunn_hides_pairs_with_a_hidden_level(study) -> None:
    table = read(item_tables(study, 5)["dunn"])
    assert len(table) == 2 * 3  # two items, pairs 1-2, 1-3, 2-3: each involves the hidden level 1 or 2
    assert (table[["n1", "n2", "mean_rank1", "mean_rank2", "z", "p", "p_holm"]] == MARKER).all().all()
    assert (table["level1_label"] != MARKER).all()


def test_response_rates_hide_small_group_and_one_more(study) -> None:
    out = study["dir"] / "rr.csv"
    frame_statistics(study["processed"], study["frame"], study["codebook"], None, [], 5, [str(out)],
                     [str(study["dir"] / "weighted.csv")])
    table = read(out).set_index("group")
    assert (table.loc[["1", "2"], ["responded", "percent"]] == MARKER).all().all()
    assert table.loc["3", "responded"] == "20" and table.loc["", "responded"] == str(sum(SIZES.values()))
    assert (table["sent"] != MARKER).all()


def test_markdown_shows_the_marker_and_the_note(study) -> None:
    text = Path(item_tables(study, 5)["kruskal_wallis.md"]).read_text(encoding="utf-8")
    assert f"| {MARKER} |" in text and "min_cell" in text


def test_small_groups_hidden_with_a_second_group_per_item_factor_and_wave() -> None:
    table = pd.DataFrame({
        "item": ["q1"] * 4 + ["q2"] * 4, "factor": ["", "region", "region", "region"] * 2,
        "group": pd.array([None, 1, 2, 3] * 2, dtype="Int64"), "group_label": ["", "a", "b", "c"] * 2,
        "n_valid": [35, 12, 3, 20, 35, 12, 10, 13], "mean": [3.1, 3.0, 4.5, 2.9, 3.2, 3.3, 3.0, 3.1]})
    hidden = suppress_small_groups(table, ["n_valid"], ["item", "factor"], 5)
    marked = hidden[["n_valid", "mean"]] == MARKER
    assert marked.all(axis=1).tolist() == [False, True, True, False] + [False] * 4
    assert not marked.any(axis=1).iloc[4:].any() and hidden.loc[0, "n_valid"] == 35
    assert (hidden[["item", "group_label"]] == table[["item", "group_label"]]).all().all()


def test_numbers_read_the_marker_and_empty_cells_as_missing(tmp_path) -> None:
    """A column written with the marker and read back from its CSV (text) gives floats with NaN where hidden."""
    from likertpipe import io
    from likertpipe.disclosure import hidden_cells, numbers, unhide

    table = pd.DataFrame({"label": ["a", "b", "c"], "n": [12, MARKER, pd.NA], "mean": [3.5, MARKER, 2.25]})
    io.write_csv(table, tmp_path / "t.csv")
    back = io.read_table_csv(tmp_path / "t.csv")
    assert hidden_cells(back["n"]).tolist() == [False, True, False]
    values = numbers(back["mean"])
    assert values.dtype == float and values[0] == 3.5 and np.isnan(values[1]) and values[2] == 2.25
    plain = unhide(back)
    assert plain["label"].tolist() == ["a", "b", "c"]  # text stays text
    assert plain["n"].iloc[0] == 12 and plain[["n", "mean"]].iloc[1].isna().all()
    with pytest.raises(ValueError):
        numbers(pd.Series(["1", "x"]))  # other text is a bug, not a hidden value
