"""The figures: each measured against its baseline in the same run, interleaved.

Every measurement is repeated; subject and baseline alternate (subject first in even
repetitions, baseline first in odd ones) so that drift in the machine's speed hits both,
and the median of each is compared. Times come from ``time.perf_counter``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.logs import Log, copied, copy_rows, notifications, open_baseline
from governance import Governance

Measure = Callable[[int], float]


@dataclass
class Figure:
    """One line of the table.

    ``ratio`` is subject speed over baseline speed for throughput and rebuild figures
    (higher is better), time over reference time for ``as-of`` (lower is better), and
    absent for memory. ``met`` is None where there is no target to meet.
    """

    figure: str
    backend: str
    events: int
    unit: str
    subject: float | None
    baseline: float | None
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)


def interleaved(repeats: int, subject: Measure, baseline: Measure) -> tuple[float, float]:
    """The median seconds of ``subject`` and of ``baseline`` over ``repeats`` alternations."""
    subject_times: list[float] = []
    baseline_times: list[float] = []
    for index in range(repeats):
        if index % 2 == 0:
            subject_times.append(subject(index))
            baseline_times.append(baseline(index))
        else:
            baseline_times.append(baseline(index))
            subject_times.append(subject(index))
    return statistics.median(subject_times), statistics.median(baseline_times)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- recording --------------------------------------------------------------------------


def recording(log: Log, repeats: int) -> Figure:
    """Events per second recording the window, one minutes file per transaction, into a
    record that already holds the rest of the log; against eventsourcing saving the same
    facts in the same transactions."""
    backend = log.backend

    def subject(index: int) -> float:
        with copied(backend, log.subject_template, f"rec-s{index}") as url:
            app = Governance(url)
            app.log_position()  # connect before the clock starts

            def record_window() -> None:
                for transaction in log.window:
                    app.record(*transaction.commands, source=transaction.name)

            elapsed = _timed(record_window)
            recorded = app.log_position()
            app.close()
        if recorded != log.size:
            raise AssertionError(f"recorded {recorded} events, expected {log.size}")
        return elapsed

    def baseline(index: int) -> float:
        with copied(backend, log.baseline_template, f"rec-b{index}") as url:
            app = open_baseline(url)
            app.recorder.max_notification_id()

            def save_window() -> None:
                for facts in log.window_facts:
                    app.save(*facts)

            elapsed = _timed(save_window)
            app.close()
        return elapsed

    subject_time, baseline_time = interleaved(repeats, subject, baseline)
    events = log.window_events
    ratio = baseline_time / subject_time
    target = 0.5 if backend.name == "postgres" else 0.7  # issue 14's targets
    return Figure(
        figure="recording",
        backend=backend.name,
        events=log.size,
        unit="events/s",
        subject=events / subject_time,
        baseline=events / baseline_time,
        ratio=ratio,
        target=f">= {target}",
        met=ratio >= target,
        note=f"last {len(log.window)} minutes files ({events} events), {repeats} runs",
    )


def first_file(log: Log, repeats: int) -> Figure:
    """Seconds to record one minutes file in a fresh application, as each ``governance
    record`` command does; against eventsourcing saving the same facts in a fresh one."""
    backend = log.backend
    transaction, facts = log.window[0], log.window_facts[0]

    def subject(index: int) -> float:
        with copied(backend, log.subject_template, f"one-s{index}") as url:
            app = Governance(url)
            app.log_position()
            elapsed = _timed(lambda: app.record(*transaction.commands, source=transaction.name))
            app.close()
        return elapsed

    def baseline(index: int) -> float:
        with copied(backend, log.baseline_template, f"one-b{index}") as url:
            app = open_baseline(url)
            app.recorder.max_notification_id()
            elapsed = _timed(lambda: app.save(*facts))
            app.close()
        return elapsed

    subject_time, baseline_time = interleaved(repeats, subject, baseline)
    return Figure(
        figure="first file",
        backend=backend.name,
        events=log.prefill,
        unit="s",
        subject=subject_time,
        baseline=baseline_time,
        ratio=baseline_time / subject_time,
        target="-",
        met=None,
        note=f"one minutes file ({transaction.events} events) into a fresh application, "
        f"{repeats} runs",
    )


# --- rebuild ----------------------------------------------------------------------------


def _answer(url: str, ask: Callable[[Governance], object]) -> float:
    """Seconds for a fresh application (its store opened first) to answer ``ask``."""
    app = Governance(url)
    app.log_position()
    elapsed = _timed(lambda: ask(app))
    app.close()
    return elapsed


def _status(url: str, as_of: date | None = None, body: str | None = None) -> float:
    """Seconds for ``status()`` in a fresh application, read through the registers."""
    return _answer(url, lambda app: app.status(as_of=as_of, body=body))


def _full_rebuild(url: str) -> float:
    """Seconds for a fresh application to fold the status from the whole log (what
    ``status --known-at`` does, and every status did before the registers)."""
    app = Governance(url)
    position = app.log_position()
    elapsed = _timed(lambda: app.status(known_at=position))
    app.close()
    return elapsed


def _most_rows(url: str, column: str, kind: str) -> str:
    """The ``column`` (body or stream) with the most register rows of ``kind``."""
    app = Governance(url)
    tables = app.recorder.registers  # type: ignore[attr-defined]
    with tables.read() as tx:
        ((value, _),) = tx.rows(
            tables.sql(
                f"SELECT {column}, COUNT(*) AS n FROM {{registers}} WHERE kind = ? "
                f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT 1"
            ),
            (kind,),
        )
    app.close()
    return str(value)


def _a_network(url: str) -> str:
    """The body with the most meetings in the log."""
    return _most_rows(url, "body", "meeting")


def registers(log: Log, repeats: int) -> list[Figure]:
    """``status()`` today, as of a past date and of one body, and the ``history()`` of
    one item, read through the registers, each against a full rebuild of the same log
    (fresh applications both)."""
    url = log.backend.url(log.subject_full)
    Governance(url).status()  # the registers made, if the log was copied without them
    day, body = log.spec.middle_day, _a_network(url)
    item = _most_rows(url, "stream", "item").partition(":")[2]  # the busiest item
    cases: list[tuple[str, Callable[[Governance], object], float | None, str]] = [
        ("status-today", lambda app: app.status(), 0.01, "status()"),
        (
            "status-as-of",
            lambda app: app.status(as_of=day),
            0.01,
            f"status(as_of={day.isoformat()})",
        ),
        ("status-body", lambda app: app.status(body=body), 0.002, f"status(body={body!r})"),
        ("history-item", lambda app: app.history(item), None, f"history({item!r})"),
    ]
    results = []
    for name, ask, target, call in cases:
        subject_time, rebuild_time = interleaved(
            repeats,
            lambda _, ask=ask: _answer(url, ask),  # type: ignore[misc]
            lambda _: _full_rebuild(url),
        )
        ratio = subject_time / rebuild_time
        results.append(
            Figure(
                figure=name,
                backend=log.backend.name,
                events=log.size,
                unit="s",
                subject=subject_time,
                baseline=rebuild_time,
                ratio=ratio,
                target="-" if target is None else f"<= {target}",
                met=None if target is None else ratio <= target,
                note=f"{call} through the registers vs a full rebuild, {repeats} runs",
            )
        )
    return results


def _read_and_decode(url: str) -> float:
    app = open_baseline(url)
    app.recorder.max_notification_id()

    def read() -> None:
        for stored in notifications(app):
            app.mapper.to_domain_event(stored)

    elapsed = _timed(read)
    app.close()
    return elapsed


def rebuild(log: Log, repeats: int) -> Figure:
    """Seconds for a fresh application to read the whole log and compute the status (every
    read model); against eventsourcing reading and decoding the same facts."""
    backend = log.backend
    subject_time, baseline_time = interleaved(
        repeats,
        lambda _: _full_rebuild(backend.url(log.subject_full)),
        lambda _: _read_and_decode(backend.url(log.baseline_full)),
    )
    ratio = baseline_time / subject_time
    return Figure(
        figure="rebuild",
        backend=backend.name,
        events=log.size,
        unit="s",
        subject=subject_time,
        baseline=baseline_time,
        ratio=ratio,
        target=">= 0.7",
        met=ratio >= 0.7,
        note=f"status(known_at=the last position) from a fresh app, folding the whole log, "
        f"vs select_notifications + to_domain_event, "
        f"{repeats} runs",
    )


def as_of(log: Log, repeats: int) -> Figure:
    """Seconds for ``status(as_of=<a past date>)`` against ``status()`` for today."""
    url = log.backend.url(log.subject_full)
    day = log.spec.middle_day
    past_time, today_time = interleaved(
        repeats, lambda _: _status(url, day), lambda _: _status(url)
    )
    ratio = past_time / today_time
    return Figure(
        figure="as-of",
        backend=log.backend.name,
        events=log.size,
        unit="s",
        subject=past_time,
        baseline=today_time,
        ratio=ratio,
        target="<= 2",
        met=ratio <= 2,
        note=f"status(as_of={day.isoformat()}) vs status() for today, {repeats} runs",
    )


# --- the command line's start ----------------------------------------------------------


def _started(command: Sequence[str]) -> Measure:
    """Seconds from starting ``command`` to its end, its output thrown away."""
    return lambda _: _timed(
        lambda: subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
    )


def startup(runs: int) -> list[Figure]:
    """Seconds for the installed ``governance`` command to show ``--help`` and
    ``--version``, each against ``python -c pass`` (the interpreter's own start)."""
    beside = Path(sys.executable).with_name("governance")
    command = str(beside) if beside.is_file() else shutil.which("governance")
    if command is None:
        note = "skipped: no governance command beside the interpreter or on PATH"
        return [
            Figure(f"start {flag}", "-", 0, "s", None, None, None, "<= 0.25 s", None, note)
            for flag in ("--help", "--version")
        ]
    results: list[Figure] = []
    for flag in ("--help", "--version"):
        subject, baseline = interleaved(
            runs, _started([command, flag]), _started([sys.executable, "-c", "pass"])
        )
        results.append(
            Figure(
                figure=f"start {flag}",
                backend="-",
                events=0,
                unit="s",
                subject=subject,
                baseline=baseline,
                ratio=subject / baseline,
                target="<= 0.25 s",
                met=subject <= 0.25,
                note=f"governance {flag} vs python -c pass, {runs} runs each",
            )
        )
    return results


# --- audit ------------------------------------------------------------------------------


def _raw_read_and_hash(url: str) -> float:
    app = Governance(url)
    app.log_position()

    def read() -> None:
        for stored in notifications(app):
            hashlib.sha256(stored.state).digest()

    elapsed = _timed(read)
    app.close()
    return elapsed


def audit(log: Log, repeats: int) -> Figure:
    """Seconds for ``governance.audit.verify_store`` against a digest of the log; against
    reading the same rows raw and hashing each stored state (SHA-256)."""
    figure = Figure(
        figure="audit verify",
        backend=log.backend.name,
        events=log.size,
        unit="s",
        subject=None,
        baseline=None,
        ratio=None,
        target=">= 0.5",
        met=None,
    )
    try:
        from governance.audit import take_digest, verify_store, write_digest  # noqa: PLC0415
    except ImportError:
        figure.note = "n/a (audit not built yet)"
        return figure
    url = log.backend.url(log.subject_full)
    with tempfile.TemporaryDirectory(prefix="governance-bench-digest-") as folder:
        app = Governance(url)
        digest = write_digest(take_digest(app), Path(folder) / "digest.json")
        app.close()

        def verify(_: int) -> float:
            app = Governance(url)
            app.log_position()
            verdicts = []
            elapsed = _timed(lambda: verdicts.append(verify_store(app, digest)))
            app.close()
            if not verdicts[0].intact:
                raise AssertionError(f"the benchmark log is not intact: {verdicts[0].report()}")
            return elapsed

        try:
            subject_time, baseline_time = interleaved(
                repeats, verify, lambda _: _raw_read_and_hash(url)
            )
        except Exception as error:  # the auditor is new: report it, measure the rest
            figure.note = f"n/a (audit failed: {type(error).__name__}: {error})"
            return figure
    figure.subject, figure.baseline = subject_time, baseline_time
    figure.ratio = baseline_time / subject_time
    figure.met = figure.ratio >= 0.5
    figure.note = f"verify_store(app, digest) vs select_notifications + sha256, {repeats} runs"
    return figure


# --- memory -----------------------------------------------------------------------------


def peak_memory(url: str) -> dict[str, float]:
    """Run a rebuild in a fresh interpreter; its resident memory after the imports and
    at its peak, in MB (``benchmarks.memory``)."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def memory(
    log: Log, sizes: Sequence[int], limit_mb: float = 400.0, flat_mb: float = 10.0
) -> list[Figure]:
    """Peak memory of a rebuild at each size (a prefix of ``log``). The target: at most
    ``limit_mb`` at every size, and flat: growing at most ``flat_mb`` per 100 thousand
    events from the smallest size to the largest."""
    backend = log.backend
    source = Governance(backend.url(log.subject_full))
    peaks: list[tuple[int, dict[str, float]]] = []
    for size in sizes:
        store = f"mem-{size}"
        backend.drop(store)
        if size >= log.size:
            backend.copy(log.subject_full, store)
        else:
            target = Governance(backend.url(store))
            copy_rows(source, target, limit=size)
            target.close()
        peaks.append((min(size, log.size), peak_memory(backend.url(store))))
        backend.drop(store)
    source.close()
    (first, smallest), (last, largest) = peaks[0], peaks[-1]
    growth = (largest["peak_mb"] - smallest["peak_mb"]) / max(last - first, 1) * 100_000
    flat = growth <= flat_mb
    return [
        Figure(
            figure="peak memory",
            backend=backend.name,
            events=size,
            unit="MB",
            subject=result["peak_mb"],
            baseline=None,
            ratio=None,
            target=f"<= {limit_mb:.0f} MB, flat",
            met=all(r["peak_mb"] <= limit_mb for _, r in peaks) and flat,
            note=f"{result['imported_mb']:.0f} MB after the imports; grows "
            f"{growth:.0f} MB per 100k events from {first:,} to {last:,} "
            f"(flat: at most {flat_mb:.0f})",
        )
        for size, result in peaks
    ]
