"""eventsourcing's own recorder test cases, against the recorders the project subclasses.

The persisted views subclass eventsourcing's SQLite and PostgreSQL tracking recorders;
they must still keep the tracking contract eventsourcing's own tests define.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import TrackingRecorder
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from governance import Governance
from governance.views._query import views_recorder


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
    result = contract.defaultTestResult()
    contract.run(result)
    problems = [text for _, text in (*result.errors, *result.failures)]
    assert not problems, "\n".join(problems)
