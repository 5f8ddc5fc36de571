"""The registers: which streams the status as of a date is folded from.

`stream_rows` makes a stream's register rows from its own events; `view_of_streams`
folds the read models of the status from the events of the streams the rows name, and
`status_of_streams` the status. The store keeps the rows
in tables changed in the recording transaction (`governance.store._registers`), so that
a status as of any date reads the few streams that have something to show on it
instead of the whole log.
"""

from governance.registers._rows import (
    ALWAYS,
    RegisterRow,
    stream_bodies,
    stream_decisions,
    stream_references,
    stream_rows,
)
from governance.registers._status import (
    meetings_of_rows,
    notices_of_streams,
    status_of_streams,
    view_of_streams,
)

__all__ = [
    "ALWAYS",
    "RegisterRow",
    "meetings_of_rows",
    "notices_of_streams",
    "status_of_streams",
    "stream_bodies",
    "stream_decisions",
    "stream_references",
    "stream_rows",
    "view_of_streams",
]
