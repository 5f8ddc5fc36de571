"""Pausing Python's cyclic garbage collector around a bulk read or recording."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block; its state is restored after.

    Folding or verifying the log makes millions of short-lived objects without reference
    cycles, which reference counting frees, while the results grow; the collector's passes
    over them took a quarter of a rebuild and a tenth of an audit (docs/performance.md);
    a recording of many files keeps everything it decides until its one save.
    Objects with cycles made meanwhile, by any thread, are collected once it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
