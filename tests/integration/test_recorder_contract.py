"""eventsourcing's own recorder test cases, against every recorder the project defines.

The SQLite and PostgreSQL application recorders insert events in their own transaction
(with the register rows); the persisted views subclass eventsourcing's tracking
recorders. Each must still keep the contract eventsourcing's own tests define.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import ApplicationRecorder, TrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import ApplicationRecorderTestCase, TrackingRecorderTestCase

from governance import Governance
from governance.store._index import SQLiteRegisterRecorder
from governance.views._query import views_recorder
from tests.conftest import _admin_connect, postgres_url


def _views(store: str) -> Iterator[TrackingRecorder]:
    app = Governance(store)  # kept open: the recorder uses its connections
    recorder = views_recorder(app)
    recorder.create_table()
    yield recorder
    app.close()


@pytest.fixture
def sqlite_views(tmp_path: Path) -> Iterator[TrackingRecorder]:
    yield from _views(str(tmp_path / "contract.db"))


@pytest.fixture
def postgres_views(fresh_postgres_url: str) -> Iterator[TrackingRecorder]:
    yield from _views(fresh_postgres_url)


class _Contract(TrackingRecorderTestCase):
    __test__ = False
    recorder: TrackingRecorder

    def create_recorder(self) -> TrackingRecorder:
        return self.recorder


@pytest.mark.parametrize("test", ["test_insert_tracking", "test_wait"])
@pytest.mark.parametrize("backend", ["sqlite_views", "postgres_views"])
def test_views_recorders_keep_eventsourcing_s_tracking_contract(
    backend: str, test: str, request: pytest.FixtureRequest
) -> None:
    contract: Any = _Contract(test)
    contract.recorder = request.getfixturevalue(backend)
    _passes(contract)


def _passes(contract: Any) -> None:
    before = set(threading.enumerate())
    result = contract.defaultTestResult()
    contract.run(result)
    # eventsourcing's concurrency test sets its readers' stop flag but does not join
    # them; a reader still inside select_notifications when the fixture closes the
    # SQLite datastore crashes the interpreter (sqlite3 is not safe against a close
    # from another thread). Wait for every such thread the test started (connection
    # pools' workers are daemon threads that live on with the pool).
    for thread in set(threading.enumerate()) - before:
        if thread.daemon:
            continue
        thread.join(timeout=60)
        assert not thread.is_alive(), f"{thread.name} still running after the test"
    problems = [text for _, text in (*result.errors, *result.failures)]
    assert not problems, "\n".join(problems)


# --- the application recorders ---------------------------------------------------------

_APPLICATION_TESTS = ["test_insert_select", "test_concurrent_no_conflicts"]


class _ApplicationContract(ApplicationRecorderTestCase[ApplicationRecorder]):
    __test__ = False
    make: Any

    def create_recorder(self) -> ApplicationRecorder:
        recorder: ApplicationRecorder = self.make()
        return recorder


@pytest.fixture
def sqlite_application_recorders(tmp_path: Path) -> Iterator[Any]:
    made: list[SQLiteDatastore] = []

    def make() -> ApplicationRecorder:
        datastore = SQLiteDatastore(str(tmp_path / f"app-{len(made)}.db"))
        made.append(datastore)
        recorder = SQLiteRegisterRecorder(datastore)
        recorder.create_table()
        return recorder

    yield make
    for datastore in made:
        datastore.close()


@pytest.fixture
def postgres_application_recorders(postgres_database: str) -> Iterator[Any]:
    opened: list[Governance] = []

    def make() -> ApplicationRecorder:
        schema = f"c_{uuid.uuid4().hex[:12]}"
        with _admin_connect(postgres_database) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        # the recorder a store URL gives, in a fresh schema
        app = Governance(postgres_url(postgres_database, schema))
        opened.append(app)
        assert type(app.recorder).__name__ == "PostgresRegisterRecorder"
        return app.recorder

    yield make
    for app in opened:
        app.close()


@pytest.mark.parametrize("test", _APPLICATION_TESTS)
@pytest.mark.parametrize(
    "backend", ["sqlite_application_recorders", "postgres_application_recorders"]
)
def test_application_recorders_keep_eventsourcing_s_recorder_contract(
    backend: str, test: str, request: pytest.FixtureRequest
) -> None:
    """The recorders the store URLs give (which insert events with the register rows in
    one transaction) pass eventsourcing's own application recorder tests."""
    contract: Any = _ApplicationContract(test)
    contract.make = request.getfixturevalue(backend)
    _passes(contract)
