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

Reading is the hot path of every rebuild. ``to_domain_event`` first reads a stored event
the quick way: the canonical JSON by the JSON scanner alone, the class by a topic cache,
the fields by a function generated for the class (``_decode``). Whatever the quick way
does not accept as it is, it leaves to the plain way (``json.loads``, ``resolve_topic``,
the converter), which gives the fact, or the error, that it always gave.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast
from uuid import UUID, uuid5

import attrs
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from governance.domain.events import Event
from governance.store._converter import converter
from governance.store._decode import Structure, plain_init, structurer

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


def _upcast(cls: type[Event], data: dict[str, Any], stored_version: int) -> dict[str, Any]:
    version = stored_version
    while version < cls.schema_version:
        upcast = getattr(cls, f"upcast_v{version}_v{version + 1}")
        data = upcast(data)
        version += 1
    return data


#: The fields of events that hold the ids of things, each repeated in many events: what
#: events read together share (see `GovernanceMapper._quick`).
ID_FIELDS = ("body_id", "meeting_id", "item_id", "assignment_id", "mandate_id")

#: The JSON value at an index of a string: json.loads' parser, without its checks.
_scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_from_isoformat = datetime.fromisoformat
_new = object.__new__
_set_dict = object.__setattr__
#: Whether ``StoredFact(...)`` only sets the fields (it can be made without the call).
_PLAIN_FACT = plain_init(StoredFact)
#: Event classes and their structure functions, by topic.
_TOPICS: dict[str, tuple[type[Event], Structure]] = {}


def _event_class(topic: str) -> tuple[type[Event], Structure]:
    cls = resolve_topic(topic)
    if not (isinstance(cls, type) and issubclass(cls, Event)):
        raise TypeError(f"topic {topic} is not a governance event")
    _TOPICS[topic] = known = (cls, structurer(cls))
    return known


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

    def _quick(
        self, topic: str, state: bytes, ids: dict[str, str] | None = None
    ) -> tuple[Event, dict[str, Any]]:
        """The event and the payload of a stored state, the quick way; raises whatever
        the quick way does not accept. With ``ids``, the event's own ids (`ID_FIELDS`)
        are the strings ``ids`` holds where it holds them, and are added to it where not:
        events read together share one copy of each id."""
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        # Canonical JSON is strict UTF-8 with nothing around the object; anything else
        # is for json.loads.
        text = state.decode()
        payload, end = _scan_json(text, 0)
        if end != len(text):
            raise ValueError("more than one JSON value")
        known = _TOPICS.get(topic)
        cls, structure = known if known is not None else _event_class(topic)
        data = payload["event"]
        version = payload.get("schema_version", 1)
        while version < cls.schema_version:
            data = getattr(cls, f"upcast_v{version}_v{version + 1}")(data)
            version += 1
        if ids is not None:
            for field in ID_FIELDS:
                value = data.get(field)
                if value.__class__ is str:
                    data[field] = ids.setdefault(value, value)
        return structure(data), payload

    def quick_event(
        self, topic: str, state: bytes, ids: dict[str, str] | None = None
    ) -> Event | None:
        """Only the domain event of a stored event (what a rebuild needs), read the
        quick way (sharing ``ids``, see `_quick`); None where only ``to_domain_event``
        can say what it holds or what is wrong with it."""
        try:
            event, payload = self._quick(topic, state, ids)
            _from_isoformat(payload["recorded_at"])  # as to_domain_event reads it
        except Exception:
            return None
        return event

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """The stored fact. Read the quick way, which gives what the plain way (``_read``)
        gives or raises; on any exception, the plain way gives the fact or the error."""
        try:
            event, payload = self._quick(stored_event.topic, stored_event.state)
            recorded_at = _from_isoformat(payload["recorded_at"])
            originator_id = stored_event.originator_id
            if not isinstance(originator_id, UUID):
                originator_id = UUID(originator_id)
            if _PLAIN_FACT:  # what StoredFact(...) does, without the call
                fact = _new(StoredFact)
                _set_dict(
                    fact,
                    "__dict__",
                    {
                        "originator_id": originator_id,
                        "originator_version": stored_event.originator_version,
                        "recorded_at": recorded_at,
                        "event": event,
                    },
                )
                return fact
            return StoredFact(
                originator_id=originator_id,
                originator_version=stored_event.originator_version,
                recorded_at=recorded_at,
                event=event,
            )
        except Exception:  # left to the plain way, which says what is wrong
            pass
        return self._read(stored_event)

    def _read(self, stored_event: StoredEvent) -> Any:
        """``to_domain_event`` the plain way: the reference for what a stored event holds."""
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
            data = _upcast(cls, payload["event"], payload.get("schema_version", 1))
            event = converter.structure(data, cls)
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
