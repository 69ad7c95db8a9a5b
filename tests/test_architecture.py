"""docs/architecture.md, the contributor's map, names every module of the library and no module that is gone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from repo_copy import REPO

PACKAGE = REPO / "src" / "likertpipe"
MAP = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")


def modules() -> set[str]:
    """Every module as the map names it: `name` for src/likertpipe/name.py, `steps/name.py` in steps/,
    `figures/name` in figures/ (its __init__ as `figures/__init__`)."""
    found = {path.stem for path in PACKAGE.glob("*.py")}
    found |= {f"figures/{path.stem}" for path in (PACKAGE / "figures").glob("*.py")}
    return found | {f"steps/{path.name}" for path in (PACKAGE / "steps").glob("*.py")}


def named_modules() -> set[str]:
    """The modules the map names: backticked names in the last column of the stage table, in the job adapters'
    column, and in the paragraph on what is outside the workflow."""
    table = [line.split("|") for line in MAP.splitlines() if re.match(r"^\| \d\. ", line)]
    cells = [row[-2] + row[-3] for row in table]
    outside = MAP.split("Outside the workflow:", 1)[1].split("\n\n", 1)[0]
    names = re.findall(r"`([A-Za-z0-9_/.]+)`", " ".join(cells) + outside)
    return {name if name.startswith("steps/") else name.removesuffix(".py") for name in names}


def test_figures_draw_only_from_tables() -> None:
    """No figure module reads data files or the cleaned data: each draws from the table it is given."""
    for path in (PACKAGE / "figures").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "read_processed" not in source and "read_parquet" not in source, path.name


def test_every_module_is_on_the_map() -> None:
    missing = sorted(modules() - named_modules())
    assert not missing, f"modules not named in docs/architecture.md: {missing}"


def test_the_map_names_no_module_that_is_gone() -> None:
    gone = sorted(named_modules() - modules())
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"


COMPUTING = ("io", "codebook", "clean", "inputs", "tally", "count_statistics", "answers", "describe", "inference",
             "posthoc", "correlate", "multiplicity", "weights", "reliability", "waves", "coding", "disclosure",
             "protect", "provenance", "ordinal_models", "trend", "change_models")
RENDERING = ("formatting", "tables", "figures", "documents", "summary", "cleaning_report")


def test_no_computing_module_imports_a_renderer() -> None:
    """Dependencies run one way: compute -> format -> render."""
    pattern = re.compile(rf"^\s*(?:from likertpipe(?:\.| import )|import likertpipe\.)({'|'.join(RENDERING)})\b",
                         re.M)
    found = {name: pattern.findall((PACKAGE / f"{name}.py").read_text(encoding="utf-8")) for name in COMPUTING}
    assert not {name: hits for name, hits in found.items() if hits}


def rule_inputs(smk: Path) -> dict[str, list[str]]:
    """rule name -> the values of its `input:` section, as written in the rule file."""
    return {name: sections.get("input", []) for name, sections in rule_sections(smk, values=True).items()}


def test_render_rules_read_only_protected_tables() -> None:
    """Figures and documents are built from results/{study}/tables/*.csv (and the codebook's labels) only, the
    Word document also from the figures drawn from them: no rendering job can read the cleaned respondent data,
    so nothing bypasses the protection plan."""
    workflow = Path(__file__).parents[1] / "workflow" / "rules"
    for smk in ("figures.smk", "documents.smk"):
        for rule, inputs in rule_inputs(workflow / smk).items():
            assert inputs, rule
            for value in inputs:
                assert (value in ("codebook_path", "table_files", 'config["studies"][name]["codebook"]')
                        or (smk, value) == ("documents.smk", "figure_pngs")
                        or value.startswith(('"results/{study}/tables/', 'f"results/{name}/tables/'))), (
                    smk, rule, value)
    # the figures the documents read are the figure rules' outputs
    common = (workflow / "common.smk").read_text("utf-8")
    body = common.split("def figure_pngs(wildcards):")[1].split("\ndef ")[0]
    assert "study_figures(wildcards.study)" in body and 'endswith(".png")' in body


def test_statistics_rules_read_the_plan() -> None:
    workflow = Path(__file__).parents[1] / "workflow" / "rules"
    for rule, inputs in rule_inputs(workflow / "statistics.smk").items():
        if rule != "answer_statistics":  # which writes the plan; the others read it (through statistics_inputs)
            plans = {'"data_processed/{study}/disclosure_plan.json"', 'f"data_processed/{name}/disclosure_plan.json"'}
            assert inputs == ["**statistics_inputs(name)"] or plans & set(inputs), rule
    common = (workflow / "common.smk").read_text(encoding="utf-8")
    assert '"plan": f"data_processed/{name}/disclosure_plan.json",' in common


def rule_sections(smk: Path, values: bool = False) -> dict[str, dict[str, list[str]]]:
    """rule name -> section (input, output, params, script) -> its entries' names (`name=...`; their values with
    `values`), as written. A rule made per study in a loop (`rule:` then `name: f"..._{name}"`, indented) is named
    by its f-string."""
    rules, name, section, indent = {}, None, None, 0
    lines = smk.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if line.startswith("rule ") or stripped == "rule:":
            indent = len(line) - len(line.lstrip())
            name = line[5:].rstrip(":") if line.startswith("rule ") else lines[number + 2].strip()
            section = None
            rules[name] = {}
        elif name and re.match(rf"^{' ' * (indent + 4)}[a-z_]+:$", line):
            section = line.strip().rstrip(":")
            rules[name][section] = []
        elif name and section and line.startswith(" " * (indent + 8)) and not line.startswith(" " * (indent + 12)):
            entry = stripped.rstrip(",")
            if re.match(r"^[a-z_]+=", entry):
                entry = entry.split("=", 1)[1] if values else entry.split("=", 1)[0]
            rules[name][section].append(entry)
        elif name and stripped and not line.startswith(" " * (indent + 4)):
            name = None
    return rules


ANSWER_TABLES = {"frequencies", "frequencies_by_factor", "item_by_factor", "sample", "yes_no"}
MODEL_JOB_TABLES = {"models", "model_tests", "difference_in_change"}  # common.smk: the models job's tables


def table_lists() -> list[str]:
    """Every table name of common.smk's table lists."""
    import yaml

    text = (Path(__file__).parents[1] / "workflow" / "rules" / "common.smk").read_text(encoding="utf-8")
    names = []
    for block in re.findall(r"^[A-Z]+_TABLES = (\[.*?\])", text, flags=re.M | re.S):
        names += yaml.safe_load(block)
    return names


def test_every_rule_names_exactly_the_arguments_of_its_step() -> None:
    """The contract between the two languages: `runner.run_rule` passes a rule's named inputs, outputs and
    params (but those that only trigger reruns) as keyword arguments, so their names must be the step function's
    parameters."""
    import importlib
    import inspect

    from likertpipe.steps.runner import RERUN_ONLY

    workflow = Path(__file__).parents[1] / "workflow"
    checked = 0
    for smk in sorted((workflow / "rules").glob("*.smk")):
        for rule, sections in rule_sections(smk).items():
            if not sections.get("script"):
                continue
            script = (workflow / "rules" / sections["script"][0].strip('",')).resolve().read_text(encoding="utf-8")
            if "run_rule(" not in script:
                continue  # the manifest's script maps its inputs itself
            module, function = re.search(r"from (likertpipe\.steps\.(?!runner)\w+) import (\w+)", script).groups()
            signature = inspect.signature(getattr(importlib.import_module(module), function)).parameters
            parameters = set(signature)
            required = {n for n, p in signature.items() if p.default is inspect.Parameter.empty}
            named = {n for key in ("input", "output", "params") for n in sections.get(key, [])
                     if re.fullmatch(r"[a-z_]+", n) and n not in RERUN_ONLY}
            if "unpack(clean_inputs)" in sections.get("input", []):  # every input file by its role
                from likertpipe.provenance import STUDY_FILES
                named |= set(STUDY_FILES)
            if "**{" in sections.get("output", []):  # a study's tables, named per study (statistics, models jobs)
                tables = set(table_lists()) - ANSWER_TABLES
                named |= tables & MODEL_JOB_TABLES if rule.startswith('f"models_') else tables - MODEL_JOB_TABLES
            if "**statistics_inputs(name)" in sections.get("input", []):  # the data, plan, codebook, frame, sheet
                named |= {"processed", "plan", "codebook", "frame", "sheet"}
            # every name passed is a parameter, every parameter without a default is passed; the optional ones are
            # what only some studies have (a frame, indices, a coding sheet, a wave)
            assert required <= named <= parameters, (rule, sorted(named - parameters), sorted(required - named))
            checked += 1
    assert checked >= 8


# What each job's adapter may load when imported (issue #16: a job imports only what it uses). scipy.stats and
# statsmodels cost about a second per process, matplotlib about half of one: the checks before any job and the
# manifest need no pandas, the statistics no scipy.stats (scipy.special has every distribution they use), the
# documents no scipy and no matplotlib.
IMPORT_BUDGET = {
    "likertpipe.provenance": ("pandas", "scipy", "matplotlib"),
    "likertpipe.steps.manifest": ("pandas", "scipy", "matplotlib"),
    "likertpipe.steps.clean": ("scipy.stats", "statsmodels", "matplotlib"),
    "likertpipe.steps.statistics": ("scipy.stats", "statsmodels", "matplotlib"),
    "likertpipe.steps.figures": ("scipy", "statsmodels"),
    "likertpipe.steps.documents": ("scipy", "statsmodels", "matplotlib"),
}


@pytest.mark.parametrize("module", sorted(IMPORT_BUDGET))
def test_job_adapters_import_only_what_they_use(module) -> None:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO / "src")}).stdout.split())
    assert not [name for name in IMPORT_BUDGET[module] if name in loaded]
