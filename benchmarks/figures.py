"""The figures: each measured against its baseline in the same run, interleaved.

Every measurement is repeated; subject and baseline alternate (subject first in even
repetitions, baseline first in odd ones) so that drift in the machine's speed hits both,
and the median of each is compared. Times come from ``time.perf_counter``.
"""

from __future__ import annotations

import compileall
import hashlib
import itertools
import json
import pickle
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs

import governance
from benchmarks.logs import (
    BaselineFact,
    Log,
    SQLiteBackend,
    baseline_fact,
    copied,
    copy_rows,
    decode,
    notifications,
    open_baseline,
)
from governance import Due, Governance, parse_file
from governance.projections import Status
from governance.projections.assignments import AssignmentRow
from governance.projections.mandates import MandateRow
from governance.projections.obligations import ObligationRow
from governance.projections.tabled_items import TabledItemRow

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


#: Issue 14's targets for recording: the ratio to eventsourcing's save of the same events.
RECORDING_TARGETS = {"sqlite": 0.7, "postgres": 0.5}


def unmeasured(figure: str, backend: str, events: int, unit: str, target: str) -> Figure:
    """A line of the table to fill in once measured (its note says why, if it is not)."""
    return Figure(figure, backend, events, unit, None, None, None, target, None)


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
    target = RECORDING_TARGETS[backend.name]
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


def recording_with_views(log: Log, repeats: int) -> Figure:
    """Events per second recording the window into a record whose persisted views a
    follower has made (as of the last date of the whole log, so that every recording
    keeps them in its own transaction); against recording the same window into the same
    record without views. The views must end current at the log's position, or the
    figure measured something else."""
    backend = log.backend
    as_of = _views_date(log)

    def subject(index: int) -> float:
        with copied(backend, log.subject_template, f"rec-v{index}") as url:
            app = Governance(url)
            follower = app.follower(today=lambda: as_of)
            follower.catch_up()

            def record_window() -> None:
                for transaction in log.window:
                    app.record(*transaction.commands, source=transaction.name)

            elapsed = _timed(record_window)
            recorded, kept = app.log_position(), follower.views.position()
            app.close()
        if (recorded, kept) != (log.size, log.size):
            raise AssertionError(
                f"recorded {recorded} events and views at {kept}, expected {log.size} both"
            )
        return elapsed

    def baseline(index: int) -> float:
        with copied(backend, log.subject_template, f"rec-n{index}") as url:
            app = Governance(url)
            app.log_position()
            elapsed = _timed(lambda: [app.record(*t.commands, source=t.name) for t in log.window])
            app.close()
        return elapsed

    subject_time, baseline_time = interleaved(repeats, subject, baseline)
    events = log.window_events
    return Figure(
        figure="recording, views kept",
        backend=backend.name,
        events=log.size,
        unit="events/s",
        subject=events / subject_time,
        baseline=events / baseline_time,
        ratio=baseline_time / subject_time,
        target="-",
        met=None,
        note=(
            f"against recording without views; views as of {as_of.isoformat()}, "
            f"{len(log.window)} files, {repeats} runs"
        ),
    )


def _views_date(log: Log) -> date:
    """The date a follower of the whole log writes its views as of, given no later day:
    the latest date of an event in it."""
    with copied(log.backend, log.subject_full, "views-date") as url:
        app = Governance(url)
        progress = app.follower(today=lambda: date.min).catch_up()
        app.close()
    assert progress.status_as_of is not None
    return progress.status_as_of


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
        (
            "status-overdue",
            lambda app: app.status(overdue_only=True),
            None,
            "status(overdue_only=True)",
        ),
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


#: The columns of each kind of status row kept in a table by `status_floor`, in the
#: order of its fields: how a value is stored, and how it is made again from what is.
_Column = tuple[Callable[[Any], Any], Callable[[Any], Any]]
_SAME: _Column = (lambda value: value, lambda value: value)
_DAY: _Column = (
    lambda value: None if value is None else value.isoformat(),
    lambda value: None if value is None else date.fromisoformat(value),
)
_DUE: _Column = (
    lambda due: None if due.on is None else due.on.isoformat(),
    lambda value: Due(None if value is None else date.fromisoformat(value)),
)
_NAMES: _Column = ("\x1f".join, lambda value: tuple(value.split("\x1f")))
_FLAG: _Column = (int, bool)


def _columns(row_class: type) -> list[_Column]:
    by_type = {
        "date": _DAY,
        "date | None": _DAY,
        "Due": _DUE,
        "tuple[str, ...]": _NAMES,
        "bool": _FLAG,
    }
    return [by_type.get(str(field.type), _SAME) for field in attrs.fields(row_class)]


_ROW_CLASSES = {
    "tabled_items": TabledItemRow,
    "assignments": AssignmentRow,
    "obligations": ObligationRow,
    "mandates": MandateRow,
}


def _rows_table(status: Status, path: Path) -> None:
    """The rows of ``status`` in an SQLite file, a table of each kind, a column a field."""
    with sqlite3.connect(path) as connection:
        for kind, row_class in _ROW_CLASSES.items():
            columns = _columns(row_class)
            names = [f'"{field.name}"' for field in attrs.fields(row_class)]
            connection.execute(f"CREATE TABLE {kind} ({', '.join(names)})")
            connection.executemany(
                f"INSERT INTO {kind} VALUES ({', '.join('?' * len(names))})",
                [
                    tuple(
                        store(value)
                        for (store, _), value in zip(
                            columns, attrs.astuple(row, recurse=False), strict=True
                        )
                    )
                    for row in getattr(status, kind)
                ],
            )
    connection.close()


def _selected(path: Path) -> dict[str, list[Any]]:
    """Every row of `_rows_table`'s file, selected and made into its row object."""
    connection = sqlite3.connect(path)
    made: dict[str, list[Any]] = {}
    for kind, row_class in _ROW_CLASSES.items():
        made[kind] = rows = []
        changed = [
            (index, make)
            for index, (_, make) in enumerate(_columns(row_class))
            if make is not _SAME[1]
        ]  # only the values a column does not hold as the row does are made again
        for row in connection.execute(f"SELECT * FROM {kind}"):
            values = list(row)
            for index, make in changed:
                values[index] = make(values[index])
            rows.append(row_class(*values))
    connection.close()
    return made


def status_floor(log: Log, repeats: int) -> Figure:
    """The least a status that returns every row of ``status()`` can cost: selecting as
    many rows from an SQLite table (a table of each kind, a column a field, the rows
    ``status()`` returns) and making the row objects from them; against a full rebuild,
    as the status figures."""
    url = log.backend.url(log.subject_full)
    app = Governance(url)
    status = app.status()
    app.close()
    counts = {kind: len(getattr(status, kind)) for kind in _ROW_CLASSES}
    with tempfile.TemporaryDirectory(prefix="governance-bench-floor-") as folder:
        path = Path(folder) / "rows.db"
        _rows_table(status, path)
        if _selected(path) != {kind: list(getattr(status, kind)) for kind in _ROW_CLASSES}:
            raise AssertionError("the rows selected are not those status() returned")
        subject_time, rebuild_time = interleaved(
            repeats, lambda _: _timed(lambda: _selected(path)), lambda _: _full_rebuild(url)
        )
    ratio = subject_time / rebuild_time
    return Figure(
        figure="status rows floor",
        backend=log.backend.name,
        events=log.size,
        unit="s",
        subject=subject_time,
        baseline=rebuild_time,
        ratio=ratio,
        target="-",
        met=None,
        note=f"selecting the {sum(counts.values()):,} rows status() returns "
        f"({', '.join(f'{n:,} {kind}' for kind, n in counts.items())}) from an SQLite table "
        f"and making their row objects vs a full rebuild, {repeats} runs",
    )


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
        target=">= 1.0",  # issue 14: the full rebuild "stays >= 1.0"
        met=ratio >= 1.0,
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


def _governance_command() -> str | None:
    """The installed ``governance`` command: beside the interpreter, or else on PATH;
    with the bytecode of the package it runs written, as installing it writes it (where
    ``PYTHONDONTWRITEBYTECODE`` is set, each start would otherwise compile every module
    of a source tree)."""
    beside = Path(sys.executable).with_name("governance")
    command = str(beside) if beside.is_file() else shutil.which("governance")
    if command is not None and governance.__file__ is not None:
        compileall.compile_dir(Path(governance.__file__).parent, quiet=1)
    return command


NO_COMMAND = "skipped: no governance command beside the interpreter or on PATH"


def startup(runs: int) -> list[Figure]:
    """Seconds for the installed ``governance`` command to show ``--help`` and
    ``--version``, each against ``python -c pass`` (the interpreter's own start)."""
    command = _governance_command()
    if command is None:
        return [
            Figure(f"start {flag}", "-", 0, "s", None, None, None, "<= 0.25 s", None, NO_COMMAND)
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


def status_process(log: Log, runs: int, target: float = 1.5) -> Figure:
    """Seconds for the installed ``governance status`` to print the status of the whole
    log (through the registers) and exit; against ``governance --version``, alternating."""
    figure = unmeasured("status process", log.backend.name, log.size, "s", f"<= {target}")
    command = _governance_command()
    if command is None:
        figure.note = NO_COMMAND
        return figure
    status = [command, "status", "--store", log.backend.url(log.subject_full)]
    _started(status)(0)  # the registers made, if the log was copied without them
    subject, baseline = interleaved(runs, _started(status), _started([command, "--version"]))
    figure.subject, figure.baseline = subject, baseline
    figure.ratio = subject / baseline
    figure.met = figure.ratio <= target
    figure.note = f"governance status --store <the log> vs governance --version, {runs} runs each"
    return figure


# --- bulk import ------------------------------------------------------------------------


@dataclass(frozen=True)
class _LibraryCall:
    """What the in-process bulk import saw: per file, the seconds to parse it and to
    decide it (from the clock reading that starts its decision to the next file's), the
    events it recorded; and the seconds of the whole call and of its one save."""

    parse: list[float]
    decide: list[float]
    events: list[int]
    seconds: float
    save: float


def _record_in_process(paths: Sequence[Path], url: str) -> _LibraryCall:
    """Parse ``paths`` and record them with one ``Governance.record_minutes``, as
    ``governance record`` does. ``Governance``'s clock is read once per file, as the
    decision of that file begins (the time of recording): its readings time each file.
    The first file is parsed once before, untimed, as the application is made."""
    readings: list[float] = []

    def clock() -> datetime:
        readings.append(time.perf_counter())
        return datetime.now(UTC)

    app = Governance(url, clock=clock)
    app.log_position()
    parse_file(paths[0])  # what the first parse alone pays (lazy imports) is not a file's
    start = time.perf_counter()
    parse, files = [], []
    for path in paths:
        began = time.perf_counter()
        files.append(parse_file(path))
        parse.append(time.perf_counter() - began)
    outcomes = app.record_minutes(*files)
    end = time.perf_counter()
    app.close()
    if len(readings) != len(paths):
        raise AssertionError(f"the clock was read {len(readings)} times for {len(paths)} files")
    return _LibraryCall(
        parse=parse,
        decide=[later - earlier for earlier, later in itertools.pairwise(readings)],
        events=[len(outcome.positions) for outcome in outcomes],
        seconds=end - start,
        save=end - readings[-1],
    )


def _facts_by_file(url: str, events: Sequence[int]) -> list[tuple[BaselineFact, ...]]:
    """The events of a bulk-imported log as baseline facts, grouped by the file that
    recorded them (the log holds the files' events in the files' order)."""
    app = Governance(url)
    stored = notifications(app)
    grouped = [tuple(baseline_fact(decode(app, next(stored))) for _ in range(n)) for n in events]
    app.close()
    return grouped


def bulk_import(
    paths: Sequence[Path], backend: SQLiteBackend, repeats: int, steady: float = 1.25
) -> list[Figure]:
    """One ``governance record`` of every file in ``paths`` into a fresh store, as a whole
    process, parsing included; against eventsourcing saving the same events in a fresh
    store, one transaction per file. And, from the same files recorded in-process through
    the same library call, the seconds per file (parse and decide) of the last tenth of
    the files over the first tenth: at most ``steady`` if the last file of a call costs
    what the first does."""
    library_url = backend.url("bulk-library")
    backend.drop("bulk-library")
    call = _record_in_process(paths, library_url)
    events = sum(call.events)
    facts = _facts_by_file(library_url, call.events)
    backend.drop("bulk-library")
    tenth = max(len(call.decide) // 10, 1)
    per_file = [p + d for p, d in zip(call.parse, call.decide, strict=False)]
    first, last = per_file[:tenth], per_file[-tenth:]
    end = len(per_file)

    def tenth_of(kind: str, values: Sequence[float], start: int) -> str:
        return f"{kind} {statistics.fmean(values[start : start + tenth]) * 1000:.1f}"

    split = ", ".join(
        f"{name}: {tenth_of('parse', call.parse, start)} + "
        f"{tenth_of('decide', call.decide, start)} ms, "
        f"{sum(call.events[start : start + tenth]) / tenth:.0f} events a file"
        for name, start in (("first", 0), ("last", end - tenth))
    )
    steadiness = Figure(
        figure="bulk import last/first",
        backend=backend.name,
        events=events,
        unit="s",
        subject=statistics.fmean(last),
        baseline=statistics.fmean(first),
        ratio=statistics.fmean(last) / statistics.fmean(first),
        target=f"<= {steady}",
        met=statistics.fmean(last) / statistics.fmean(first) <= steady,
        note=f"seconds a file (parse_file + its decision, timed by Governance's clock) of the "
        f"last {tenth} files of one in-process record_minutes of {len(paths)} files vs the "
        f"first {tenth} ({split}); the call {call.seconds:.1f} s, its one save "
        f"{call.save:.1f} s",
    )
    command = _governance_command()
    whole = unmeasured("bulk import", backend.name, events, "events/s", ">= 0.5")
    if command is None:
        whole.note = NO_COMMAND
        return [whole, steadiness]

    def subject(index: int) -> float:
        store = f"bulk-s{index}"
        backend.drop(store)
        url = backend.url(store)
        elapsed = _started([command, "record", "--store", url, *map(str, paths)])(index)
        recorded = Governance(url).log_position()
        backend.drop(store)
        if recorded != events:
            raise AssertionError(f"governance record recorded {recorded} events, not {events}")
        return elapsed

    def baseline(index: int) -> float:
        store = f"bulk-b{index}"
        backend.drop(store)
        app = open_baseline(backend.url(store))
        app.recorder.max_notification_id()

        def save_each_file() -> None:
            for file_facts in facts:
                if file_facts:
                    app.save(*file_facts)

        elapsed = _timed(save_each_file)
        app.close()
        backend.drop(store)
        return elapsed

    subject_time, baseline_time = interleaved(repeats, subject, baseline)
    whole.subject, whole.baseline = events / subject_time, events / baseline_time
    whole.ratio = baseline_time / subject_time
    whole.met = whole.ratio >= 0.5
    whole.note = (
        f"governance record of {len(paths)} minutes files into a fresh SQLite file, a whole "
        f"process ({subject_time:.1f} s), vs a fresh Application saving the same events a "
        f"file a transaction, {repeats} runs; in-process record_minutes took "
        f"{call.seconds:.1f} s"
    )
    return [whole, steadiness]


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
    figure = unmeasured("audit verify", log.backend.name, log.size, "s", ">= 0.5")
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

Peaks = list[tuple[int, dict[str, float]]]


def peak_memory(*arguments: str) -> dict[str, float]:
    """Run ``python -m benchmarks.memory ARGUMENTS`` (a status, or the recording of a
    window) in a fresh interpreter; its resident memory after the imports and at its
    peak, in MB, and the events of its log."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", *arguments],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def _flat(
    figure: str, backend: str, peaks: Peaks, limit_mb: float, flat_mb: float
) -> list[Figure]:
    """One line a size: the peak, below ``limit_mb`` at every size and growing at most
    ``flat_mb`` per 100 thousand events from the smallest size to the largest."""
    (first, smallest), (last, largest) = peaks[0], peaks[-1]
    growth = (largest["peak_mb"] - smallest["peak_mb"]) / max(last - first, 1) * 100_000
    met = all(r["peak_mb"] <= limit_mb for _, r in peaks) and growth <= flat_mb
    return [
        Figure(
            figure=figure,
            backend=backend,
            events=size,
            unit="MB",
            subject=result["peak_mb"],
            baseline=None,
            ratio=None,
            target=f"<= {limit_mb:.0f} MB, flat",
            met=met,
            note=f"{result['imported_mb']:.0f} MB after the imports; grows "
            f"{growth:.0f} MB per 100k events from {first:,} to {last:,} "
            f"(flat: at most {flat_mb:.0f})",
        )
        for size, result in peaks
    ]


def memory_status(
    log: Log, sizes: Sequence[int], limit_mb: float = 400.0, flat_mb: float = 10.0
) -> list[Figure]:
    """Peak memory of ``status()`` in a fresh interpreter at each size (a prefix of
    ``log``), at most ``limit_mb`` and flat (see `_flat`). Every store has its registers
    made before the interpreter starts, as the full log's copy has them: the figure is
    a status's, not the one making of the registers an older store gets once."""
    backend = log.backend
    source = Governance(backend.url(log.subject_full))
    peaks: Peaks = []
    for size in sizes:
        store = f"mem-{size}"
        backend.drop(store)
        if size >= log.size:
            backend.copy(log.subject_full, store)
        else:
            target = Governance(backend.url(store))
            copy_rows(source, target, limit=size)  # eventsourcing's insert: no registers
            target.rebuild_registers()
            target.close()
        peaks.append((min(size, log.size), peak_memory("status", backend.url(store))))
        backend.drop(store)
    source.close()
    return _flat("peak memory status", backend.name, peaks, limit_mb, flat_mb)


def memory_recording(
    logs: Sequence[Log], limit_mb: float = 400.0, flat_mb: float = 10.0
) -> list[Figure]:
    """Peak memory of a fresh interpreter recording each log's window, one minutes file
    per transaction, into a store holding the rest of the log (as the recording figure
    does), at most ``limit_mb`` and flat (see `_flat`)."""
    peaks: Peaks = []
    with tempfile.TemporaryDirectory(prefix="governance-bench-window-") as folder:
        for log in logs:
            window = Path(folder) / f"window-{log.size}.pickle"
            window.write_bytes(pickle.dumps([(t.name, t.commands) for t in log.window]))
            with copied(log.backend, log.subject_template, f"memrec-{log.size}") as url:
                result = peak_memory("record", url, str(window))
            if result["events"] != log.size:
                raise AssertionError(f"recorded up to {result['events']}, not {log.size}")
            peaks.append((log.size, result))
    return _flat("peak memory recording", logs[0].backend.name, peaks, limit_mb, flat_mb)
