"""Peak memory of one rebuild, measured in a fresh interpreter.

``python -m benchmarks.memory STORE_URL`` computes the status of the store from a fresh
application and prints one JSON line: the resident set size after the imports
(``imported_mb``) and at its peak (``peak_mb``).

The peak is ``VmHWM`` of ``/proc/self/status``: on Linux, ``resource.getrusage`` keeps the
high-water mark of the parent process across ``fork`` and ``exec``, so a child started by a
large benchmark process would report the parent's peak. Elsewhere ``ru_maxrss`` is used.
"""

from __future__ import annotations

import json
import resource
import sys

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
    imported = _max_rss_mb()
    app = Governance(argv[0])
    app.status()
    peak = _max_rss_mb()
    events = app.log_position()
    app.close()
    sys.stdout.write(
        json.dumps({"events": events, "imported_mb": imported, "peak_mb": peak}) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
