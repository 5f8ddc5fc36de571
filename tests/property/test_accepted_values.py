"""Every accepted value is usable: whatever recording accepts, from documents and
histories the testing kit generates up to the bounds the record takes, status on any
date, the history of every id, the audit's verification and an export all succeed."""

from __future__ import annotations

import contextlib
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import (
    Governance,
    GovernanceError,
    history_to_json,
    parse_text,
    status_to_json,
)
from governance.audit import export_log, verify_store
from governance.domain.commands import Command, IssueMandate, RecordMinutes
from governance.domain.events import AssignmentEvent, BodyEvent, ItemEvent, MandateEvent
from governance.domain.values import FIRST_DAY, LAST_DAY
from governance.testing import (
    body_commands,
    dates,
    histories,
    mandate_commands,
    minutes_documents,
)

# Histories start anywhere, and at both ends of the years the record takes.
_STARTS = st.sampled_from((FIRST_DAY, date(LAST_DAY.year - 1, 1, 1))) | dates(
    max_value=date(LAST_DAY.year - 1, 1, 1)
)


@st.composite
def ended_mandates(draw: st.DrawFn) -> IssueMandate:
    """A mandate of the chiefs to the IM network anywhere in the bounds, perhaps ended."""
    mandate = draw(mandate_commands("chiefs", "im", mandate_id="im-any"))
    if draw(st.booleans()):
        mandate = attrs.evolve(mandate, ended_on=draw(dates(min_value=mandate.valid_from)))
    return mandate


@st.composite
def accepted_or_not(draw: st.DrawFn) -> tuple[list[Command], list[str]]:
    """Commands of a history near either bound, a mandate anywhere, and minutes files."""
    history = draw(histories(start=draw(_STARTS), max_years=2, max_meetings_per_body=3))
    if not any(isinstance(command, IssueMandate) for command in history):
        history.insert(2, draw(ended_mandates()))
    files = [
        json.dumps(document)
        for document in draw(st.lists(minutes_documents(body_id="im"), max_size=3))
    ]
    return history, files


def _record_what_is_accepted(
    record: Governance, commands: list[Command], files: list[str]
) -> None:
    """Record each command and file; one refused records nothing and the next goes on."""
    for command in commands:
        with contextlib.suppress(GovernanceError):
            record.record(command)
    for text in files:
        with contextlib.suppress(GovernanceError):
            record.record_minutes(parse_text(text, source="m.json", format="json"))


def _days_to_ask(commands: list[Command]) -> list[date]:
    held = [c.meeting.date for c in commands if isinstance(c, RecordMinutes)]
    around = [day + timedelta(days=shift) for day in held[:3] for shift in (-1, 0, 400)]
    return [date.min, FIRST_DAY, *around, LAST_DAY, date.max]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(accepted_or_not(), body_commands(body_id="chiefs"), body_commands(body_id="im"))
def test_whatever_recording_accepts_every_query_can_use(
    commands_and_files: tuple[list[Command], list[str]],
    chiefs: Command,
    im: Command,
) -> None:
    commands, files = commands_and_files
    with tempfile.TemporaryDirectory() as folder:
        record = Governance(str(Path(folder) / "governance.db"))
        _record_what_is_accepted(record, [chiefs, im, *commands], files)

        for day in _days_to_ask(commands):
            json.dumps(status_to_json(record.status(as_of=day, include_all=True)))
        subjects = set()
        for entry in record.iter_log():
            match entry.event:
                case AssignmentEvent():
                    subjects.add(entry.event.assignment_id)
                case ItemEvent():
                    subjects.add(entry.event.item_id)
                case MandateEvent():
                    subjects.add(entry.event.mandate_id)
                case BodyEvent():
                    subjects.add(entry.event.body_id)
        for subject in sorted(subjects):
            json.dumps(history_to_json(record.history(subject)))
        verdict = verify_store(record)
        assert verdict.intact, verdict.report()
        export_log(record, Path(folder) / "export")
        record.close()
