"""Peak memory of a status or of a recording, measured in a fresh interpreter.

``python -m benchmarks.memory status STORE_URL`` computes the status of the store from a
fresh application; ``python -m benchmarks.memory record STORE_URL WINDOW`` records the
minutes files of ``WINDOW`` (a pickled list of ``(name, commands)``, written by
``benchmarks.figures.memory_recording``) one per transaction. Either prints one JSON line:
the resident set size after the imports (``imported_mb``) and at its peak (``peak_mb``),
and the events in the log at the end (``events``).

The peak is ``VmHWM`` of ``/proc/self/status``: on Linux, ``resource.getrusage`` keeps the
high-water mark of the parent process across ``fork`` and ``exec``, so a child started by a
large benchmark process would report the parent's peak. Elsewhere ``ru_maxrss`` is used.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
from pathlib import Path

from benchmarks.logs import quiet_logging
from governance import Governance


def _max_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # kB on Linux, bytes on macOS
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def main(argv: list[str]) -> int:
    quiet_logging()
    what, url, *window_file = argv
    window = pickle.loads(Path(window_file[0]).read_bytes()) if what == "record" else []
    imported = _max_rss_mb()
    app = Governance(url)
    if what == "status":
        app.status()
    for name, commands in window:
        app.record(*commands, source=name)
    peak = _max_rss_mb()
    events = app.log_position()
    app.close()
    sys.stdout.write(
        json.dumps({"events": events, "imported_mb": imported, "peak_mb": peak}) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
