"""Where a cold run's time goes, job by job (issue #16): a fresh copy of the repository, `snakemake --cores 2`
(and the arguments given), and per Python process of the run when it started, how long its start and imports
took (until it opens its rule's log), its work (until its atexit handlers), its interpreter shutdown (until it
exits: from strace, when installed), when it ended and its CPU time (user + system, to the atexit handlers).

    python benchmarks/job_timeline.py                 # the demo
    python benchmarks/job_timeline.py --configfile benchmarks/.data/n1000000/config.yaml

Seconds from the start of the Snakemake process. benchmarks/timeline_site/sitecustomize.py records each process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import SNAKEMAKE, _copy_repository  # noqa: E402


def exits(trace: Path) -> dict[int, float]:
    """pid -> seconds since midnight of its exit, from `strace -f -tt -e trace=exit_group` output."""
    out = {}
    for line in trace.read_text().splitlines():
        found = re.match(r"(\d+)\s+(\d+):(\d+):(\d+\.\d+) (exit_group|\+\+\+ exited)", line)
        if found:
            pid, h, m, s = int(found[1]), int(found[2]), int(found[3]), float(found[4])
            out[pid] = max(out.get(pid, 0.0), h * 3600 + m * 60 + s)
    return out


def report(records: list[dict], exited: dict[int, float], wall: float, load: float) -> str:
    start = min(r["start"] for r in records)
    midnight = datetime.fromtimestamp(start).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    lines = [f"wall {wall:.2f} s, CPU {sum(r['cpu'] for r in records):.2f} s, 1-minute load before {load:.2f}",
             "",
             "| process | start | start and imports | work | shutdown | end | CPU |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sorted(records, key=lambda r: r["start"]):
        name = " ".join(Path(a).name for a in r["argv"])
        name = re.sub(r"^tmp\w+\.", "", name)
        work = r.get("work", r["start"])
        end = exited.get(r["pid"]) and exited[r["pid"]] + midnight
        shutdown = f"{end - r['atexit']:.2f}" if end else ""
        lines.append(f"| {name} | {r['start'] - start:.2f} | {work - r['start']:.2f} | {r['atexit'] - work:.2f} | "
                     f"{shutdown} | {(end or r['atexit']) - start:.2f} | {r['cpu']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="likertpipe-timeline-") as tmp:
        root = _copy_repository(Path(tmp) / "repo")
        timeline, trace = Path(tmp) / "timeline.jsonl", Path(tmp) / "exits.trace"
        env = os.environ | {"LIKERTPIPE_TIMELINE": str(timeline),
                            "PYTHONPATH": os.pathsep.join([str(HERE / "timeline_site"), str(root / "src")])}
        command = [SNAKEMAKE, "--cores", "2", *sys.argv[1:]]
        if shutil.which("strace"):
            command = ["strace", "-f", "--seccomp-bpf", "-e", "trace=exit_group", "-tt", "-o", str(trace), *command]
        load, began = os.getloadavg()[0], time.perf_counter()
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - began
        records = [json.loads(line) for line in timeline.read_text().splitlines()]
        print(report(records, exits(trace) if trace.exists() else {}, wall, load))


if __name__ == "__main__":
    main()
