"""The library's own cattrs converter for stored events (never cattrs' global one).

Unstructured shapes are deterministic: dates as ISO strings, frozensets as sorted
lists, tuples as lists. The same event always gives the same bytes, which the audit
log and content digests rely on.

Reading (structuring) is also done by functions generated in ``_decode``, which mirror
the hooks below by identity: a type whose hook is not one ``_decode`` knows is left to
this converter.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date, datetime
from typing import Any

import cattrs

from governance.domain.events import EVENT_TYPES, Event
from governance.domain.values import Due

_EVENTS_BY_NAME = {cls.__name__: cls for cls in EVENT_TYPES}


def _unstructure_set(value: AbstractSet[Any]) -> list[Any]:
    return sorted(value)


def structure_date(value: Any, _: Any) -> date:
    return date.fromisoformat(value)


def structure_datetime(value: Any, _: Any) -> datetime:
    return datetime.fromisoformat(value)


def structure_due(value: Any, _: Any) -> Due:
    return Due.next_meeting() if value == "next_meeting" else Due(date.fromisoformat(value))


class StructureEvent:
    """The hook of ``Event``: an event inside an event carries its type's name."""

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter

    def __call__(self, data: Any, _: Any) -> Event:
        return self.converter.structure(data["event"], _EVENTS_BY_NAME[data["type"]])


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        unstruct_collection_overrides={AbstractSet: _unstructure_set},
    )
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, structure_date)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, structure_datetime)
    # Events inside events (a correction's retracted events) carry their type's name.
    converter.register_unstructure_hook_func(
        lambda cls: cls is Event,
        lambda event: {"type": type(event).__name__, "event": converter.unstructure(event)},
    )
    converter.register_structure_hook_func(lambda cls: cls is Event, StructureEvent(converter))
    converter.register_unstructure_hook(Due, str)
    converter.register_structure_hook(Due, structure_due)
    return converter


converter = make_converter()
