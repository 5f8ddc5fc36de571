"""The status of the record as of a date: tabled items, assignments, obligations and
mandates, as `governance status` shows them, and its JSON form (the v1 contract of
``minutes-format.md``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import attrs

from governance.domain.events import (
    EVENT_TYPES,
    AnyEvent,
    AssignmentEvent,
    BodyEvent,
    Event,
    ItemEvent,
    MandateEvent,
    MeetingEvent,
    is_known,
)
from governance.projections import assignments as assignments_model
from governance.projections import bodies as bodies_model
from governance.projections import mandates as mandates_model
from governance.projections import meetings as meetings_model
from governance.projections import obligations as obligations_model
from governance.projections import tabled_items as tabled_items_model
from governance.projections._order import in_valid_time_order, without_retracted
from governance.projections.assignments import AssignmentRow, AssignmentsView
from governance.projections.bodies import BodiesView
from governance.projections.mandates import MandateRow, MandatesView
from governance.projections.meetings import MeetingsView
from governance.projections.obligations import ObligationRow, ObligationsView
from governance.projections.tabled_items import TabledItemRow, TabledItemsView


@attrs.frozen
class Status:
    """What is open, owed and overdue as of a date; every list sorted by id."""

    as_of: date
    tabled_items: tuple[TabledItemRow, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    obligations: tuple[ObligationRow, ...] = ()
    mandates: tuple[MandateRow, ...] = ()


@attrs.define
class StatusView:
    """The read models a status is computed from, folded together in one pass."""

    meetings: MeetingsView = attrs.Factory(MeetingsView)
    bodies: BodiesView = attrs.Factory(BodiesView)
    tabled_items: TabledItemsView = attrs.Factory(TabledItemsView)
    assignments: AssignmentsView = attrs.Factory(AssignmentsView)
    mandates: MandatesView = attrs.Factory(MandatesView)
    obligations: ObligationsView = attrs.Factory(ObligationsView)


def _meetings(view: StatusView, event: AnyEvent) -> None:
    meetings_model.evolve(view.meetings, event)


def _bodies(view: StatusView, event: AnyEvent) -> None:
    bodies_model.evolve(view.bodies, event)


def _items(view: StatusView, event: AnyEvent) -> None:
    tabled_items_model.evolve(view.tabled_items, event)


def _assignments(view: StatusView, event: AnyEvent) -> None:
    tabled_items_model.evolve(view.tabled_items, event)
    assignments_model.evolve(view.assignments, event)


def _mandates(view: StatusView, event: AnyEvent) -> None:
    mandates_model.evolve(view.mandates, event)
    obligations_model.evolve(view.obligations, event)


def _nothing(view: StatusView, event: AnyEvent) -> None:
    pass


Step = Callable[[StatusView, AnyEvent], None]

#: Each read model reads only the events of its family; an event goes only to those.
_FAMILIES: tuple[tuple[type[Event], Step], ...] = (
    (AssignmentEvent, _assignments),
    (ItemEvent, _items),
    (MeetingEvent, _meetings),
    (MandateEvent, _mandates),
    (BodyEvent, _bodies),
)
_STEPS: dict[type[Event], Step] = {
    kind: next((step for family, step in _FAMILIES if issubclass(kind, family)), _nothing)
    for kind in EVENT_TYPES
}


def evolve(view: StatusView, event: Event) -> StatusView:
    """Fold one event into the read models of the view (updated in place and returned);
    one of no class of `AnyEvent` changes nothing."""
    if is_known(event):
        _STEPS[type(event)](view, event)
    return view


def fold(events: Iterable[Event], view: StatusView | None = None) -> StatusView:
    result = view if view is not None else StatusView()
    for event in in_valid_time_order(events):
        _STEPS[type(event)](result, event)
    return result


def status_of(
    view: StatusView, *, as_of: date, body: str | None = None, include_all: bool = False
) -> Status:
    """The status the view gives as of ``as_of``; ``body`` keeps only that body's rows
    (mandates and obligations by the body they are issued to)."""
    tabled = tabled_items_model.tabled_item_rows(view.tabled_items, view.meetings, as_of=as_of)
    assignments = assignments_model.assignment_rows(
        view.assignments, view.meetings, view.bodies, as_of=as_of, include_all=include_all
    )
    mandates = mandates_model.mandate_rows(view.mandates, as_of=as_of)
    obligations = obligations_model.obligation_rows(
        view.obligations, view.mandates, view.meetings, as_of=as_of
    )
    if body is not None:
        tabled = [row for row in tabled if row.body == body]
        assignments = [row for row in assignments if row.body == body]
        mandates = [row for row in mandates if row.issued_to == body]
        of_body = {row.id for row in mandates}
        obligations = [row for row in obligations if row.mandate in of_body]
    return Status(as_of, tuple(tabled), tuple(assignments), tuple(obligations), tuple(mandates))


def only_overdue(status: Status) -> Status:
    """What of ``status`` is overdue: tabled items, assignments and obligations whose
    status is ``overdue`` (a mandate never is)."""
    return Status(
        status.as_of,
        tuple(row for row in status.tabled_items if row.status == "overdue"),
        tuple(row for row in status.assignments if row.status == "overdue"),
        tuple(row for row in status.obligations if row.status == "overdue"),
    )


def compute_status(
    events: Iterable[Event], *, as_of: date, body: str | None = None, include_all: bool = False
) -> Status:
    """The status as of ``as_of`` from events (in log order) the caller knows.

    Corrected events are left out (see `without_retracted`), and so are events dated
    after ``as_of``, except body registrations, which are reference data and apply on
    every date.
    """
    current = without_retracted(events)
    known = (e for e in current if isinstance(e, BodyEvent) or e.occurred_on <= as_of)
    return status_of(fold(known), as_of=as_of, body=body, include_all=include_all)


def tabled_item_to_json(row: TabledItemRow) -> dict[str, object]:
    return {
        "id": row.id,
        "body": row.body,
        "title": row.title,
        "tabled_on": row.tabled_on.isoformat(),
        "times_tabled": row.times_tabled,
        "due": str(row.due),
        "status": row.status,
    }


def assignment_to_json(row: AssignmentRow) -> dict[str, object]:
    return {
        "id": row.id,
        "item": row.item,
        "to": list(row.to),
        "task": row.task,
        "given_on": row.given_on.isoformat(),
        "due": str(row.due),
        "status": row.status,
    }


def obligation_to_json(row: ObligationRow) -> dict[str, object]:
    """The contract's keys, then the kind's own: ``required`` and ``count`` for meetings
    (with ``covered_from``, ``covered_to`` and ``prorated`` in a year the mandate covers
    only in part), ``due_on``, and ``fulfilled_on``, ``fulfilled_by`` and ``late`` when
    they apply."""
    data: dict[str, object] = {
        "mandate": row.mandate,
        "obligation": row.obligation,
        "kind": row.kind,
        "period": row.period,
    }
    if row.required is not None:
        data["required"] = row.required
    if row.count is not None:
        data["count"] = row.count
    if row.covered_from is not None and row.covered_to is not None:
        data["covered_from"] = row.covered_from.isoformat()
        data["covered_to"] = row.covered_to.isoformat()
        data["prorated"] = row.prorated
    if row.due_on is not None:
        data["due_on"] = row.due_on.isoformat()
    data["status"] = row.status
    if row.fulfilled_on is not None:
        data["fulfilled_on"] = row.fulfilled_on.isoformat()
    if row.fulfilled_by is not None:
        data["fulfilled_by"] = row.fulfilled_by
    if row.late:
        data["late"] = True
    return data


def mandate_to_json(row: MandateRow) -> dict[str, object]:
    return {
        "id": row.id,
        "issued_to": row.issued_to,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": None if row.valid_to is None else row.valid_to.isoformat(),
        "status": row.status,
    }


def status_to_json(status: Status) -> dict[str, Any]:
    """The ``status --json`` object of the v1 contract."""
    return {
        "as_of": status.as_of.isoformat(),
        "tabled_items": [tabled_item_to_json(row) for row in status.tabled_items],
        "assignments": [assignment_to_json(row) for row in status.assignments],
        "obligations": [obligation_to_json(row) for row in status.obligations],
        "mandates": [mandate_to_json(row) for row in status.mandates],
    }
