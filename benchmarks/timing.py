"""Running a command and measuring it: wall time, CPU time and peak memory of its whole process tree.

- wall: time.perf_counter from just before the process is spawned to just after it is reaped;
- cpu: user + system time of the process and of every descendant it waited for (os.wait4's rusage of the
  child; on Linux the same as the RUSAGE_CHILDREN delta of the caller around the run);
- max_rss: the peak resident set size of the largest single process in that tree, not their sum: Linux fills
  wait4's ru_maxrss with the maximum over the child and its waited descendants (it is what `/usr/bin/time -v`
  prints as "Maximum resident set size", from the same wait4 call);
- load: the 1-minute load average just before the run (os.getloadavg).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time

KIB = 1024


def run(args: list[str], cwd=None, env=None, timeout: float | None = None) -> dict:
    """Run `args` to the end (killing its process group after `timeout` seconds) and measure it. Returns wall,
    cpu, max_rss (bytes), load, code (None on timeout) and output (stdout and stderr, the last 20,000
    characters)."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode(errors="replace")[-20_000:]
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "max_rss": usage.ru_maxrss * KIB, "load": load,
            "code": None if expired.is_set() else process.returncode, "output": output}


def summary(runs: list[dict], key: str) -> dict:
    """Median, min and max of `key` over the runs that have it."""
    values = [r[key] for r in runs if r.get(key) is not None]
    if not values:
        return {}
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}
