"""likertpipe.labels: what in a codebook only labels the outputs, and the label columns attached at render time."""

from __future__ import annotations

import os
import re
import subprocess

import pandas as pd
import pytest
import yaml
from repo_copy import REPO, SNAKEMAKE

from likertpipe import answers, describe, labels, protect, waves
from likertpipe.clean import clean
from likertpipe.codebook import analysis_digest, load_codebook
from likertpipe.io import read_export, read_table

DEMO = REPO / "config" / "kommunalsjef" / "codebook.yaml"
WAVES = REPO / "config" / "statlig_finansiering" / "codebook.yaml"


def edited(tmp_path, change) -> str:
    """A copy of the demo codebook with `change(data)` applied."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def unchanged(data):
    pass


def set_item_label(data):
    data["items"][0]["label"]["nb"] = "Ny tekst"


def set_title(data):
    data["study"]["title"] = "Another title"


def set_language(data):
    data["study"]["language"] = "en"


def set_factor_label(data):
    data["factors"][1]["label"] = "Gruppe"


def set_index_label(data):
    data["indices"][0]["label"] = {"nb": "Indeks"}


def set_level_label(data):
    data["scales"]["grad5"]["levels"][0]["label"]["nb"] = "Svært liten grad"


def set_scale(data):
    data["items"][0]["scale"] = "ja_nei"


def set_min_answered(data):
    data["indices"][0]["min_answered"] = 3


def drop_dont_know(data):
    del data["scales"]["grad5"]["dont_know"]


@pytest.mark.parametrize("change", [set_item_label, set_title, set_language, set_factor_label, set_index_label])
def test_display_edits_keep_the_analysis_digest(tmp_path, change) -> None:
    assert analysis_digest(edited(tmp_path, change)) == analysis_digest(edited(tmp_path, unchanged))


@pytest.mark.parametrize("change", [set_level_label, set_scale, set_min_answered, drop_dont_know])
def test_analysis_edits_change_the_digest(tmp_path, change) -> None:
    """A level label is analysed too: cleaning reads an answer given as its label text."""
    assert analysis_digest(edited(tmp_path, change)) != analysis_digest(edited(tmp_path, unchanged))


def test_every_published_table_has_its_labels() -> None:
    assert set(labels.LABELS) == set(protect.RULES)


@pytest.fixture(scope="module")
def demo():
    book = load_codebook(DEMO)
    data, _ = clean(read_export(REPO / "data_raw" / "kommunalsjef" / "demo_export.csv"), book, "demo")
    return data, book


def test_labels_follow_their_codes_in_the_language_asked(demo) -> None:
    data, book = demo
    table = labels.attach("frequencies_by_factor", answers.frequencies_by_factor(data, book), book, "en")
    assert list(table.columns[:7]) == ["factor", "group", "group_label", "item", "code", "level", "status"]
    row = table[(table["factor"] == "utdanning") & (table["group"] == 3) & (table["code"] == 6)].iloc[0]
    assert (row["group_label"], row["level"]) == ("Economics/management degree", "Don't know")
    assert table.loc[table["status"] == "blank", "level"].eq("").all()


def test_the_total_of_the_response_rates_is_a_word(demo) -> None:
    data, book = demo
    frame = read_table(REPO / "data_raw" / "kommunalsjef" / "sampling_frame.csv")
    table = labels.attach("response_rates", describe.response_rates(data, frame, book), book, "nb")
    assert table["label"].tolist()[0] == "2 000-9 999 innb., lave frie inntekter"
    assert table["label"].tolist()[-1] == "Totalt"


def test_wave_codes_of_a_change_are_read_by_their_labels() -> None:
    book = load_codebook(WAVES)
    data, _ = clean(read_export(REPO / "data_raw" / "statlig_finansiering" / "demo_export.csv"), book, "waves")
    change = waves.wave_change(data, book)
    assert change["first_wave"].unique().tolist() == [1]
    shown = labels.attach("wave_change", change, book, "nb")
    assert shown["first_wave"].unique().tolist() == ["2016"] and shown["last_wave"].unique().tolist() == ["2021"]
    assert shown.loc[shown["factor"].isna() | (shown["factor"] == ""), "group_label"].eq("").all()


def test_no_computing_table_holds_a_label(demo) -> None:
    """The computing jobs' tables carry codes only: no label text of the codebook in any cell."""
    data, book = demo
    texts = {text for item in book.items for text in item.label.values()}
    texts |= {text for factor in book.factors for lv in factor.levels for text in lv.label.values()}
    for table in (answers.frequencies(data, book), answers.frequencies_by_factor(data, book),
                  describe.descriptives(data, book), describe.open_text_counts(data, book)):
        assert not texts & {str(value) for value in table.to_numpy().ravel()}


@pytest.mark.parametrize("edit", [("E1", "Ny tekst til E1"), ("title", "Ny tittel")])
def test_a_label_edit_reruns_only_rendering(run, edit) -> None:
    """After a run, editing an item's label or the title plans figures, documents and the manifest, never the
    cleaning or a statistics job (a dry run; the codebook is restored with its timestamp)."""
    codebook = run / "config" / "kommunalsjef" / "codebook.yaml"
    original, stamp = codebook.read_bytes(), codebook.stat()
    text = original.decode("utf-8")
    if edit[0] == "E1":
        text = text.replace("nb: Felles tildelingskontor behandler søknader og fatter vedtak", f"nb: {edit[1]}")
    else:
        text = text.replace("nb: Kommunalsjefsundersøkelsen om organisering", f"nb: {edit[1]} om organisering")
    assert text != original.decode("utf-8")
    try:
        codebook.write_text(text, encoding="utf-8")
        result = subprocess.run([str(SNAKEMAKE), "-n", "--cores", "1"], cwd=run, capture_output=True, text=True)
    finally:
        codebook.write_bytes(original)
        os.utime(codebook, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert result.returncode == 0, result.stderr[-2000:]
    planned = set(re.findall(r"^rule (\w+):", result.stdout, flags=re.MULTILINE))
    assert planned and not planned & {"clean", "answer_statistics", "statistics_kommunalsjef"}
    assert {"study_documents", "manifest"} <= planned


def test_an_analysis_edit_reruns_the_cleaning(run) -> None:
    codebook = run / "config" / "kommunalsjef" / "codebook.yaml"
    original, stamp = codebook.read_bytes(), codebook.stat()
    try:
        codebook.write_text(original.decode("utf-8").replace("min_answered: 2", "min_answered: 3"), encoding="utf-8")
        result = subprocess.run([str(SNAKEMAKE), "-n", "--cores", "1"], cwd=run, capture_output=True, text=True)
    finally:
        codebook.write_bytes(original)
        os.utime(codebook, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rule clean:" in result.stdout and "rule statistics_kommunalsjef:" in result.stdout


def test_read_labelled_names_the_table_by_its_file(tmp_path, demo) -> None:
    data, book = demo
    path = tmp_path / "descriptives.csv"
    describe.descriptives(data, book).to_csv(path, index=False)
    table = labels.read_labelled(path, book, "en")
    assert table["label"].tolist()[0] == "A joint allocation office processes applications and makes decisions"
    assert isinstance(table, pd.DataFrame)
