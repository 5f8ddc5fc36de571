"""Logs to measure against: the region recorded by governance, and the same facts saved by
a plain eventsourcing application (the baseline).

A log of N events is built once per run (or taken from the cache) as two *templates* that
hold all but the last few minutes files (the *window*), and two *full* logs that hold
everything. Recording is measured on copies of the templates, so each repetition records
the window into a record of the same length.

The baseline application is eventsourcing's ``Application`` with its default mapper and
JSON transcoder and the same persistence settings as the governance store. Its events are
eventsourcing ``DomainEvent`` objects carrying the same stream ids and versions, the time
of recording, and the governance event's fields as stored (``event``), so both logs have
the same rows, streams and payloads.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import itertools
import logging
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast
from uuid import UUID

import psycopg
import structlog
from eventsourcing.application import Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import StoredEvent

import governance
from benchmarks.region import RegionSpec, Transaction, transactions, write_minutes
from governance import Governance
from governance.domain.commands import RecordMinutes
from governance.domain.decide import Notice
from governance.store._index import SQLiteRegisterRecorder, SQLiteRegisterTables
from governance.store.mapper import StoredFact, event_data
from governance.store.url import store_settings

#: Where built logs are kept between runs (``benchmarks/results/`` is not committed).
CACHE = Path(__file__).parent / "results" / "cache"
#: Facts saved per transaction when filling a log (not measured).
FILL_BATCH = 1000
#: Notifications read per query, as ``Governance.read_log`` reads them.
PAGE = 1000


def quiet_logging() -> None:
    """Drop governance's info logs: the benchmark measures recording, not a console."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


@dataclass(frozen=True)
class BaselineFact(DomainEvent):
    """A governance fact as a plain eventsourcing event: same stream, version, time and
    stored fields; ``timestamp`` is the time of recording."""

    kind: str
    event: dict[str, Any]


def decode(app: Governance, stored: StoredEvent) -> StoredFact:
    return cast(StoredFact, app.mapper.to_domain_event(stored))


def baseline_fact(fact: StoredFact) -> BaselineFact:
    return BaselineFact(
        originator_id=fact.originator_id,
        originator_version=fact.originator_version,
        timestamp=fact.recorded_at,
        kind=type(fact.event).__name__,
        event=event_data(fact.event),
    )


class Baseline(Application[UUID]):
    """eventsourcing's Application, unchanged: the library governance stands on."""

    name = "baseline"


def open_baseline(url: str) -> Baseline:
    return Baseline(env=store_settings(url))


class _WithoutNotices(Governance):
    """Governance for filling logs quickly: recording without the warnings, which read
    each body's record and do not change what is recorded. Never measured. ``build``
    checks that the log holds exactly the events the region should give.
    """

    def __init__(self, store: str) -> None:
        if not hasattr(Governance, "_notices_for"):
            raise RuntimeError(
                "Governance._notices_for is gone: update benchmarks.logs._WithoutNotices"
            )
        super().__init__(store)

    def _notices_for(self, command: RecordMinutes, batch: Any) -> list[Notice]:
        return []


def notifications(app: Application[UUID], *, after: int = 0) -> Iterator[StoredEvent]:
    """The stored events of the log after position ``after``, page by page."""
    last = after
    while True:
        page = app.recorder.select_notifications(start=last, limit=PAGE, inclusive_of_start=False)
        if not page:
            return
        yield from page
        last = page[-1].id


def _plain(stored: StoredEvent) -> StoredEvent:
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=stored.state,
    )


def copy_rows(source: Application[UUID], target: Application[UUID], *, limit: int) -> None:
    """Insert the first ``limit`` stored events of ``source``'s log into ``target``."""
    batch: list[StoredEvent] = []
    for count, stored in enumerate(notifications(source), start=1):
        if count > limit:
            break
        batch.append(_plain(stored))
        if len(batch) == FILL_BATCH:
            target.recorder.insert_events(batch)
            batch = []
    if batch:
        target.recorder.insert_events(batch)


# --- backends ---------------------------------------------------------------------------


class Backend(Protocol):
    """Where stores live: named stores, copied and dropped."""

    name: str

    def url(self, store: str) -> str: ...

    def copy(self, source: str, target: str) -> None: ...

    def drop(self, store: str) -> None: ...

    def close(self) -> None: ...


class SQLiteBackend:
    """SQLite files in a folder; copied as files."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def url(self, store: str) -> str:
        return str(self.folder / f"{store}.db")

    def copy(self, source: str, target: str) -> None:
        self.drop(target)
        for suffix in ("", "-wal"):
            path = Path(self.url(source) + suffix)
            if path.exists():
                shutil.copyfile(path, self.url(target) + suffix)

    def drop(self, store: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(self.url(store) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresBackend:
    """Schemas of a fresh database ``governance_bench_<random>``, dropped on close."""

    name = "postgres"

    def __init__(self, host: str = "127.0.0.1", port: int = 5432, user: str = "postgres") -> None:
        self.host, self.port, self.user = host, port, user
        self.database = f"governance_bench_{uuid.uuid4().hex[:10]}"
        with self._connect("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{self.database}"')

    def _connect(self, database: str | None = None) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            dbname=database or self.database,
            autocommit=True,
            connect_timeout=5,
        )

    def url(self, store: str) -> str:
        return (
            f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"
            f"?schema={store.replace('-', '_')}"
        )

    def create(self, store: str) -> None:
        with self._connect() as connection:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{_schema(store)}"')

    def copy(self, source: str, target: str) -> None:
        """Copy the events table server-side; the target's own tables are made by an app."""
        self.drop(target)
        self.create(target)
        with self._connect() as connection:
            tables = connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (_schema(source),),
            ).fetchall()
        for (table,) in tables:
            app: Application[UUID] = (
                Governance(self.url(target))
                if table.startswith("governance")
                else open_baseline(self.url(target))
            )
            app.close()
        for (table,) in tables:
            source_table = f'"{_schema(source)}"."{table}"'
            qualified = f'"{_schema(target)}"."{table}"'
            with self._connect() as connection:
                if not table.endswith("_events"):  # the body index: copied as it is
                    connection.execute(f"DELETE FROM {qualified}")
                    connection.execute(f"INSERT INTO {qualified} SELECT * FROM {source_table}")
                    continue
                columns = "originator_id, originator_version, topic, state, notification_id"
                connection.execute(
                    f"INSERT INTO {qualified} ({columns}) SELECT {columns} FROM {source_table}"
                )
                connection.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                    f"(SELECT coalesce(max(notification_id), 1) FROM {qualified}))",
                    (qualified,),
                )

    def drop(self, store: str) -> None:
        with self._connect() as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{_schema(store)}" CASCADE')

    def close(self) -> None:
        with self._connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _schema(store: str) -> str:
    return store.replace("-", "_")


def postgres_backend() -> PostgresBackend | str:
    """A PostgreSQL backend, or why there is none."""
    try:
        return PostgresBackend()
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at 127.0.0.1:5432 as postgres: {error}".strip()


# --- logs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Log:
    """A log of ``size`` events in four stores of one backend; see the module docstring."""

    spec: RegionSpec
    size: int
    prefill: int
    window: tuple[Transaction, ...]
    window_facts: tuple[tuple[BaselineFact, ...], ...]
    backend: Backend
    subject_template: str
    baseline_template: str
    subject_full: str
    baseline_full: str

    @property
    def window_events(self) -> int:
        return self.size - self.prefill


def split(
    spec: RegionSpec, size: int, window_events: int
) -> tuple[list[Transaction], list[Transaction]]:
    """The transactions of a log of about ``size`` events: those before the window, and
    the last minutes files, of about ``window_events`` events."""
    every = list(transactions(spec, max_events=size))
    window: list[Transaction] = []
    count = 0
    while every and count < window_events and len(every[-1].commands) == 1:
        count += every[-1].events
        window.insert(0, every.pop())
    return every, window


def _source_digest(spec: RegionSpec) -> str:
    """A digest of what decides what a log holds, for the cache key: the region, the
    domain (which decides the events), the tables (the body index), how a log is cut and
    filled, and the stored form, as the bytes the first minutes of ``spec`` are stored as.
    Code that only reads, or orchestrates recording, is left out, so that speeding it up
    does not discard a built log."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    assert governance.__file__ is not None
    package = Path(governance.__file__).parent
    sources = [root / "region.py", package / "store" / "url.py"]
    sources += sorted((package / "domain").rglob("*.py"))
    for path in sources:
        digest.update(path.read_bytes())
    tables = (
        SQLiteRegisterRecorder.construct_create_table_statements,
        SQLiteRegisterRecorder.insert_events,
        SQLiteRegisterTables.create_statements,
    )
    for code in (*tables, split, _build_templates, _fill_subject, _fill_baseline):
        digest.update(inspect.getsource(code).encode())
    sample = Governance("memory:", clock=lambda: datetime(2024, 1, 1, tzinfo=UTC))
    for transaction in itertools.islice(transactions(spec), 40):
        sample.record(*transaction.commands, source=transaction.name)
    for stored in notifications(sample):
        digest.update(
            f"{stored.originator_id}/{stored.originator_version}/{stored.topic}".encode()
        )
        digest.update(stored.state)
    return digest.hexdigest()


def _fill_subject(app: Governance, batch: Sequence[Transaction]) -> None:
    commands = [command for transaction in batch for command in transaction.commands]
    app.record(*commands, source="fill")


def _fill_baseline(subject: Governance, baseline: Baseline) -> None:
    facts: list[BaselineFact] = []
    for stored in notifications(subject):
        facts.append(baseline_fact(decode(subject, stored)))
        if len(facts) == FILL_BATCH:
            baseline.save(*facts)
            facts = []
    if facts:
        baseline.save(*facts)


def _build_templates(
    folder: Path, spec: RegionSpec, before: Sequence[Transaction]
) -> tuple[str, str]:
    """Record the transactions before the window into SQLite files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    subject_path, baseline_path = folder / "subject.db", folder / "baseline.db"
    partial = folder / "incomplete"
    partial.mkdir(exist_ok=True)
    subject = _WithoutNotices(str(partial / "subject.db"))
    chunk: list[Transaction] = []
    for transaction in before:
        chunk.append(transaction)
        if len(chunk) == 50:
            _fill_subject(subject, chunk)
            chunk = []
    if chunk:
        _fill_subject(subject, chunk)
    expected = sum(transaction.events for transaction in before)
    if subject.log_position() != expected:
        raise AssertionError(f"filled {subject.log_position()} events, expected {expected}")
    baseline = open_baseline(str(partial / "baseline.db"))
    _fill_baseline(subject, baseline)
    subject.close()
    baseline.close()
    for name, path in (("subject.db", subject_path), ("baseline.db", baseline_path)):
        (partial / name).replace(path)
    shutil.rmtree(partial, ignore_errors=True)
    return str(subject_path), str(baseline_path)


def build(
    spec: RegionSpec,
    size: int,
    window_events: int,
    backend: SQLiteBackend,
    *,
    use_cache: bool = True,
) -> Log:
    """The log of ``spec`` cut at ``size`` events, in SQLite stores of ``backend``."""
    before, window = split(spec, size, window_events)
    key = hashlib.sha256(f"{spec!r}|{window_events}|{_source_digest(spec)}".encode())
    folder = CACHE / f"{size}-{key.hexdigest()[:16]}" if use_cache else backend.folder / "build"
    if not (folder / "subject.db").exists() or not (folder / "baseline.db").exists():
        if use_cache:  # a log of this size built by other code is stale: make room
            for stale in CACHE.glob(f"{size}-*"):
                shutil.rmtree(stale, ignore_errors=True)
        _build_templates(folder, spec, before)
    prefix = f"n{size}"
    stores = {name: f"{prefix}-{name}" for name in ("st", "bt", "sf", "bf")}
    for name, file in (("st", "subject.db"), ("bt", "baseline.db")):
        shutil.copyfile(folder / file, backend.url(stores[name]))
    backend.copy(stores["st"], stores["sf"])
    backend.copy(stores["bt"], stores["bf"])
    if not use_cache:
        shutil.rmtree(folder, ignore_errors=True)

    subject = _WithoutNotices(backend.url(stores["sf"]))
    prefill = subject.log_position()
    for transaction in window:
        subject.record(*transaction.commands, source=transaction.name)
    window_facts: list[tuple[BaselineFact, ...]] = []
    stored = notifications(subject, after=prefill)
    for transaction in window:
        recorded = [decode(subject, next(stored)) for _ in range(transaction.events)]
        window_facts.append(tuple(baseline_fact(fact) for fact in recorded))
    size = subject.log_position()
    subject.close()
    if size != prefill + sum(transaction.events for transaction in window):
        raise AssertionError(f"the window recorded {size - prefill} events, not as expected")
    baseline = open_baseline(backend.url(stores["bf"]))
    for transaction_facts in window_facts:
        baseline.save(*transaction_facts)
    baseline.close()
    return Log(
        spec=spec,
        size=size,
        prefill=prefill,
        window=tuple(window),
        window_facts=tuple(window_facts),
        backend=backend,
        subject_template=stores["st"],
        baseline_template=stores["bt"],
        subject_full=stores["sf"],
        baseline_full=stores["bf"],
    )


def on_postgres(log: Log, backend: PostgresBackend) -> Log:
    """The same log in PostgreSQL: the SQLite stores' rows, inserted as they are."""
    stores = {}
    for name in ("subject_template", "baseline_template", "subject_full", "baseline_full"):
        source_store: str = getattr(log, name)
        backend.create(source_store)
        is_subject = name.startswith("subject")
        source: Application[UUID] = (
            Governance(log.backend.url(source_store))
            if is_subject
            else open_baseline(log.backend.url(source_store))
        )
        target: Application[UUID] = (
            Governance(backend.url(source_store))
            if is_subject
            else open_baseline(backend.url(source_store))
        )
        copy_rows(source, target, limit=log.prefill if name.endswith("template") else log.size)
        if isinstance(target, Governance):  # rows copied without theirs: the registers made
            target._current_registers()
        source.close()
        target.close()
        stores[name] = source_store
    return Log(
        spec=log.spec,
        size=log.size,
        prefill=log.prefill,
        window=log.window,
        window_facts=log.window_facts,
        backend=backend,
        **stores,
    )


@contextlib.contextmanager
def copied(backend: Backend, source: str, target: str) -> Iterator[str]:
    """A copy of a store for one measurement; dropped afterwards."""
    backend.copy(source, target)
    try:
        yield backend.url(target)
    finally:
        backend.drop(target)


def minutes_files(spec: RegionSpec, events: int, scratch: Path, *, use_cache: bool) -> list[Path]:
    """The minutes files of ``spec`` cut at ``events`` events (``write_minutes``), kept in
    the cache while the region generator is unchanged, or else written under ``scratch``."""
    key = hashlib.sha256(f"{spec!r}|{events}".encode())
    key.update((Path(__file__).parent / "region.py").read_bytes())
    folder = CACHE / f"minutes-{events}-{key.hexdigest()[:16]}" if use_cache else scratch
    if not folder.is_dir():
        if use_cache:  # the files of an older generator: make room
            for stale in CACHE.glob(f"minutes-{events}-*"):
                shutil.rmtree(stale, ignore_errors=True)
        partial = folder.with_name(folder.name + ".incomplete")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        write_minutes(spec, partial, max_events=events)
        partial.replace(folder)
    return sorted(folder.iterdir())
