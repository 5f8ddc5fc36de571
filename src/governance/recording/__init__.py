"""Recording: commands and minutes files turned into saved events and register rows, in
one transaction a file (see `Recorder`)."""

from governance.recording._batch import Batch
from governance.recording._commands import Group, content_digest, unlocated
from governance.recording._files import file_groups, path_groups
from governance.recording._outcome import (
    ConcurrentRecordingError,
    DocumentOutcome,
    RecordOutcome,
)
from governance.recording._upkeep import RegisterUpkeep
from governance.recording._write import MAX_ATTEMPTS, Recorder

__all__ = [
    "MAX_ATTEMPTS",
    "Batch",
    "ConcurrentRecordingError",
    "DocumentOutcome",
    "Group",
    "RecordOutcome",
    "Recorder",
    "RegisterUpkeep",
    "content_digest",
    "file_groups",
    "path_groups",
    "unlocated",
]
