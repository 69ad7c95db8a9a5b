"""Loaded by every Python process of a run of benchmarks/job_timeline.py (through PYTHONPATH): when
LIKERTPIPE_TIMELINE names a file, append one JSON line per process at exit: its argv, when it started (from
/proc), when it opened its first file under logs/ for writing (a job's rule log: its imports are done), when its
atexit handlers ran (its work is done), its pid and its CPU time."""

import atexit
import json
import os
import resource
import sys
import time

_OUT = os.environ.get("LIKERTPIPE_TIMELINE")
if _OUT:
    _now = time.time()
    with open("/proc/self/stat") as _stat, open("/proc/uptime") as _uptime:
        _ticks = int(_stat.read().rsplit(")", 1)[1].split()[19])
        _STARTED = _now - (float(_uptime.read().split()[0]) - _ticks / os.sysconf("SC_CLK_TCK"))
    _marks = {}

    def _hook(event, args):
        if event == "open" and "work" not in _marks and isinstance(args[0], str) and args[0].startswith("logs/") \
                and args[1] in ("w", "wt"):
            _marks["work"] = time.time()

    def _record():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(_OUT, "a", encoding="utf-8") as out:
            out.write(json.dumps({"argv": sys.argv[:2], "pid": os.getpid(), "start": _STARTED, **_marks,
                                  "atexit": time.time(), "cpu": usage.ru_utime + usage.ru_stime}) + "\n")

    sys.addaudithook(_hook)
    atexit.register(_record)
