"""Minimal reproduction of Snakemake's wait at exit, and of what its documented setting does about it.

    python benchmarks/exit_wait.py [--repeats 5]

On each pass of its scheduling loop that leaves jobs waiting, Snakemake's job scheduler starts a
`threading.Timer` of the `--max-jobs-per-timespan` timespan (JobScheduler._schedule_reevalutation) to look
again when the rate limit allows; the timer is not a daemon thread, so after the last job the interpreter
waits for the last timer before it exits, up to the timespan (default 100/1s: up to 1 s per run).

1. A 2-rule Snakefile run with the default, with 1000/0s, and once with 1000/10ms (a timeout of TIMEOUT s).
2. Four 1-second jobs on one core, default against 1000/0s: with a zero timespan every pass that leaves a job
   waiting for a core starts a timer that fires at once, so the scheduler spins while jobs queue.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
from pathlib import Path

import timing

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
TIMEOUT = 30
EXIT = """\
rule all:
    input:
        "b.txt",


rule b:
    output:
        "b.txt",
    shell:
        "echo b > {output}"
"""
QUEUE = """\
rule all:
    input:
        expand("{i}.txt", i=range(4)),


rule b:
    output:
        "{i}.txt",
    shell:
        "sleep 1; echo b > {output}"
"""
DEFAULT, ZERO, MILLISECONDS = "100/1s", "1000/0s", "1000/10ms"


def where() -> str:
    """The file and line of the timer in the installed Snakemake."""
    from snakemake.scheduling.job_scheduler import JobScheduler

    function = JobScheduler._schedule_reevalutation
    parts = Path(inspect.getsourcefile(function)).parts
    shown = "/".join(parts[len(parts) - 1 - parts[::-1].index("snakemake"):])
    return f"{shown}:{inspect.getsourcelines(function)[1]}"


def timespan(setting: str) -> float:
    """Seconds of the timespan as Snakemake parses `setting` (its MaxJobsPerTimespan.parse_choice)."""
    from snakemake.settings.types import MaxJobsPerTimespan

    return MaxJobsPerTimespan.parse_choice(setting).timespan


def _snakemake(folder: Path, setting: str, timeout: float | None = None) -> dict:
    for target in folder.glob("*.txt"):
        target.unlink()
    result = timing.run([SNAKEMAKE, "--cores", "1", "--workflow-profile", "none", "--max-jobs-per-timespan",
                         setting], cwd=folder, timeout=timeout)
    if result["code"] not in (0, None):
        raise SystemExit(f"exit_wait: snakemake failed:\n{result['output']}")
    return {k: v for k, v in result.items() if k != "output"}


def measure(repeats: int) -> dict:
    """Runs of each Snakefile from nothing per setting (the settings alternating), `snakemake --version`
    (Snakemake's start and exit without a workflow), and the one run with 1000/10ms."""
    exit_runs: dict[str, list[dict]] = {DEFAULT: [], ZERO: [], "version": []}
    queue_runs: dict[str, list[dict]] = {DEFAULT: [], ZERO: []}
    with tempfile.TemporaryDirectory(prefix="likertpipe-exit-wait-") as tmp:
        exit_folder, queue_folder = Path(tmp) / "exit", Path(tmp) / "queue"
        for folder, text in ((exit_folder, EXIT), (queue_folder, QUEUE)):
            folder.mkdir()
            (folder / "Snakefile").write_text(text)
        for _ in range(repeats):
            for setting in (DEFAULT, ZERO):
                exit_runs[setting].append(_snakemake(exit_folder, setting))
                queue_runs[setting].append(_snakemake(queue_folder, setting))
            exit_runs["version"].append(timing.run([SNAKEMAKE, "--version"]))
        milliseconds = _snakemake(exit_folder, MILLISECONDS, timeout=TIMEOUT)
    return {"exit": exit_runs, "queue": queue_runs, "milliseconds": milliseconds, "timeout": TIMEOUT,
            "timespans": {s: timespan(s) for s in (DEFAULT, ZERO, MILLISECONDS)}, "where": where(),
            "exit_snakefile": EXIT, "queue_snakefile": QUEUE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    result = measure(parser.parse_args().repeats)
    print(f"timer: {result['where']}; timespans as Snakemake parses them: {result['timespans']}")
    for part in ("exit", "queue"):
        for name, runs in result[part].items():
            wall, cpu = timing.summary(runs, "wall"), timing.summary(runs, "cpu")
            print(f"{part:>5} {name:>9}: wall {wall['median']:.2f} s ({wall['min']:.2f}-{wall['max']:.2f}), "
                  f"CPU {cpu['median']:.2f} s ({cpu['min']:.2f}-{cpu['max']:.2f}), {wall['runs']} runs")
    once = result["milliseconds"]
    print(f" exit {MILLISECONDS}: " + ("did not exit" if once["code"] is None else "exited") +
          f" after {once['wall']:.1f} s")


if __name__ == "__main__":
    main()
