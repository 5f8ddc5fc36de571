"""Persisted views: the read models kept as ``governance_*`` tables in the store's database.

`Follower` (made by `Governance.follower`) keeps them current (``governance follow``):
it catches the registers (`governance.registers`) up with the log and writes the views
from them, the rows of each view changing together with their tracking position, in one
transaction; each catch-up's `Progress` says what came of it (`Outcome`).
`RecordingViews` keeps them, where they are current, in the transaction of each
recording made through the library. `PersistedViews` reads them; `views_status` answers
a status from them when they are current, and `describe_lag` says why not when they are
not. Tables and columns: docs/deployment.md.
"""

from governance.views._follower import Follower, Outcome, Progress
from governance.views._query import PersistedViews, describe_lag, views_status
from governance.views._recording import RecordingViews
from governance.views._schema import SCHEMA_VERSION
from governance.views._store import Snapshot, ViewsUnavailableError

__all__ = [
    "SCHEMA_VERSION",
    "Follower",
    "Outcome",
    "PersistedViews",
    "Progress",
    "RecordingViews",
    "Snapshot",
    "ViewsUnavailableError",
    "describe_lag",
    "views_status",
]
