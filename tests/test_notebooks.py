"""The notebooks under notebooks/: stored clean (no outputs, no execution counts), and each runs without a cell
error against the workflow's output in the `run` fixture's copy of the repository."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from repo_copy import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
# What a notebook must print at its end, so that a skipped comparison cannot pass.
MUST_PRINT = {"02_reproduce_article.ipynb": "All published values reproduced."}


class ThisPythonKernelManager(AsyncKernelManager):
    """The "python3" kernel, always started on this interpreter (the venv's python, with ipykernel and
    likertpipe), whatever python a "python3" kernelspec found first (e.g. a user-wide one) would start."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        self.kernel_spec.argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        return super().format_kernel_cmd(extra_arguments)


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel started in `cwd`; raises CellExecutionError at the first failing cell."""
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
                            kernel_manager_class=ThisPythonKernelManager)
    return client.execute()


def printed(nb: nbformat.NotebookNode) -> str:
    return "".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{path.name} has no code cells"
    dirty = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; clear them before committing"


@pytest.mark.workflow
def test_kernel_runs_this_python(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys\nprint(sys.prefix, end='')")])
    assert printed(execute(nb, tmp_path)) == sys.prefix


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_workflow_output(run: Path, path: Path) -> None:
    """Run in a copy of the repository with nothing beside it: the published reference is the repository's."""
    nb = execute(nbformat.read(run / "notebooks" / path.name, as_version=4), run)
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]
    assert not errors, errors
    if path.name in MUST_PRINT:
        assert MUST_PRINT[path.name] in printed(nb)
