"""Shared fixtures: a small hand-written codebook and helpers to turn CSV text into a raw export; the session's
one run of the real workflow; the markers of slow tests.

The codebook (built as a plain dict, parsed with `parse_codebook`):
- id column `resp_id`;
- items `q1`, `q2` on scale `agree5`: levels 1-5, don't know 6, declared missing 9 ("not applicable");
- factor `region` with levels 1, 2, 3;
- covariate `years` with min 0;
- yes/no question `changed` on scale `yes_no` (1 yes, 2 no), yes code 1;
- open-text column `comment`;
- a sampling frame read per `region` from the frame's column `region_code`.

Markers (registered in pyproject.toml; `make test-fast` deselects both):
- `workflow`: the test runs the real workflow (a Snakemake subprocess) or a notebook kernel. Every test that
  uses the session's `run` fixture gets it here automatically; the others carry it explicitly. An unmarked test
  that starts Snakemake fails (see `pytest_runtest_setup`), so no end-to-end test lands in the fast set unseen.
- `slow`: in-process but slow, over about 5 s alone (the property-based tests, a 300-case random comparison, a
  100,000-column file); explicit.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest
from repo_copy import SNAKEMAKE, copy_repository, digests

from likertpipe.codebook import Codebook, parse_codebook
from likertpipe.io import read_export

CODEBOOK_SOURCE = "small-codebook.yaml"

# Columns in the order the codebook declares them.
COLUMNS = ["resp_id", "q1", "q2", "region", "years", "changed", "comment"]

# A row with a valid answer everywhere; tests override single cells.
VALID_ROW = {"resp_id": "r1", "q1": "4", "q2": "2", "region": "1", "years": "12", "changed": "1", "comment": ""}

_CODEBOOK = {
    "study": {"id": "small_test", "title": {"nb": "Liten test", "en": "Small test"}, "language": "nb"},
    "id_column": "resp_id",
    "scales": {
        "agree5": {
            "levels": [
                {"code": 1, "label": {"nb": "Helt uenig", "en": "Strongly disagree"}},
                {"code": 2, "label": {"nb": "Uenig", "en": "Disagree"}},
                {"code": 3, "label": {"nb": "Nøytral", "en": "Neutral"}},
                {"code": 4, "label": {"nb": "Enig", "en": "Agree"}},
                {"code": 5, "label": {"nb": "Helt enig", "en": "Strongly agree"}},
            ],
            "dont_know": [{"code": 6, "label": {"nb": "Vet ikke", "en": "Don't know"}}],
            "missing": [{"code": 9, "label": {"nb": "Ikke aktuelt", "en": "Not applicable"}}],
        },
        "yes_no": {
            "levels": [
                {"code": 1, "label": {"nb": "Ja", "en": "Yes"}},
                {"code": 2, "label": {"nb": "Nei", "en": "No"}},
            ],
        },
    },
    "items": [
        {"column": "q1", "scale": "agree5", "label": {"nb": "Første påstand", "en": "First statement"}},
        {"column": "q2", "scale": "agree5", "label": "Second statement (plain string)"},
    ],
    "factors": [
        {
            "column": "region",
            "label": {"nb": "Region", "en": "Region"},
            "levels": [
                {"code": 1, "label": {"nb": "Nord", "en": "North"}},
                {"code": 2, "label": {"nb": "Midt", "en": "Middle"}},
                {"code": 3, "label": {"nb": "Sør", "en": "South"}},
            ],
        }
    ],
    "covariates": [{"column": "years", "label": {"nb": "År", "en": "Years"}, "min": 0}],
    "yes_no": [{"column": "changed", "label": {"nb": "Endret", "en": "Changed"}, "scale": "yes_no", "yes_code": 1}],
    "open_text": [{"column": "comment", "label": {"nb": "Kommentar", "en": "Comment"}}],
    "sampling_frame": {"factor": "region", "column": "region_code"},
}


class Export(NamedTuple):
    """A CSV written to disk and read back by `read_export`."""

    path: Path
    raw: pd.DataFrame


@pytest.fixture
def codebook_dict() -> dict:
    """A fresh, freely modifiable copy of the small codebook as a plain dict."""
    return copy.deepcopy(_CODEBOOK)


@pytest.fixture
def codebook(codebook_dict: dict) -> Codebook:
    return parse_codebook(codebook_dict, source=CODEBOOK_SOURCE)


def csv_text(rows: Iterable[Mapping[str, str]], columns: list[str] | None = None, sep: str = ",") -> str:
    """CSV text with a header row; each row is VALID_ROW updated with the row's cells (quoted where needed)."""
    columns = list(COLUMNS if columns is None else columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        cells = {**VALID_ROW, **row}
        writer.writerow([cells.get(c, "") for c in columns])
    return buffer.getvalue()


@pytest.fixture
def make_csv() -> Callable[..., str]:
    """`make_csv(rows, columns=None, sep=",")`: CSV text from row dicts (missing cells from VALID_ROW)."""
    return csv_text


@pytest.fixture
def read_csv_text(tmp_path: Path) -> Callable[..., Export]:
    """`read_csv_text(text, name="export.csv", bom=False)`: write `text` as UTF-8 and read it with read_export."""

    def read(text: str, name: str = "export.csv", bom: bool = False) -> Export:
        path = tmp_path / name
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return Export(path, read_export(path))

    return read


# --- the real workflow, run once per session in a temporary copy of the repository -----------------------


@pytest.fixture(scope="session")
def run(tmp_path_factory) -> Path:
    """Run `snakemake --cores 2` with no other argument in a fresh copy; return the copy's root."""
    root = copy_repository(tmp_path_factory.mktemp("repo"))
    before = digests(root / "data_raw")
    result = subprocess.run([str(SNAKEMAKE), "--cores", "2"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    assert digests(root / "data_raw") == before, "the workflow changed files under data_raw/"
    return root


# --- markers -------------------------------------------------------------------------------------------------

WORKFLOW_FIXTURES = {"run"}  # a test using one of these runs (or reads) the real workflow


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if WORKFLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.workflow)


def _starts_snakemake(args) -> bool:
    argv = str(args).split() if isinstance(args, str | os.PathLike) else list(args)
    words = [os.path.basename(str(a)) for a in argv[:3]]
    return bool({"snakemake", "likertpipe.report", "likertpipe.verify"} & set(words))  # also `python -m snakemake`


@contextlib.contextmanager
def _no_snakemake(item: pytest.Item) -> Iterator[None]:
    """In a test without the `workflow` marker (and its fixtures' setup), starting Snakemake is an error."""
    if item.get_closest_marker("workflow"):
        yield
        return
    real = subprocess.Popen

    class Guarded(real):
        def __init__(self, args, *rest, **options):
            if _starts_snakemake(args):
                raise RuntimeError(f"{item.nodeid} starts Snakemake ({args!r}) but is not marked "
                                   "@pytest.mark.workflow; mark it so that `make test-fast` leaves it out")
            super().__init__(args, *rest, **options)

    subprocess.Popen = Guarded
    try:
        yield
    finally:
        subprocess.Popen = real


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    with _no_snakemake(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with _no_snakemake(item):
        return (yield)
