"""Registered bodies: the latest name, parent, address, members and aliases of each.

Body registrations are reference data: they apply whatever date the other read models
are asked about, so callers fold them unfiltered. Names of people are resolved against
the body's aliases ("Karin Bergh" -> "Karin Berg") and its member list, ignoring case,
runs of white space and how Unicode spells a letter (see `governance.domain.names`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from typing import assert_never

import attrs

from governance.domain.events import (
    AnyEvent,
    BodyRegistered,
    BodyRevised,
    EntryCorrected,
    Event,
    ItemEvent,
    MandateEvent,
    MeetingEvent,
)
from governance.domain.messages import Choices, msg
from governance.domain.names import name_key
from governance.domain.values import Alias, Member
from governance.projections._order import in_valid_time_order
from governance.projections.history import UnknownSubjectError


@attrs.frozen
class BodyInfo:
    """A body as its latest registration describes it."""

    body_id: str
    name: str
    registered_on: date
    revised_on: date
    parent: str | None = None
    address: str | None = None
    members: tuple[Member, ...] = ()
    aliases: tuple[Alias, ...] = ()


@attrs.define
class BodiesView:
    """The bodies read model; build it with `fold` or step it with `evolve`."""

    bodies: dict[str, BodyInfo] = attrs.Factory(dict)
    names: dict[str, dict[str, str]] = attrs.Factory(dict)
    """Per body: normalised spelling -> canonical name."""


def evolve(view: BodiesView, event: AnyEvent) -> BodiesView:
    """Fold one event into the view (updated in place and returned)."""
    match event:
        case BodyRegistered() | BodyRevised():
            known = view.bodies.get(event.body_id)
            if known is not None and event.occurred_on < known.revised_on:
                first = min(known.registered_on, event.occurred_on)
                view.bodies[event.body_id] = attrs.evolve(known, registered_on=first)
                return view
            view.bodies[event.body_id] = BodyInfo(
                body_id=event.body_id,
                name=event.name,
                registered_on=known.registered_on if known else event.occurred_on,
                revised_on=event.occurred_on,
                parent=event.parent,
                address=event.address,
                members=event.members,
                aliases=event.aliases,
            )
            view.names[event.body_id] = _name_index(event.members, event.aliases)
        case MandateEvent() | MeetingEvent() | ItemEvent() | EntryCorrected():
            pass
        case _:
            assert_never(event)
    return view


def fold(events: Iterable[Event], view: BodiesView | None = None) -> BodiesView:
    result = view if view is not None else BodiesView()
    for event in in_valid_time_order(events):
        evolve(result, event)
    return result


def _name_index(members: tuple[Member, ...], aliases: tuple[Alias, ...]) -> dict[str, str]:
    index = {name_key(member.name): member.name for member in members}
    index.update({name_key(alias.variant): alias.canonical for alias in aliases})
    return index


def resolve_name(view: BodiesView, body_id: str, name: str) -> str:
    """The canonical spelling of a person's name in the body, or the name as written."""
    return view.names.get(body_id, {}).get(name_key(name), name)


def resolve_names(view: BodiesView, body_id: str, names: Iterable[str]) -> tuple[str, ...]:
    """Names resolved to their canonical spelling, each once, in the order first named."""
    return tuple(dict.fromkeys(resolve_name(view, body_id, name) for name in names))


def require_body(view: BodiesView, body_id: str) -> BodyInfo:
    """The body registered under ``body_id``, or an error that lists those that are."""
    info = view.bodies.get(body_id)
    if info is None:
        close = difflib.get_close_matches(body_id, sorted(view.bodies), n=3, cutoff=0.5)
        if close:
            raise UnknownSubjectError(
                msg(
                    "body.not-in-record-did-you-mean",
                    "no body '{body}' in the record; did you mean {close}?",
                    body=body_id,
                    close=Choices(close),
                )
            )
        raise UnknownSubjectError(
            msg(
                "body.not-in-record",
                "no body '{body}' in the record (registered bodies: {known})",
                body=body_id,
                known=", ".join(sorted(view.bodies)) or msg("body.none-yet", "none yet"),
            )
        )
    return info
