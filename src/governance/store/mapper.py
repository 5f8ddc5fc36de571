"""How governance events are stored: an envelope around each pure domain event.

A domain event knows nothing of streams or versions. The application wraps each one
in a ``StoredFact``: the stream's id (``originator_id``), its place in the stream
(``originator_version``), and when it was recorded (``recorded_at``, transaction
time). ``GovernanceMapper`` turns a fact into eventsourcing's ``StoredEvent``:

- ``topic`` is the domain event's class (``governance.domain.events:ItemTabled``),
  so the store's topic column says what happened;
- ``state`` is canonical JSON (sorted keys, no spaces, UTF-8):
  ``{"event": {...}, "recorded_at": "...", "schema_version": 1}``.

An event stored under an older ``schema_version`` is upcast on read by the class's
``upcast_v<n>_v<n+1>(data) -> data`` static methods, one step at a time; stored bytes
are never rewritten.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast
from uuid import UUID, uuid5

import attrs
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from governance.domain.events import Event
from governance.store._converter import converter

#: Namespace of the stream ids: uuid5(STREAM_NAMESPACE, "item:im/2023-11-17/7a").
STREAM_NAMESPACE = UUID("6f1c1bd6-4a4e-5d55-9a8a-8f0a3c2b7e11")


def stream_uuid(stream: str) -> UUID:
    """The store id of a named stream, the same in every store."""
    return uuid5(STREAM_NAMESPACE, stream)


@attrs.frozen(slots=False, kw_only=True)
class StoredFact:
    """A domain event as the store holds it (satisfies eventsourcing's event protocol)."""

    originator_id: UUID
    originator_version: int
    recorded_at: datetime
    event: Event


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_data(event: Event) -> dict[str, Any]:
    """The event's fields in their stored (unstructured) form."""
    return cast(dict[str, Any], converter.unstructure(event))


def event_from_data(cls: type[Event], data: dict[str, Any], stored_version: int) -> Event:
    """Structure stored fields into ``cls``, upcasting from ``stored_version`` first."""
    version = stored_version
    while version < cls.schema_version:
        upcast = getattr(cls, f"upcast_v{version}_v{version + 1}")
        data = upcast(data)
        version += 1
    return converter.structure(data, cls)


class GovernanceMapper(Mapper[UUID]):
    """Maps ``StoredFact`` envelopes to and from eventsourcing's ``StoredEvent``."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        fact = cast(StoredFact, domain_event)
        event = fact.event
        state = canonical_json(
            {
                "event": event_data(event),
                "recorded_at": fact.recorded_at.isoformat(),
                "schema_version": type(event).schema_version,
            }
        )
        if self.compressor:
            state = self.compressor.compress(state)
        if self.cipher:
            state = self.cipher.encrypt(state)
        return StoredEvent(
            originator_id=fact.originator_id,
            originator_version=fact.originator_version,
            topic=get_topic(type(event)),
            state=state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            state = stored_event.state
            if self.cipher:
                state = self.cipher.decrypt(state)
            if self.compressor:
                state = self.compressor.decompress(state)
            payload = json.loads(state)
            cls = resolve_topic(stored_event.topic)
            if not (isinstance(cls, type) and issubclass(cls, Event)):
                raise TypeError(f"topic {stored_event.topic} is not a governance event")
            event = event_from_data(cls, payload["event"], payload.get("schema_version", 1))
            recorded_at = datetime.fromisoformat(payload["recorded_at"])
        except Exception as error:
            raise MapperDeserialisationError(
                f"cannot read stored event {stored_event.originator_id} "
                f"v{stored_event.originator_version} ({stored_event.topic}): {error}"
            ) from error
        originator_id = stored_event.originator_id
        return StoredFact(
            originator_id=originator_id
            if isinstance(originator_id, UUID)
            else UUID(originator_id),
            originator_version=stored_event.originator_version,
            recorded_at=recorded_at,
            event=event,
        )
