"""Rows of the persisted views from the read models, and a status from the rows.

Pure: no database here. Each row holds the status as of one date (the table
``governance_views`` says which) and the dated facts that status follows from, so that
plain SQL can also work out tabled items, assignments and mandates as of a later date.
For tabled items and assignments those facts are what their `Deadline`
(``governance.projections._deadline``) is made of, and the queries in docs/deployment.md
read them as `Deadline.passed` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import cast

from governance.domain.values import Due, ObligationKind
from governance.projections import meetings as meetings_model
from governance.projections import tabled_items as tabled_items_model
from governance.projections.assignments import AssignmentRow, AssignmentStatus
from governance.projections.mandates import MandateRow, MandateStatus
from governance.projections.obligations import ObligationRow, ObligationStatus
from governance.projections.status import Status, StatusView, status_of
from governance.projections.tabled_items import TabledItemRow, TabledStatus
from governance.views._schema import (
    ASSIGNMENTS,
    MANDATES,
    MEETINGS,
    OBLIGATIONS,
    TABLED_ITEMS,
    Key,
    Row,
    Table,
)

#: Table name -> primary key -> row.
Tables = dict[str, dict[Key, Row]]


def view_rows(view: StatusView, *, as_of: date) -> Tables:
    """The rows of every view table for the read models, with statuses as of ``as_of``."""
    status = status_of(view, as_of=as_of, include_all=True)
    return {
        TABLED_ITEMS.name: _keyed(TABLED_ITEMS, (_tabled(view, r) for r in status.tabled_items)),
        ASSIGNMENTS.name: _keyed(ASSIGNMENTS, (_assignment(view, r) for r in status.assignments)),
        OBLIGATIONS.name: _keyed(OBLIGATIONS, (_obligation(r) for r in status.obligations)),
        MANDATES.name: _keyed(MANDATES, (_mandate(view, r) for r in status.mandates)),
        MEETINGS.name: _keyed(MEETINGS, meeting_rows(view)),
    }


def _keyed(table: Table, rows: Iterable[Row]) -> dict[Key, Row]:
    return {table.key(row): row for row in rows}


def _tabled(view: StatusView, row: TabledItemRow) -> Row:
    track = view.tabled_items.items[row.id]
    tabling = track.last_tabling
    assert tabling is not None  # a row is made only for an item whose last step it is
    deadline = tabled_items_model.deadline(track, tabling)
    # Due at the next meeting: the one it is overdue from (whatever the date); else None.
    missed = deadline.deciding_meeting(view.meetings, row.body, track.meetings)
    taken_up = tabled_items_model.taken_up_since(track, tabling)
    return (
        row.id,
        row.body,
        row.title,
        row.tabled_on,
        row.times_tabled,
        str(row.due),
        row.due.on,
        missed,
        taken_up,
        row.status,
    )


def _assignment(view: StatusView, row: AssignmentRow) -> Row:
    given = view.assignments.given[row.id]
    reports = view.assignments.reports.get(row.id)
    return (
        row.id,
        row.item,
        row.body,
        json.dumps(list(row.to), ensure_ascii=False),
        row.task,
        row.given_on,
        str(row.due),
        row.due.on,
        # Of every assignment, whatever its due: the meeting an open one due at the next
        # meeting is overdue from unless first reported by then (`assignments.deadline`).
        meetings_model.next_held_after(view.meetings, given.body_id, given.occurred_on),
        None if reports is None else reports.first_report_on,
        None if reports is None else reports.outcome,
        None if reports is None else reports.outcome_on,
        row.status,
    )


def _obligation(row: ObligationRow) -> Row:
    return (
        row.mandate,
        row.obligation,
        row.period,
        row.kind,
        row.required,
        row.count,
        row.due_on,
        row.fulfilled_on,
        row.fulfilled_by,
        row.late,
        row.status,
        row.covered_from,
        row.covered_to,
        row.prorated,
    )


def _mandate(view: StatusView, row: MandateRow) -> Row:
    ended_on = view.mandates.mandates[row.id].ended_on
    return (
        row.id,
        row.issued_by,
        row.issued_to,
        row.valid_from,
        row.valid_to,
        ended_on,
        row.status,
    )


def meeting_rows(view: StatusView) -> Iterable[Row]:
    """The rows of ``governance_meetings``: one for each meeting held (each made from
    its own stream's events)."""
    for body_id, meetings in view.meetings.bodies.items():
        for held_on in meetings.held:
            meeting_id = meetings.held_ids[held_on]
            yield (
                meeting_id,
                body_id,
                held_on,
                view.meetings.approved_on.get(meeting_id),
                view.meetings.submitted_on.get(meeting_id),
            )


# --- back to a status -----------------------------------------------------------------


def status_from_rows(
    tables: Tables,
    *,
    as_of: date,
    body: str | None = None,
    include_all: bool = False,
) -> Status:
    """The status the rows hold (their statuses are as of ``as_of``), filtered and sorted
    as `governance.projections.status.status_of` does."""
    tabled = sorted(
        (_tabled_item(r) for r in tables[TABLED_ITEMS.name].values()), key=lambda r: r.id
    )
    assignments = sorted(
        (_assignment_row(r) for r in tables[ASSIGNMENTS.name].values()), key=lambda r: r.id
    )
    if not include_all:
        assignments = [r for r in assignments if r.status not in ("done", "cancelled")]
    mandates = sorted(
        (_mandate_row(r, as_of) for r in tables[MANDATES.name].values()), key=lambda r: r.id
    )
    obligations = sorted(
        (_obligation_row(r) for r in tables[OBLIGATIONS.name].values()),
        key=lambda r: (r.mandate, r.obligation, r.period),
    )
    if body is not None:
        tabled = [r for r in tabled if r.body == body]
        assignments = [r for r in assignments if r.body == body]
        mandates = [r for r in mandates if r.issued_to == body]
        of_body = {r.id for r in mandates}
        obligations = [r for r in obligations if r.mandate in of_body]
    return Status(as_of, tuple(tabled), tuple(assignments), tuple(obligations), tuple(mandates))


def _d(value: object) -> date | None:
    return cast(date | None, value)


def _tabled_item(row: Row) -> TabledItemRow:
    item_id, body_id, title, tabled_on, times, _, due_on, _, _, status = row
    return TabledItemRow(
        id=str(item_id),
        body=str(body_id),
        title=None if title is None else str(title),
        tabled_on=cast(date, tabled_on),
        times_tabled=cast(int, times),
        due=Due(_d(due_on)),
        status=cast(TabledStatus, status),
    )


def _assignment_row(row: Row) -> AssignmentRow:
    assignment_id, item_id, body_id, to, task, given_on, _, due_on, *_, status = row
    return AssignmentRow(
        id=str(assignment_id),
        item=str(item_id),
        body=str(body_id),
        to=tuple(json.loads(str(to))),
        task=str(task),
        given_on=cast(date, given_on),
        due=Due(_d(due_on)),
        status=cast(AssignmentStatus, status),
    )


def _obligation_row(row: Row) -> ObligationRow:
    mandate, obligation, period, kind, required, count, due_on, on, by, late, status = row[:11]
    covered_from, covered_to, prorated = row[11:]
    return ObligationRow(
        mandate=str(mandate),
        obligation=str(obligation),
        kind=cast(ObligationKind, kind),
        period=str(period),
        status=cast(ObligationStatus, status),
        required=cast(int | None, required),
        count=cast(int | None, count),
        due_on=_d(due_on),
        fulfilled_on=_d(on),
        fulfilled_by=None if by is None else str(by),
        late=bool(late),
        covered_from=_d(covered_from),
        covered_to=_d(covered_to),
        prorated=bool(prorated),
    )


def _mandate_row(row: Row, as_of: date) -> MandateRow:
    mandate_id, issued_by, issued_to, valid_from, valid_to, ended_on, status = row
    ended = _d(ended_on)
    return MandateRow(
        id=str(mandate_id),
        issued_by=str(issued_by),
        issued_to=str(issued_to),
        valid_from=cast(date, valid_from),
        valid_to=_d(valid_to),
        ended_on=ended if ended is not None and ended <= as_of else None,
        status=cast(MandateStatus, status),
    )
