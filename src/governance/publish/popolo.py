"""Open data: the record as Popolo JSON (popoloproject.com).

One object with the Popolo collections: ``organizations`` (the bodies, each with its
parent), ``memberships`` (each member's seat: role and municipality), ``events`` (held
and announced meetings), ``motions`` (decisions, each tied to its meeting by
``legislative_session_id``), and ``persons``. Members are private persons: their names,
and so ``persons`` and the memberships' ``person_id``, are written only when asked for.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from governance.application import Governance
from governance.projections import MeetingRow
from governance.publish.calendar import meeting_hours


def person_id(name: str) -> str:
    """A person's id: their name as a slug ("Karin Berg" -> "person/karin-berg")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "person/" + re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def _event(meeting: MeetingRow, body_name: str) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": meeting.id,
        # the body and the date: a name that needs no translation (JSON is the same
        # in every language)
        "name": f"{body_name} {meeting.on.isoformat()}",
        "classification": "meeting",
        "organization_id": meeting.body,
        "status": meeting.status,
    }
    hours = meeting_hours(meeting.time, meeting.on)
    if hours is None:
        event["start_date"] = meeting.on.isoformat()
    else:
        event["start_date"], event["end_date"] = (moment.isoformat() for moment in hours)
    if meeting.place:
        event["location"] = meeting.place
    return event


def export_popolo(
    record: Governance,
    *,
    include_names: bool = False,
    as_of: date | None = None,
    known_at: int | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The record as Popolo collections; ``include_names`` adds persons and their names."""
    bodies = record.bodies(known_at=known_at)
    names = {body.body_id: body.name for body in bodies}
    organizations = []
    memberships = []
    persons: dict[str, dict[str, Any]] = {}
    for body in bodies:
        organization: dict[str, Any] = {"id": body.body_id, "name": body.name}
        if body.parent is not None:
            organization["parent_id"] = body.parent
        organizations.append(organization)
        for number, member in enumerate(body.members, start=1):
            membership: dict[str, Any] = {
                "id": f"{body.body_id}/member/{number}",
                "organization_id": body.body_id,
                "role": ", ".join(sorted(member.roles)),
            }
            if member.municipality:
                membership["label"] = member.municipality
            if include_names:
                membership["person_id"] = person_id(member.name)
                persons.setdefault(
                    person_id(member.name), {"id": person_id(member.name), "name": member.name}
                )
            memberships.append(membership)
    events = [
        _event(meeting, names.get(meeting.body, meeting.body))
        for meeting in record.meetings(as_of=as_of, known_at=known_at)
    ]
    motions = [
        {
            "id": decision.id,
            "organization_id": decision.body,
            "legislative_session_id": decision.meeting,
            "text": decision.text,
            "classification": "decision",
            "result": "pass",
        }
        for decision in record.decisions(as_of=as_of, known_at=known_at)
    ]
    return {
        "organizations": organizations,
        "persons": [persons[key] for key in sorted(persons)],
        "memberships": memberships,
        "events": events,
        "motions": motions,
    }
