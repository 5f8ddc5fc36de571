"""What recording a file (or a batch of commands) did, and the error when other writers
kept it from being recorded."""

from __future__ import annotations

import attrs

from governance.domain.decide import Notice
from governance.domain.errors import GovernanceError
from governance.domain.events import Event


class ConcurrentRecordingError(GovernanceError):
    """Other writers kept changing the same streams; nothing of this file was recorded."""


@attrs.frozen
class DocumentOutcome:
    """What recording one document did."""

    number: int
    kind: str
    subject: str
    events: tuple[Event, ...]
    notices: tuple[Notice, ...]

    @property
    def is_new(self) -> bool:
        return bool(self.events)


@attrs.frozen
class RecordOutcome:
    """What recording one file (or one batch of commands) did."""

    source: str
    documents: tuple[DocumentOutcome, ...]
    positions: tuple[int, ...] = ()

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(event for document in self.documents for event in document.events)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(notice for document in self.documents for notice in document.notices)

    @property
    def is_new(self) -> bool:
        return bool(self.events)
