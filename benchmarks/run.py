"""Benchmarks of likertpipe on synthetic surveys; writes benchmarks/results.md (`make bench`).

    python benchmarks/run.py [--repeats 3] [--sizes 10000 100000 1000000] [--parts stats workflow demo ...]
    python benchmarks/run.py --quick      # every part once at 10,000: a check that it runs, not a measurement

Every measurement is repeated (--repeats, at least 3 for results.md) and reported as median and range. Wall,
CPU and peak memory are defined in benchmarks/timing.py; the 1-minute load average is recorded before every run
and the load averages before and after the whole benchmark.

- stats: the statistics stage at each size (descriptives, 90 Kruskal-Wallis tests with mean ranks, Dunn after
  each, 435 item pairs and 30 item-covariate Spearman correlations with intervals, Holm/BH) on the cleaned
  data in memory: likertpipe's functions against the baselines of benchmarks/baselines.py, each run in its own
  subprocess (`--measure`), their numbers compared value for value.
- workflow: `snakemake --cores 2 --configfile <study>` in a fresh copy of the repository per run, CSV to every
  output; the workflow as it is, so its profiles/default is read when there is one.
- demo: per run a fresh copy: the cold run, a no-op rerun, and a rerun after editing the first item's `nb`
  label in config/kommunalsjef/codebook.yaml; beside them the import line of issue #16 and `snakemake --version`.
- imports: `python -c "import likertpipe.steps.<adapter>"` of each job adapter, minus `python -c "pass"`.
- exit-wait: Snakemake's wait at exit (benchmarks/exit_wait.py).

Synthetic data (benchmarks/make_survey.py) go to benchmarks/.data/, which git ignores; so do the raw results
(benchmarks/.data/results.json; `--report-only` writes results.md from them again).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests")]  # baselines, timing; reference_impl for the pandas baseline
import timing  # noqa: E402

PYTHON = sys.executable
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
CORES = 2
"""Cores every Snakemake run of the benchmark is given (the machine's two)."""
IMPORTS = "import pandas, scipy.stats, statsmodels.api, matplotlib.pyplot"
ADAPTERS = ("clean", "statistics", "figures", "documents", "manifest")
PARTS = ("stats", "workflow", "demo", "imports", "exit-wait")
IMPLEMENTATIONS = ("likertpipe", "numpy", "pandas")
STRONGEST = "numpy"
PANDAS_ONCE_ABOVE = 100_000  # the pandas baseline takes about 2 minutes at 1,000,000: one run there
EQUIVALENCE = 1e-12
MAX_EXIT_WAIT = 60  # seconds of job-rate timespan in profiles/default beyond which the Snakemake runs are refused
TARGET_SIZE = 1_000_000
DEMO_CODEBOOK = "config/kommunalsjef/codebook.yaml"
GB = 1e9
# What Snakemake's shell gives a job of one thread (snakemake/shell.py): the linear algebra libraries' threads.
# Without it OpenBLAS's threads spin for every small matrix product and count as CPU of the stage.
JOB_THREADS = dict.fromkeys(("OMP_NUM_THREADS", "GOTO_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"), "1")


# --- the statistics stage, one measurement per subprocess ------------------------------------------------

def likertpipe_stage(data, book) -> dict:
    """The four tables as the statistics job computes them (likertpipe.steps.statistics: one tally.Tallies)."""
    from likertpipe import correlate, describe, inference, posthoc, tally
    from likertpipe.multiplicity import add_adjusted

    tallies = tally.Tallies(data)
    kruskal = add_adjusted(inference.kruskal_wallis_table(data, book, tallies=tallies), [])
    return {"descriptives": describe.descriptives(data, book, tallies), "kruskal": kruskal,
            "dunn": add_adjusted(posthoc.dunn_table(data, book, kruskal, False, 0.05, tallies), []),
            "correlations": add_adjusted(correlate.correlation_table(data, book, "spearman", "fieller", 0.95,
                                                                     tallies), [])}


def measure(kind: str, processed: str, codebook: str, out: str) -> None:
    """Time one implementation's stage in this process after its imports and the data's loading: wall
    (perf_counter) and CPU (process_time: every thread) of the stage; peak RSS of the process at the end and
    after loading."""
    import baselines
    import reference_impl  # noqa: F401  imported before the clock starts, as every module the stages use

    import likertpipe.correlate  # noqa: F401
    import likertpipe.describe  # noqa: F401
    import likertpipe.inference  # noqa: F401
    import likertpipe.posthoc  # noqa: F401
    from likertpipe.codebook import load_codebook
    from likertpipe.io import read_processed

    stage = {"likertpipe": likertpipe_stage, "numpy": baselines.numpy_stage, "pandas": baselines.pandas_stage}[kind]
    book = load_codebook(codebook)
    data = read_processed(processed)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * timing.KIB
    wall, cpu = time.perf_counter(), time.process_time()
    tables = stage(data, book)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    Path(out).write_text(json.dumps({
        "wall": wall, "cpu": cpu, "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * timing.KIB,
        "rss_after_load": loaded, "numbers": baselines.numbers(tables)}))


def _max_rel_diff(a: dict, b: dict) -> tuple[float, str]:
    """Largest |a - b| / |b| over every compared value (both NaN counts as equal, one NaN as infinite), and where."""
    import numpy as np

    worst = (0.0, "")
    for key in a:
        x, y = np.array(a[key], dtype=float), np.array(b.get(key, []), dtype=float)
        if x.shape != y.shape or (np.isnan(x) != np.isnan(y)).any():
            return float("inf"), key
        both = ~np.isnan(x)
        diff = np.abs(x[both] - y[both]) / np.maximum(np.abs(y[both]), np.finfo(float).tiny)
        worst = max(worst, (float(diff.max(initial=0.0)), key))
    return worst


def _processed(folder: Path) -> Path:
    """The cleaned data of the survey (written once, as the cleaning job writes it)."""
    from likertpipe import clean, io
    from likertpipe.codebook import load_codebook

    processed = folder / "responses.parquet"
    if not processed.exists():
        export = folder / "export.csv"
        data, _ = clean.clean(io.read_export(export), load_codebook(folder / "codebook.yaml"), str(export))
        io.write_processed(data, processed)
    return processed


def statistics(folder: Path, n: int, repeats: int) -> dict:
    """Each repeat runs every implementation once, in turn, so that a change of load touches all of them."""
    processed = _processed(folder)
    runs = {kind: [] for kind in IMPLEMENTATIONS}
    numbers = {}
    for repeat in range(repeats):
        for kind in IMPLEMENTATIONS:
            if kind == "pandas" and n > PANDAS_ONCE_ABOVE and repeat > 0:
                continue
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                process = _checked(timing.run([PYTHON, __file__, "--measure", kind, "--processed", str(processed),
                                               "--codebook", str(folder / "codebook.yaml"), "--result", out.name],
                                              env=os.environ | JOB_THREADS),
                                   f"statistics stage, {kind}, n={n}")
                result = json.loads(Path(out.name).read_text())
            numbers[kind] = result.pop("numbers")
            runs[kind].append(result | {"load": process["load"]})
    return {"runs": runs, "diff": {kind: _max_rel_diff(numbers["likertpipe"], numbers[kind])
                                   for kind in IMPLEMENTATIONS if kind != "likertpipe"}}


# --- runs of the workflow -------------------------------------------------------------------------------

def _checked(result: dict, what: str) -> dict:
    if result["code"] != 0:
        log = HERE / ".data" / "failed.log"
        log.parent.mkdir(exist_ok=True)
        log.write_text(result["output"])
        status = "timed out" if result["code"] is None else f"exited with {result['code']}"
        raise SystemExit(f"{what}: {status} after {result['wall']:.0f} s; its output is in {log}")
    return result


def _copy_repository(dest: Path) -> Path:
    """The working tree without environments, outputs, caches and benchmark data."""
    ignore = shutil.ignore_patterns(".venv", ".git", "results", ".snakemake", "logs", ".data", "__pycache__",
                                    "*.egg-info", ".pytest_cache", ".ruff_cache")
    shutil.copytree(REPO, dest, ignore=ignore)
    for study in (dest / "data_processed").glob("*/"):
        shutil.rmtree(study)
    return dest


def _jobs(output: str) -> int:
    """Jobs the run executed, from Snakemake's last "i of n steps" line (0 when nothing was to be done)."""
    done = re.findall(r"(\d+) of \d+ steps? \(100%\) done", output)
    return int(done[-1]) if done else 0


def _snakemake(root: Path, args: list[str], what: str, timeout: float | None) -> dict:
    result = _checked(timing.run([SNAKEMAKE, "--cores", str(CORES), *args], cwd=root, timeout=timeout), what)
    return {k: v for k, v in result.items() if k != "output"} | {"jobs": _jobs(result["output"])}


def workflow(folder: Path, n: int, repeats: int, timeout: float) -> dict:
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="likertpipe-bench-") as tmp:
            root = _copy_repository(Path(tmp) / "repo")
            runs.append(_snakemake(root, ["--configfile", str(folder / "config.yaml")], f"workflow n={n}", timeout))
    return {"runs": runs}


def _edit_label(root: Path) -> str:
    """Append " (redigert)" to the first item's nb label in the copy's demo codebook; returns the new label."""
    import yaml

    path = root / DEMO_CODEBOOK
    text = path.read_text(encoding="utf-8")
    items = text.index("\nitems:")
    line = re.compile(r"^(\s+nb: )(.+)$", re.M).search(text, items)
    text = text[:line.end()] + " (redigert)" + text[line.end():]
    path.write_text(text, encoding="utf-8")
    label = yaml.safe_load(text)["items"][0]["label"]["nb"]
    if not label.endswith(" (redigert)"):
        raise SystemExit(f"{DEMO_CODEBOOK}: the first item's nb label is not where the edit expects it")
    return label


def demo(repeats: int, timeout: float) -> dict:
    """Per repeat, in a fresh copy: cold run, no-op rerun, rerun after a label edit; and the two references."""
    names = ("imports", "version", "cold", "noop", "label")
    runs = {name: [] for name in names}
    for _ in range(repeats):
        runs["imports"].append(timing.run([PYTHON, "-c", IMPORTS]))
        runs["version"].append(timing.run([SNAKEMAKE, "--version"]))
        with tempfile.TemporaryDirectory(prefix="likertpipe-demo-") as tmp:
            root = _copy_repository(Path(tmp) / "repo")
            runs["cold"].append(_snakemake(root, [], "demo cold run", timeout))
            runs["noop"].append(_snakemake(root, [], "demo no-op rerun", timeout))
            _edit_label(root)
            runs["label"].append(_snakemake(root, [], "demo rerun after a label edit", timeout))
    return {"runs": {name: [{k: v for k, v in r.items() if k != "output"} for r in rs] for name, rs in runs.items()}}


def imports(repeats: int) -> dict:
    commands = {"pass": "pass", **{m: f"import likertpipe.steps.{m}" for m in ADAPTERS}}
    runs = {name: [] for name in commands}
    for _ in range(repeats):
        for name, code in commands.items():
            result = _checked(timing.run([PYTHON, "-c", code]), f"python -c {code!r}")
            runs[name].append({k: v for k, v in result.items() if k != "output"})
    return {"runs": runs}


def profile() -> dict:
    """What the workflow profile Snakemake reads by itself (profiles/default) sets for the job-rate timer."""
    import yaml

    path = REPO / "profiles" / "default" / "config.yaml"
    if not path.exists():
        return {}
    setting = (yaml.safe_load(path.read_text()) or {}).get("max-jobs-per-timespan")
    if setting is None:
        return {"path": str(path.relative_to(REPO))}
    from exit_wait import timespan

    return {"path": str(path.relative_to(REPO)), "setting": setting, "timespan": timespan(str(setting))}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    versions = subprocess.run([PYTHON, "-c", "import numpy, pandas, scipy; print(numpy.__version__, "
                               "pandas.__version__, scipy.__version__)"], capture_output=True, text=True).stdout.split()
    return {"nproc": os.cpu_count(), "memory": memory, "cpu": cpu, "python": platform.python_version(),
            "os": platform.platform(), "numpy pandas scipy": versions,
            "snakemake": subprocess.run([SNAKEMAKE, "--version"], capture_output=True, text=True).stdout.strip()}


# --- results.md -----------------------------------------------------------------------------------------

def _median(runs: list[dict], key: str = "wall") -> float | None:
    return timing.summary(runs, key).get("median")


def _cell(runs: list[dict], key: str, unit: str = "s") -> str:
    """median (min-max), or the value alone for one run."""
    s = timing.summary(runs, key)
    if not s:
        return "-"
    scale, digits = (GB, 2) if unit == "GB" else (1, 2)
    if s["runs"] == 1:
        return f"{s['median'] / scale:.{digits}f} {unit} (1 run)"
    return f"{s['median'] / scale:.{digits}f} {unit} ({s['min'] / scale:.{digits}f}-{s['max'] / scale:.{digits}f})"


def _loads(runs: list[dict]) -> str:
    s = timing.summary(runs, "load")
    if not s:
        return "-"
    return f"{s['min']:.2f}" if s["min"] == s["max"] else f"{s['min']:.2f}-{s['max']:.2f}"


def report(results: dict) -> str:
    m, args = results["machine"], results["args"]
    before, after = results["load_before"], results["load_after"]
    lines = ["# Benchmarks", "",
             f"Written by `make bench` (`benchmarks/run.py {' '.join(args['argv'])}`) on {results['date']}, "
             f"{args['repeats']} run{'s' if args['repeats'] > 1 else ''} per measurement unless a row says otherwise; "
             "medians with the range (min-max) in brackets. Synthetic surveys from `benchmarks/make_survey.py`: 30 "
             "five-point items with don't know (6), 3 grouping factors (5, 6 and 3 levels), 1 covariate with ties, "
             "about 3% empty cells and 4% don't know.", "",
             "## Machine and load", "",
             f"- CPU: {m['cpu']}, nproc {m['nproc']}; memory {m['memory'] / 2**30:.1f} GiB",
             f"- Python {m['python']}, Snakemake {m['snakemake']}, numpy/pandas/scipy "
             f"{'/'.join(m['numpy pandas scipy'])}; {m['os']}",
             f"- load average (1, 5, 15 min) before the benchmark {before[0]:.2f}, {before[1]:.2f}, {before[2]:.2f}; "
             f"after {after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f}. Each table gives the range of the 1-minute "
             "load just before its runs.", "",
             "Definitions. *wall*: elapsed time (time.perf_counter). *CPU*: user + system time. For a command, of "
             "the process and every descendant it waited for (os.wait4's rusage); for the statistics stage, of the "
             "measuring process during the stage alone (time.process_time, all threads). *peak memory*: for a "
             "command, the peak RSS of the largest single process of its tree (Linux's ru_maxrss from wait4, the "
             "maximum over the process and its waited descendants, not their sum; what `/usr/bin/time -v` reports "
             "as Maximum resident set size, from the same call); for the statistics stage, the peak RSS of its own "
             "process, interpreter, imports and data included, with the RSS after loading the data beside it. "
             "GB = 10^9 bytes."]
    lines += _statistics_section(results)
    lines += _workflow_section(results)
    lines += _demo_section(results)
    lines += _imports_section(results)
    lines += _exit_wait_section(results)
    lines += ["", f"## Targets (issue #16; {TARGET_SIZE:,} respondents x 30 items, this machine)", "",
              "| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {name} | {measured} | {'met' if met else 'not met'} |" for name, measured, met in targets(results)]
    return "\n".join(lines) + "\n"


def _statistics_section(results: dict) -> list[str]:
    stats = results.get("statistics")
    if not stats:
        return []
    lines = ["", "## Statistics stage", "",
             "Descriptives of 30 items, 90 Kruskal-Wallis tests (30 items x 3 factors) with mean ranks, Dunn after "
             "each (every pair of levels), 435 item-item and 30 item-covariate Spearman correlations with Fieller "
             "intervals, Holm and BH over each table, on the cleaned data in memory. Each implementation runs in its "
             "own process, imports and loading before the clock starts, with one thread for the linear algebra "
             "libraries (OPENBLAS_NUM_THREADS=1 and the like, as Snakemake runs a job of one thread).", "",
             "- *likertpipe*: describe.descriptives, inference.kruskal_wallis_table, posthoc.dunn_table, "
             "correlate.correlation_table, multiplicity.add_adjusted, sharing one tally.Tallies as the statistics "
             "job does (each column encoded once, each table counted once, several item pairs per pass over the "
             "data).",
             "- *numpy* (the strongest baseline, benchmarks/baselines.py `numpy_stage`): each column coded once, then "
             "one bincount per table: an item's frequencies, an item x level table per test (Kruskal-Wallis from "
             "midranks of its margins with the tie correction; Dunn from the same table), a joint table per item "
             "pair and per item x covariate (Spearman from the midranks of its margins).",
             f"- *pandas* (`pandas_stage`): the values of each test, scipy.stats.kruskal and rankdata, Dunn by its "
             "formula, `DataFrame.corr(method=\"spearman\")`, numpy's mean and percentiles (tests/reference_impl.py)"
             f"; one run only above {PANDAS_ONCE_ABOVE:,} respondents.", "",
             "| respondents | implementation | wall | CPU | peak memory | RSS after loading | load |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for n, r in stats.items():
        for kind in IMPLEMENTATIONS:
            runs = r["runs"][kind]
            lines.append(f"| {int(n):,} | {kind} | {_cell(runs, 'wall')} | {_cell(runs, 'cpu')} | "
                         f"{_cell(runs, 'max_rss', 'GB')} | {_cell(runs, 'rss_after_load', 'GB')} | {_loads(runs)} |")
    lines += ["", "Ratios of medians (baseline / likertpipe: above 1 means likertpipe is faster) and equivalence: the "
              "largest relative difference |likertpipe - baseline| / |baseline| over every compared value "
              "(descriptives n, mean, SD, median, mode, quartiles, agree/disagree/don't-know percent and the agree "
              "interval; "
              "Kruskal-Wallis n, H, p, Holm and BH p, effect sizes, mean rank per level; Dunn n, mean ranks, z, p, "
              "Holm and BH p; correlation n, rho, interval, p, Holm and BH p), and where it is.", "",
              "| respondents | numpy / likertpipe wall | CPU | max rel diff | pandas / likertpipe wall | CPU | "
              "max rel diff |", "| ---: | ---: | ---: | --- | ---: | ---: | --- |"]
    for n, r in stats.items():
        cells = []
        for kind in ("numpy", "pandas"):
            diff, key = r["diff"][kind]
            for key_ in ("wall", "cpu"):
                cells.append(f"{_median(r['runs'][kind], key_) / _median(r['runs']['likertpipe'], key_):.1f}x")
            cells.append(f"{diff:.1e} ({key})" if diff else "0")
        lines.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
    worst = max(r["diff"][STRONGEST][0] for r in stats.values())
    lines += ["", f"likertpipe and the strongest baseline agree within {EQUIVALENCE:g} at every size: "
              f"{'yes' if worst <= EQUIVALENCE else 'NO'} (largest {worst:.1e}). The pandas baseline computes H as "
              "[12 / (n(n+1)) sum R_j^2 / n_j - 3(n+1)] / C (scipy.stats.kruskal), which cancels digits as n grows; "
              "likertpipe and the numpy baseline sum n_j (Rbar_j - (n+1)/2)^2."]
    return lines


def _workflow_section(results: dict) -> list[str]:
    flows = results.get("workflow")
    if not flows:
        return []
    p = results["profile"]
    said = ("no workflow profile (profiles/default)" if not p else
            f"`{p['path']}` sets max-jobs-per-timespan {p['setting']}, which Snakemake reads as a timespan of "
            f"{p['timespan']:g} s" if "setting" in p else f"`{p['path']}`, without max-jobs-per-timespan")
    lines = ["", "## Whole workflow, CSV to every output", "",
             f"`snakemake --cores 2 --configfile <study>` in a fresh copy of the repository per run; the workflow as "
             f"it is: {said}. *jobs*: the jobs Snakemake ran.", "",
             "| respondents | jobs | wall | CPU | peak memory (largest process) | load |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n, r in flows.items():
        runs = r["runs"]
        lines.append(f"| {int(n):,} | {runs[0]['jobs']} | {_cell(runs, 'wall')} | {_cell(runs, 'cpu')} | "
                     f"{_cell(runs, 'max_rss', 'GB')} | {_loads(runs)} |")
    return lines


def _demo_section(results: dict) -> list[str]:
    d = results.get("demo")
    if not d:
        return []
    r = d["runs"]
    rows = [("cold run (`snakemake --cores 2`, fresh copy)", "cold", f"`python -c \"{IMPORTS}\"`", "imports"),
            ("no-op rerun", "noop", "`snakemake --version`", "version"),
            (f"rerun after editing the first item's nb label in `{DEMO_CODEBOOK}`", "label", "the cold run", "cold")]
    lines = ["", "## Demo study", "",
             "Per run a fresh copy of the repository: the cold run, then the no-op rerun, then the label edit and its "
             "rerun; the two reference commands run in the same rounds.", "",
             "| measurement | jobs | wall | CPU | reference | wall | CPU | ratio (wall) | load |",
             "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    for label, name, reference, ref in rows:
        ratio = _median(r[name]) / _median(r[ref])
        lines.append(f"| {label} | {r[name][0].get('jobs', '-')} | {_cell(r[name], 'wall')} | {_cell(r[name], 'cpu')} "
                     f"| {reference} | {_cell(r[ref], 'wall')} | {_cell(r[ref], 'cpu')} | {ratio:.2f}x | "
                     f"{_loads(r[name])} |")
    cpu, imports_ = _median(r["cold"], "cpu"), _median(r["imports"])
    floor = cpu / CORES
    lines += ["", f"A run on {CORES} cores takes at least its CPU time divided by {CORES}: the cold run's "
              f"{cpu:.2f} s of CPU give a floor of {floor:.2f} s of wall time, {floor / imports_:.2f}x the import "
              f"line, whatever the order of its jobs. Within 4x of the import line ({4 * imports_:.2f} s) the "
              f"run (its {r['cold'][0].get('jobs', '-')} jobs and Snakemake itself) would have to use at most "
              f"{4 * imports_ * CORES:.2f} s of CPU in all (each job's process first spends the CPU of its imports, "
              "in the table below)."]
    return lines


def _imports_section(results: dict) -> list[str]:
    i = results.get("imports")
    if not i:
        return []
    r = i["runs"]
    base_wall, base_cpu = _median(r["pass"]), _median(r["pass"], "cpu")
    lines = ["", "## Import time of each job adapter", "",
             f"`python -c \"import likertpipe.steps.<adapter>\"`, its median minus the median of `python -c \"pass\"` "
             f"({base_wall:.3f} s wall, {base_cpu:.3f} s CPU): what a job pays before it does any work.", "",
             "| adapter | wall | minus pass | CPU minus pass | load |", "| --- | ---: | ---: | ---: | ---: |"]
    for name in ADAPTERS:
        lines.append(f"| likertpipe.steps.{name} | {_cell(r[name], 'wall')} | {_median(r[name]) - base_wall:.3f} s | "
                     f"{_median(r[name], 'cpu') - base_cpu:.3f} s | {_loads(r[name])} |")
    return lines


def _exit_wait_section(results: dict) -> list[str]:
    e = results.get("exit_wait")
    if not e:
        return []
    from exit_wait import DEFAULT, MILLISECONDS, ZERO

    ex, queue, spans = e["exit"], e["queue"], e["timespans"]
    wait = _median(ex[DEFAULT]) - _median(ex[ZERO])
    cpu = _median(ex[DEFAULT], "cpu") - _median(ex[ZERO], "cpu")
    once = e["milliseconds"]
    ended = (f"did not exit within the {e['timeout']} s timeout" if once["code"] is None
             else f"exited after {once['wall']:.1f} s")
    return ["", "## Snakemake's exit wait (for upstream)", "",
            f"**What.** Snakemake {results['machine']['snakemake']} waits after its last job before the process "
            f"exits: up to the `--max-jobs-per-timespan` timespan, {spans[DEFAULT]:g} s with the default "
            f"{DEFAULT}.", "",
            f"**Where.** `{e['where']}`, `JobScheduler._schedule_reevalutation`: each pass of the scheduling loop "
            "that leaves jobs to schedule ends with "
            "`threading.Timer(delay, lambda: self._open_jobs.release()).start()`, the delay being the rate limiter's "
            "timespan. The timer is not a daemon thread, so at exit the interpreter joins the last one, which runs "
            "out its timespan after the work is done.", "",
            "**Reproduction.** `python benchmarks/exit_wait.py`: in an empty folder, this Snakefile, `snakemake "
            "--cores 1 --workflow-profile none --max-jobs-per-timespan <setting>` from nothing:", "",
            "```", e["exit_snakefile"].rstrip(), "```", "",
            "| setting | timespan as parsed | wall | CPU |", "| --- | ---: | ---: | ---: |",
            f"| {DEFAULT} (default) | {spans[DEFAULT]:g} s | {_cell(ex[DEFAULT], 'wall')} | "
            f"{_cell(ex[DEFAULT], 'cpu')} |",
            f"| {ZERO} | {spans[ZERO]:g} s | {_cell(ex[ZERO], 'wall')} | {_cell(ex[ZERO], 'cpu')} |",
            f"| `snakemake --version` (no workflow) | | {_cell(ex['version'], 'wall')} | "
            f"{_cell(ex['version'], 'cpu')} |",
            f"| {MILLISECONDS} (one run) | {spans[MILLISECONDS]:g} s | {ended} | |", "",
            f"**Measured effect.** The default costs {wait:.2f} s of wall time per run against a zero timespan, and "
            f"{cpu:+.2f} s of CPU: the process sleeps.", "",
            "**The documented setting.** `--max-jobs-per-timespan` (`max-jobs-per-timespan:` in a profile) sets the "
            "timespan, but it does not avoid the wait in this version:", "",
            f"- A millisecond timespan is read as minutes: `MaxJobsPerTimespan.arg_re` is "
            "`(?P<count>\\d+)/(?P<timespan>\\d+(h|m|s|ms|w|d))` applied with `re.match`, so the `m` alternative "
            f"matches first and `{MILLISECONDS}` means 1000 jobs per {spans[MILLISECONDS]:g} s; the run then waits "
            "that long at exit. Only whole numbers of h, m, s, w or d can be given, so the shortest nonzero "
            "timespan is 1 s.",
            f"- A zero timespan (`{ZERO}`) ends the run at once but makes the scheduler spin while jobs wait for a "
            "core: every pass starts a timer that fires immediately. Four 1-second jobs on one core "
            "(`python benchmarks/exit_wait.py`, second Snakefile):", "",
            "| setting | wall | CPU |", "| --- | ---: | ---: |",
            f"| {DEFAULT} | {_cell(queue[DEFAULT], 'wall')} | {_cell(queue[DEFAULT], 'cpu')} |",
            f"| {ZERO} | {_cell(queue[ZERO], 'wall')} | {_cell(queue[ZERO], 'cpu')} |", "",
            "Suggested fixes upstream: start the timer as a daemon thread (or cancel the pending one at shutdown), "
            "and parse the timespan with `ms` before `m` and `re.fullmatch`."]


def targets(results: dict) -> list[tuple[str, str, bool]]:
    key, out = str(TARGET_SIZE), []
    d = results.get("demo", {}).get("runs")
    if d:
        cold, imports_, noop, version, label = (_median(d[k]) for k in ("cold", "imports", "noop", "version", "label"))
        out += [("demo cold run within 4x of the import line", f"{cold / imports_:.2f}x", cold <= 4 * imports_),
                ("rerun after a label edit within 0.5x of the cold run", f"{label / cold:.2f}x", label <= 0.5 * cold),
                ("no-op within 2x of `snakemake --version`", f"{noop / version:.2f}x", noop <= 2 * version)]
    else:
        out += [(name, "not measured", False) for name in ("demo cold run within 4x of the import line",
                                                           "rerun after a label edit within 0.5x of the cold run",
                                                           "no-op within 2x of `snakemake --version`")]
    flow = results.get("workflow", {}).get(key)
    if flow:
        wall, memory = _median(flow["runs"]), max(r["max_rss"] for r in flow["runs"])
        out += [(f"{TARGET_SIZE:,} x 30 whole workflow under 25 s", f"{wall:.2f} s", wall < 25),
                (f"{TARGET_SIZE:,} x 30 peak memory under 2 GB (largest of the runs)", f"{memory / GB:.2f} GB",
                 memory < 2 * GB)]
    else:
        out += [(f"{TARGET_SIZE:,} x 30 whole workflow under 25 s", "not measured", False),
                (f"{TARGET_SIZE:,} x 30 peak memory under 2 GB", "not measured", False)]
    stats = results.get("statistics", {}).get(key)
    name = f"statistics stage at {TARGET_SIZE:,} at least 3x faster than the strongest baseline ({STRONGEST})"
    if stats:
        ratio = _median(stats["runs"][STRONGEST]) / _median(stats["runs"]["likertpipe"])
        diff = stats["diff"][STRONGEST][0]
        out += [(name, f"{ratio:.2f}x", ratio >= 3),
                (f"equivalence with it within {EQUIVALENCE:g}", f"{diff:.1e}", diff <= EQUIVALENCE)]
    else:
        out += [(name, "not measured", False)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, TARGET_SIZE])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--quick", action="store_true",
                        help="--repeats 1 --sizes 10000, written to benchmarks/.data/quick.md: a check, not results")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per Snakemake run")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--report-only", action="store_true", help="write results.md again from the results.json")
    parser.add_argument("--measure", choices=IMPLEMENTATIONS, help=argparse.SUPPRESS)
    parser.add_argument("--processed", help=argparse.SUPPRESS)
    parser.add_argument("--codebook", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.processed, args.codebook, args.result)
    if args.quick:
        args.repeats, args.sizes = 1, [10_000]
    output = args.output or (HERE / ".data" / "quick.md" if args.quick else HERE / "results.md")
    saved = HERE / ".data" / ("quick.json" if args.quick else "results.json")
    if args.report_only:
        output.write_text(report(json.loads(saved.read_text())))
        return None
    # Every process measured imports the library of this checkout (the copies' jobs too).
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))
    from make_survey import make_survey

    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "args": {"argv": argv, "repeats": args.repeats}, "load_before": os.getloadavg(), "profile": profile()}
    wait = results["profile"].get("timespan", 0)
    if wait > MAX_EXIT_WAIT and {"workflow", "demo"} & set(args.parts):
        raise SystemExit(f"{results['profile']['path']} sets max-jobs-per-timespan {results['profile']['setting']}, "
                         f"which Snakemake reads as {wait:g} s: every run would wait up to that long at exit (see "
                         "`python benchmarks/exit_wait.py`). Fix the profile, or leave out --parts workflow demo.")
    for n in args.sizes:
        folder = make_survey(n)
        if "stats" in args.parts:
            print(f"n={n:,}: statistics stage", flush=True)
            results.setdefault("statistics", {})[str(n)] = statistics(folder, n, args.repeats)
        if "workflow" in args.parts:
            print(f"n={n:,}: whole workflow", flush=True)
            results.setdefault("workflow", {})[str(n)] = workflow(folder, n, args.repeats, args.timeout)
    if "demo" in args.parts:
        print("demo", flush=True)
        results["demo"] = demo(args.repeats, args.timeout)
    if "imports" in args.parts:
        print("imports", flush=True)
        results["imports"] = imports(args.repeats)
    if "exit-wait" in args.parts:
        print("exit wait", flush=True)
        import exit_wait

        results["exit_wait"] = exit_wait.measure(args.repeats)
    results["load_after"] = os.getloadavg()
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps(results, indent=1))
    output.write_text(report(results))
    print(output.read_text())


if __name__ == "__main__":
    main()
