"""Several processes, racing writers and killed processes, on real stores.

PostgreSQL runs through ``fresh_postgres_url`` (a fresh schema per test, required in
CI); SQLite where a second process makes sense too. Child processes are started with
``spawn``: they share nothing with the test process but the database.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from multiprocessing.synchronize import Event as ProcessEvent
from pathlib import Path
from typing import Any, cast

import attrs
import psycopg
import pytest
import structlog
from eventsourcing.persistence import IntegrityError
from eventsourcing.postgres import PostgresApplicationRecorder

from governance import (
    NEXT_MEETING,
    AssignmentReport,
    ConcurrentRecordingError,
    Governance,
    GovernanceError,
    IssueMandate,
    ItemEntry,
    MeetingDetails,
    NewAssignment,
    Obligation,
    RecordMinutes,
    RegisterBody,
    RuleViolationError,
    Tabling,
)
from governance.application import MAX_ATTEMPTS
from governance.domain import errors
from governance.domain.commands import Command
from governance.domain.events import Event
from governance.projections import without_retracted
from governance.projections.status import fold
from governance.views import PersistedViews, views_status
from governance.views._rows import Tables, view_rows
from tests.scenario import NOV_17, SETUP

SPAWN = multiprocessing.get_context("spawn")
START = date(2023, 1, 2)
AS_OF = date(2024, 1, 1)
ROOT = Path(__file__).resolve().parents[2]


#: Small pools: the tests open many stores, and the server's connections are shared.
SMALL_POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "4"}
_opened: list[Governance] = []


def _open(url: str, **env: str) -> Governance:
    """A store with a small connection pool, closed after the test."""
    app = Governance(url, env={**SMALL_POOL, **env})
    _opened.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_stores() -> Iterator[None]:
    yield
    while _opened:
        _opened.pop().close()


@pytest.fixture(params=["sqlite", "postgres"])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store that several processes can open."""
    if request.param == "sqlite":
        return str(tmp_path / "governance.db")
    return str(request.getfixturevalue("fresh_postgres_url"))


# --- what the processes record --------------------------------------------------------


def _bodies(count: int) -> list[Command]:
    commands: list[Command] = [RegisterBody(body_id="chiefs", name="Chiefs")]
    for k in range(count):
        commands.append(RegisterBody(body_id=f"n{k}", name=f"Network {k}", parent="chiefs"))
        commands.append(
            IssueMandate(
                mandate_id=f"n{k}-2023",
                issued_by="chiefs",
                issued_to=f"n{k}",
                issued_on=date(2022, 12, 15),
                valid_from=date(2023, 1, 1),
                valid_to=date(2023, 12, 31),
                obligations=(
                    Obligation(id="meetings", kind="minimum_meetings", count=10),
                    Obligation(id="minutes", kind="submit_minutes", within_days=14),
                ),
            )
        )
    return commands


def weekly_minutes(body: str, week: int) -> RecordMinutes:
    """The minutes of a body's weekly meeting: a new question tabled (every third week)
    or given to someone; last week's question closed or reported on, or forgotten."""
    on = START + timedelta(days=7 * week)
    items = [ItemEntry(number="1", title="Previous minutes", decisions=("Approved",))]
    question = f"Question {week}"
    if week % 3 == 0:
        items.append(ItemEntry(number="2", title=question, tabled=Tabling(until=NEXT_MEETING)))
    else:
        task = NewAssignment(to=("Anna",), task=f"Find out about {week}", due=NEXT_MEETING)
        items.append(ItemEntry(number="2", title=question, assignments=(task,)))
    if week > 0:
        earlier = f"{body}/{(on - timedelta(days=7)).isoformat()}/2"
        if (week - 1) % 6 == 0:
            items.append(ItemEntry(continues=earlier, decisions=("Settled",), closed=True))
        elif (week - 1) % 3 != 0 and week % 2 == 0:
            report = AssignmentReport(assignment_id=f"{earlier}/a1", status="done")
            items.append(ItemEntry(continues=earlier, assignment_reports=(report,), closed=True))
    return RecordMinutes(
        body_id=body,
        meeting=MeetingDetails(date=on),
        items=tuple(items),
        submitted_on=on + timedelta(days=3),
    )


def _quiet() -> None:
    """In a child process: only warnings from the library's log.

    Children open the store with ``CREATE_TABLE=no``: the parent has created the tables,
    and eventsourcing's table creation (``CREATE OR REPLACE FUNCTION``) run by several
    processes at the same moment fails with "tuple concurrently updated".
    """
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


# --- helpers --------------------------------------------------------------------------


def _run_children(
    target: Callable[..., None], arguments: Sequence[tuple[Any, ...]], timeout: float = 60
) -> list[Any]:
    """Run ``target(*args, results)`` in one spawned process per ``args``; their results."""
    results: Queue[Any] = SPAWN.Queue()
    children = [SPAWN.Process(target=target, args=(*args, results)) for args in arguments]
    for child in children:
        child.start()
    collected = [results.get(timeout=timeout) for _ in children]
    for child in children:
        child.join(timeout)
        assert child.exitcode == 0, f"a child process exited with {child.exitcode}"
    failures = [r for r in collected if isinstance(r, tuple) and r and r[0] == "crashed"]
    assert not failures, failures[0][1]
    return collected


def _log_ids(app: Governance) -> list[int]:
    return [entry.position for entry in app.read_log()]


def _events(app: Governance, known_at: int | None = None) -> list[Event]:
    return [entry.event for entry in app.read_log(known_at)]


def _rebuilt(events: list[Event], as_of: date) -> Tables:
    """The view rows a fresh rebuild from these events gives."""
    return view_rows(fold(without_retracted(events)), as_of=as_of)


def _assert_views_equal_a_rebuild_at_their_position(app: Governance) -> int:
    snapshot = PersistedViews(app).snapshot(rows=True)
    assert snapshot.meta is not None
    assert snapshot.meta.status_as_of is not None
    expected = _rebuilt(_events(app, snapshot.position), snapshot.meta.status_as_of)
    assert snapshot.rows == expected
    return snapshot.position


class _Thread(threading.Thread):
    """A thread that hands its exception to whoever joins it."""

    def __init__(self, target: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self._call = target
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._call()
        except BaseException as error:  # handed over in join
            self.error = error

    def join(self, timeout: float | None = 30) -> None:
        super().join(timeout)
        assert not self.is_alive(), "the thread did not finish"
        if self.error is not None:
            raise self.error


# --- 8 processes, 50 meetings each -----------------------------------------------------

WRITERS = 8
MEETINGS = 50


def _record_weeks(url: str, body: str, weeks: int, start: Barrier, results: Queue[Any]) -> None:
    try:
        _quiet()
        app = _open(url, CREATE_TABLE="no")
        start.wait(60)
        positions: list[int] = []
        for week in range(weeks):
            positions.extend(app.record(weekly_minutes(body, week)).positions)
        app.close()
        results.put((body, positions))
    except BaseException:
        results.put(("crashed", traceback.format_exc()))


def test_eight_processes_record_fifty_meetings_each_exactly_once(fresh_postgres_url: str) -> None:
    url = fresh_postgres_url
    app = _open(url)
    app.record(*_bodies(WRITERS))
    setup_ids = _log_ids(app)
    follower = _open(url).follower(today=lambda: AS_OF)
    stop = threading.Event()
    following = _Thread(lambda: follower.run(stop, poll=0.05))
    following.start()
    start = SPAWN.Barrier(WRITERS)

    recorded = _run_children(
        _record_weeks, [(url, f"n{k}", MEETINGS, start) for k in range(WRITERS)]
    )
    stop.set()
    following.join()

    # Every file went in as one transaction, and no transaction was lost or repeated.
    ids = _log_ids(app)
    child_ids = [p for _, positions in recorded for p in positions]
    assert sorted(setup_ids + child_ids) == ids
    # No writer conflicted (disjoint streams), so nothing was rolled back: no gaps.
    assert ids == list(range(1, len(ids) + 1))
    reference = Governance("memory:")
    reference.record(*_bodies(WRITERS))
    for k in range(WRITERS):
        for week in range(MEETINGS):
            reference.record(weekly_minutes(f"n{k}", week))
    assert Counter(_events(app)) == Counter(_events(reference))
    assert len(ids) == len(_events(reference))
    # The projections equal a fresh rebuild, and the live follower kept up.
    for as_of in (date(2023, 6, 30), AS_OF):
        assert app.status(as_of=as_of, include_all=True) == reference.status(
            as_of=as_of, include_all=True
        )
    follower.catch_up()
    assert _assert_views_equal_a_rebuild_at_their_position(app) == ids[-1]
    assert views_status(app, AS_OF, include_all=True) == app.status(as_of=AS_OF, include_all=True)


# --- two processes racing on one item --------------------------------------------------

RACE_SETUP = attrs.evolve(
    NOV_17,
    items=(
        *NOV_17.items,
        ItemEntry(number="7b", title="Travel costs", tabled=Tabling(until=NEXT_MEETING)),
    ),
)
ITEM_7A, ITEM_7B, ITEM_5 = (f"im/2023-11-17/{n}" for n in ("7a", "7b", "5"))


def _minutes(on: date, *items: ItemEntry) -> RecordMinutes:
    return RecordMinutes(body_id="im", meeting=MeetingDetails(date=on), items=items)


def _was_held(app: Governance, on: date) -> bool:
    stream = app.stream(f"meeting:im/{on.isoformat()}")
    return any(type(fact.event).__name__ == "MeetingHeld" for fact in stream)


def _done(assignment_id: str) -> AssignmentReport:
    return AssignmentReport(assignment_id=assignment_id, status="done")


# Per round, what each of the two processes records at the same moment.
ROUNDS: list[tuple[str, RecordMinutes, RecordMinutes]] = [
    (
        "both close 7a",
        _minutes(date(2023, 12, 8), ItemEntry(continues=ITEM_7A, closed=True)),
        _minutes(date(2023, 12, 15), ItemEntry(continues=ITEM_7A, closed=True)),
    ),
    (
        "one closes 7b, the other tables it a week later",
        _minutes(date(2024, 1, 12), ItemEntry(continues=ITEM_7B, closed=True)),
        _minutes(
            date(2024, 1, 19), ItemEntry(continues=ITEM_7B, tabled=Tabling(until=NEXT_MEETING))
        ),
    ),
    (
        "both report on assignments of item 5 (no contradiction)",
        _minutes(
            date(2024, 2, 9),
            ItemEntry(
                continues=ITEM_5,
                assignment_reports=(
                    AssignmentReport(assignment_id=f"{ITEM_5}/a1", status="done"),
                ),
            ),
        ),
        _minutes(
            date(2024, 2, 16),
            ItemEntry(
                continues=ITEM_5,
                assignment_reports=(
                    AssignmentReport(assignment_id=f"{ITEM_5}/a2", status="done"),
                ),
            ),
        ),
    ),
]


def _race(url: str, side: int, decided: Barrier, results: Queue[Any]) -> None:
    """Record this side's minutes of each round; save only once both sides have decided."""
    try:
        _quiet()
        app = _open(url, CREATE_TABLE="no")
        save = app.save
        state = {"saves": 0, "conflicts": 0}

        def save_when_both_have_decided(*objects: Any, **kwargs: Any) -> Any:
            state["saves"] += 1
            if state["saves"] == 1:
                decided.wait(60)
            try:
                return save(*objects, **kwargs)
            except IntegrityError:
                state["conflicts"] += 1
                raise

        app.save = save_when_both_have_decided  # type: ignore[method-assign]
        outcomes = []
        for _, *minutes in ROUNDS:
            state.update(saves=0, conflicts=0)
            try:
                app.record(minutes[side])
                outcomes.append(("recorded", "", state["conflicts"]))
            except GovernanceError as error:
                if state["saves"] == 0:  # decided against before saving: let the other go
                    decided.wait(60)
                outcomes.append((type(error).__name__, str(error), state["conflicts"]))
            decided.wait(60)  # both done with this round
        results.put((side, outcomes))
    except BaseException:
        results.put(("crashed", traceback.format_exc()))


def test_two_processes_racing_on_one_item_give_one_winner(shared_url: str) -> None:
    app = _open(shared_url)
    app.record(*SETUP, RACE_SETUP)
    before = _events(app)
    decided = SPAWN.Barrier(2)

    by_side = dict(_run_children(_race, [(shared_url, 0, decided), (shared_url, 1, decided)]))

    for number, (_, *minutes) in enumerate(ROUNDS):
        outcomes = [by_side[side][number] for side in (0, 1)]
        recorded = [side for side in (0, 1) if outcomes[side][0] == "recorded"]
        # Each round the two saves met in the database: exactly one of them conflicted.
        assert sorted(o[2] for o in outcomes) == [0, 1], outcomes
        held = {m.meeting.date for m in minutes if _was_held(app, m.meeting.date)}
        if number < 2:
            assert len(recorded) == 1, outcomes
            loser = outcomes[1 - recorded[0]]
            assert issubclass(getattr(errors, loser[0]), RuleViolationError)
            assert "closed on" in loser[1]
            assert held == {minutes[recorded[0]].meeting.date}
        else:
            assert recorded == [0, 1], outcomes
            assert held == {m.meeting.date for m in minutes}
    # Nothing lost: what was there is still there, once; 7a closed once, 7b closed or
    # tabled again (whichever won), once.
    after = _events(app)
    assert after[: len(before)] == before
    seven_a = [type(fact.event).__name__ for fact in app.stream(f"item:{ITEM_7A}")]
    assert seven_a.count("ItemClosed") == 1
    seven_b = [type(fact.event).__name__ for fact in app.stream(f"item:{ITEM_7B}")]
    assert seven_b.count("ItemClosed") + seven_b.count("ItemTabled") == 2
    ids = _log_ids(app)
    assert ids == sorted(set(ids))


def test_a_writer_that_keeps_losing_gives_up_after_bounded_retries(shared_url: str) -> None:
    app = _open(shared_url)
    other = _open(shared_url)
    app.record(*SETUP, NOV_17)
    interfering = iter(
        _minutes(date(2023, 12, 1) + timedelta(days=7 * n), ItemEntry(continues=ITEM_5))
        for n in range(MAX_ATTEMPTS)
    )
    save = app.save
    attempts: list[int] = []

    def save_after_another_writer(*objects: Any, **kwargs: Any) -> Any:
        other.record(next(interfering))  # another process saves to item 5 first
        attempts.append(len(attempts) + 1)
        return save(*objects, **kwargs)

    app.save = save_after_another_writer  # type: ignore[method-assign]
    mine = _minutes(date(2024, 3, 1), ItemEntry(continues=ITEM_5, decisions=("Mine",)))

    with pytest.raises(ConcurrentRecordingError, match="nothing was recorded"):
        app.record(mine)

    assert attempts == list(range(1, MAX_ATTEMPTS + 1))
    assert not _was_held(app, date(2024, 3, 1))
    held = [e for e in _events(app) if type(e).__name__ == "MeetingHeld"]
    assert len(held) == 1 + MAX_ATTEMPTS


# --- a recording process killed in the middle of a minutes file -----------------------

ITEMS_PER_FILE = 200


def _big_minutes_file(folder: Path, on: date) -> Path:
    lines = ["kind: minutes", "body: im", "meeting:", f"  date: {on.isoformat()}", "items:"]
    for n in range(1, ITEMS_PER_FILE + 1):
        lines += [
            f'  - number: "{n}"',
            f"    title: Question {n} of {on.isoformat()}",
            "    decisions:",
            f"      - Decision {n}",
        ]
    path = folder / f"{on.isoformat()}-im.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record_file(url: str, path: str, hold: bool, saving: ProcessEvent) -> None:
    """Record a minutes file; set ``saving`` when the save begins or, with ``hold``, once
    every row is inserted, and then wait there, before the commit, to be killed."""
    _quiet()
    app = _open(url, CREATE_TABLE="no")
    if hold:
        # the register rows are made in the recording transaction, after every event
        # row is inserted and before the commit
        tables = app.recorder.registers  # type: ignore[attr-defined]
        inserted = tables.after_insert

        def insert_then_hold(*args: Any, **kwargs: Any) -> Any:
            result = inserted(*args, **kwargs)
            saving.set()
            time.sleep(60)
            return result

        tables.after_insert = insert_then_hold
    else:
        save = app.save

        def announce_then_save(*objects: Any, **kwargs: Any) -> Any:
            saving.set()
            return save(*objects, **kwargs)

        app.save = announce_then_save  # type: ignore[method-assign]
    app.record_file(path)


def test_a_recording_killed_mid_file_leaves_all_or_nothing(
    shared_url: str, tmp_path: Path
) -> None:
    app = _open(shared_url)
    app.record(*SETUP)
    whole = 1 + 2 * ITEMS_PER_FILE  # MeetingHeld, then ItemRaised and DecisionRecorded each
    rng = random.Random(5)
    to_saving = to_exit = 0.0
    for number in range(4):
        on = date(2024, 1, 5) + timedelta(days=7 * number)
        path = _big_minutes_file(tmp_path, on)
        saving = SPAWN.Event()
        hold = number == 2
        child = SPAWN.Process(target=_record_file, args=(shared_url, str(path), hold, saving))
        started = time.monotonic()
        child.start()
        if number == 0:  # not killed: how long starting, reading and deciding, and saving take
            assert saving.wait(30)
            to_saving = time.monotonic() - started
            child.join(30)
            to_exit = time.monotonic() - started
        elif number == 1:  # anywhere: starting, reading the file, deciding, saving, exiting
            time.sleep(rng.uniform(0, to_exit))
        elif hold:  # every row inserted, the transaction not committed
            assert saving.wait(30)
        else:  # after the save began
            assert saving.wait(30)
            time.sleep(rng.uniform(0, to_exit - to_saving))
        if child.exitcode is None:
            os.kill(cast(int, child.pid), signal.SIGKILL)
        child.join(30)
        assert child.exitcode in (0, -signal.SIGKILL)

        meeting = f"im/{on.isoformat()}"
        stored = sum(1 for e in _events(app) if getattr(e, "meeting_id", None) == meeting)
        assert stored in ((0,) if hold else (0, whole))
        again = app.record_file(path)
        assert again.is_new == (stored == 0)
        assert len(again.events) == (whole if stored == 0 else 0)
    ids = _log_ids(app)
    assert ids == sorted(set(ids))
    # the register tables are neither behind nor ahead of the log, and say what it says
    made_to, last = app.recorder.registers.lag()  # type: ignore[attr-defined]
    assert made_to == last == app.log_position()
    for day in (date(2024, 1, 5), date(2024, 2, 1)):
        assert app._status_from_registers(day, None, True) == app.status(
            as_of=day, include_all=True, known_at=last
        )


# --- `governance follow` killed and started again --------------------------------------


def _cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GOVERNANCE_STORE"}
    return {**env, **SMALL_POOL}


def _start_follow(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "governance", "follow", "--store", url, "--poll", "0.05"],
        cwd=ROOT,
        env=_cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_follow_killed_and_restarted_ends_equal_to_a_rebuild(shared_url: str) -> None:
    app = _open(shared_url)
    app.record(*_bodies(2))
    # Network 1 records its minutes weeks late: late events make the follower fold again.
    queue = [weekly_minutes("n0", week) for week in range(6)]
    for week in range(24):
        queue.append(weekly_minutes("n1", week))
        if week + 6 < 24:
            queue.append(weekly_minutes("n0", week + 6))
    rng = random.Random(7)
    kills: list[tuple[int, int]] = []
    for _ in range(4):
        follow = _start_follow(shared_url)
        assert follow.stdout is not None
        assert "following" in follow.stdout.readline()
        chunk, queue = queue[:10], queue[10:]
        kill_after = rng.randrange(2, len(chunk))
        for number, minutes in enumerate(chunk):
            app.record(minutes)
            if number == kill_after:  # while it is taking in what was just recorded
                follow.send_signal(signal.SIGKILL)
                follow.wait(30)
                views = _assert_views_equal_a_rebuild_at_their_position(app)
                kills.append((views, app.log_position()))
            else:
                time.sleep(rng.uniform(0, 0.05))
    while queue:
        app.record(queue.pop(0))
    done = subprocess.run(
        [sys.executable, "-m", "governance", "follow", "--store", shared_url, "--once"],
        cwd=ROOT,
        env=_cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _assert_views_equal_a_rebuild_at_their_position(app) == app.log_position()
    views_at_kills = [views for views, _ in kills]
    assert views_at_kills == sorted(views_at_kills)


# --- the delayed-commit gap (PostgreSQL) -----------------------------------------------


class _HeldWriter:
    """A writer whose transaction stays open after it has inserted its events (for less
    than the 5 s after which eventsourcing's idle-in-transaction timeout ends it)."""

    def __init__(self, url: str, *, take_table_lock: bool = True) -> None:
        self.app = _open(url)
        recorder = cast(PostgresApplicationRecorder, self.app.recorder)
        if not take_table_lock:  # as POSTGRES_ENABLE_DB_FUNCTIONS or a foreign writer would
            recorder.lock_table_statements = []
        self.inserted = threading.Event()
        self.release = threading.Event()
        # the register rows are made after the events are inserted, before the commit
        tables = recorder.registers  # type: ignore[attr-defined]
        after_insert = tables.after_insert

        def insert_then_wait(*args: Any, **kwargs: Any) -> Any:
            done = after_insert(*args, **kwargs)
            self.inserted.set()
            assert self.release.wait(10)
            return done

        tables.after_insert = insert_then_wait

    def record(self, minutes: RecordMinutes) -> _Thread:
        thread = _Thread(lambda: self.app.record(minutes))
        thread.start()
        assert self.inserted.wait(10)
        return thread


def _waiting_for_a_lock(url: str) -> bool:
    """Whether a session of the database waits for a table lock."""
    with psycopg.connect(url.split("?", maxsplit=1)[0], autocommit=True) as connection:
        found = connection.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchone()
    return bool(found and found[0])


def test_a_writer_holding_its_positions_blocks_later_writers(fresh_postgres_url: str) -> None:
    app = _open(fresh_postgres_url)
    app.record(*SETUP, NOV_17)
    follower = _open(fresh_postgres_url).follower(today=lambda: AS_OF)
    before = follower.catch_up().position
    # Opened first: opening creates missing tables, and that DDL waits for writers too.
    later = _open(fresh_postgres_url)
    held = _HeldWriter(fresh_postgres_url)
    first = held.record(_minutes(date(2023, 12, 8), ItemEntry(continues=ITEM_7A, closed=True)))
    second = _Thread(
        lambda: later.record(_minutes(date(2023, 12, 15), ItemEntry(number="1", title="Later")))
    )
    second.start()
    deadline = time.monotonic() + 10
    while not _waiting_for_a_lock(fresh_postgres_url):  # eventsourcing's EXCLUSIVE lock
        if not second.is_alive():
            second.join()
        assert time.monotonic() < deadline
        time.sleep(0.01)

    assert follower.catch_up().position == before  # nothing committed yet: nothing to read
    held.release.set()
    first.join()
    second.join()

    assert follower.catch_up().position == app.log_position()
    _assert_views_equal_a_rebuild_at_their_position(app)
    assert views_status(app, AS_OF) == app.status(as_of=AS_OF)


def test_follow_does_not_skip_a_transaction_that_commits_after_a_later_one(
    fresh_postgres_url: str,
) -> None:
    url = fresh_postgres_url
    app = _open(url)
    app.record(*SETUP, NOV_17)
    follower = _open(url).follower(today=lambda: AS_OF)
    before = follower.catch_up().position
    # Two writers that skip eventsourcing's table lock (the database-function path).
    fast = _open(url, POSTGRES_ENABLE_DB_FUNCTIONS="yes")
    held = _HeldWriter(url, take_table_lock=False)
    first = held.record(_minutes(date(2023, 12, 8), ItemEntry(continues=ITEM_7A, closed=True)))
    fast.record(_minutes(date(2023, 12, 15), ItemEntry(number="1", title="Later")))
    # The gap is real: a reader that trusts the order sees the later commit only.
    visible = app.recorder.select_notifications(start=before, limit=100, inclusive_of_start=False)
    assert visible
    assert visible[0].id > before + 1

    assert follower.catch_up().position == before  # it waits before the gap
    held.release.set()
    first.join()

    assert follower.catch_up().position == app.log_position()
    closed = [e for e in _events(app) if type(e).__name__ == "ItemClosed"]
    assert len(closed) == 1  # the held transaction's events are in the views
    _assert_views_equal_a_rebuild_at_their_position(app)
    assert views_status(app, AS_OF) == app.status(as_of=AS_OF)
    assert not any(r.id == ITEM_7A for r in app.status(as_of=AS_OF).tabled_items)
