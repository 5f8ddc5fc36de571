"""Mandates: a mandate document issues, revises or ends a mandate; minutes report on
its obligations and waive them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, assert_never

from governance.domain.commands import IssueMandate, MandateReport, RecordMinutes
from governance.domain.decide._common import Context, Decision, require_body
from governance.domain.errors import (
    ConflictingRecordError,
    DuplicateEntryError,
    InvalidMandateError,
    InvalidPeriodError,
    NotConcernedError,
    NotIssuerError,
    UnknownMandateError,
    UnknownObligationError,
)
from governance.domain.events import (
    Event,
    MandateEnded,
    MandateIssued,
    MandateReported,
    MandateRevised,
    ObligationWaived,
)
from governance.domain.messages import Names, msg
from governance.domain.state import RecordState
from governance.domain.values import MAX_MEETINGS_PER_YEAR, MAX_WITHIN_DAYS, Obligation


def _check_mandate(command: IssueMandate) -> None:
    if command.valid_to is not None and command.valid_to < command.valid_from:
        raise InvalidMandateError(
            msg(
                "mandate.ends-before-start",
                "valid_to {valid_to} is before valid_from {valid_from}",
                valid_to=command.valid_to,
                valid_from=command.valid_from,
            ),
            path=("valid_to",),
        )
    if command.ended_on is not None and command.ended_on < command.valid_from:
        raise InvalidMandateError(
            msg(
                "mandate.ended-before-start",
                "ended_on {ended_on} is before valid_from {valid_from}",
                ended_on=command.ended_on,
                valid_from=command.valid_from,
            ),
            path=("ended_on",),
        )
    seen: set[str] = set()
    for index, obligation in enumerate(command.obligations):
        problem = _obligation_problem(obligation)
        if problem is not None:
            raise InvalidMandateError(problem, path=("obligations", index))
        if obligation.id in seen:
            raise DuplicateEntryError(
                msg(
                    "mandate.obligation-twice",
                    "obligation id '{id}' appears twice",
                    id=obligation.id,
                ),
                path=("obligations", index, "id"),
            )
        seen.add(obligation.id)
    task_ids = [task.id for goal in command.goals for task in goal.tasks]
    clash = seen.intersection(task_ids) or {t for t in task_ids if task_ids.count(t) > 1}
    if clash:
        raise DuplicateEntryError(
            msg(
                "mandate.id-twice",
                "id '{value}' is used by more than one task or obligation",
                value=sorted(clash)[0],
            ),
            path=("goals",),
        )


def _obligation_problem(obligation: Obligation) -> str | None:
    """What is wrong with an obligation's fields for its kind, if anything."""
    match obligation.kind:
        case "minimum_meetings":
            if obligation.count is None or not 1 <= obligation.count <= MAX_MEETINGS_PER_YEAR:
                return (
                    "a minimum_meetings obligation needs a count from 1 to "
                    f"{MAX_MEETINGS_PER_YEAR}"
                )
        case "submit_minutes":
            within = obligation.within_days
            if within is None or not 0 <= within <= MAX_WITHIN_DAYS:
                return f"a submit_minutes obligation needs within_days from 0 to {MAX_WITHIN_DAYS}"
        case "report":
            if (obligation.due is None) == (obligation.month is None):
                return "a report obligation needs either a due date or a month, not both"
            if obligation.month is not None and not 1 <= obligation.month <= 12:
                return f"month {obligation.month} is not a month (1-12)"
        case "review":
            if obligation.month is None or not 1 <= obligation.month <= 12:
                return "a review obligation needs a month (1-12)"
        case _:
            assert_never(obligation.kind)
    return None


def decide_issue_mandate(command: IssueMandate, state: RecordState, context: Context) -> Decision:
    require_body(state, context, command.issued_by, "issued_by")
    require_body(state, context, command.issued_to, "issued_to")
    for index, obligation in enumerate(command.obligations):
        if obligation.to is not None:
            require_body(state, context, obligation.to, "obligations", index, "to")
    _check_mandate(command)
    mandate = state.mandate(command.mandate_id)
    events: list[Event] = []
    if all(version.digest != context.digest for version in mandate.versions):
        fields: dict[str, Any] = {
            "mandate_id": command.mandate_id,
            "occurred_on": command.issued_on,
            "issued_by": command.issued_by,
            "issued_to": command.issued_to,
            "valid_from": command.valid_from,
            "valid_to": command.valid_to,
            "goals": command.goals,
            "obligations": command.obligations,
            "partial_years": command.partial_years,
            "digest": context.digest,
        }
        events.append(
            MandateIssued(**fields) if not mandate.versions else MandateRevised(**fields)
        )
    if command.ended_on is not None:
        if mandate.ended_on is None:
            events.append(
                MandateEnded(
                    mandate_id=command.mandate_id,
                    occurred_on=command.ended_on,
                    digest=context.digest,
                )
            )
        elif mandate.ended_on != command.ended_on:
            raise ConflictingRecordError(
                msg(
                    "mandate.already-ended",
                    "mandate {mandate_id} is already recorded as ended on {ended_on}",
                    mandate_id=command.mandate_id,
                    ended_on=mandate.ended_on,
                ),
                path=("ended_on",),
            )
    return Decision(tuple(events))


def report_events(command: RecordMinutes, state: RecordState, meeting_id: str) -> Iterator[Event]:
    for index, report in enumerate(command.reports):
        _require_obligation(state, report.mandate_id, report.obligation_id, "reports", index)
        _require_concerned(state, command.body_id, report, index)
        yield MandateReported(
            mandate_id=report.mandate_id,
            occurred_on=report.on,
            obligation_id=report.obligation_id,
            summary=report.summary,
            meeting_id=meeting_id,
        )


def _require_concerned(
    state: RecordState, body_id: str, report: MandateReport, index: int
) -> None:
    """A report on a mandate is recorded in the minutes of the body that reports (the
    mandate's recipient) or of a body that receives it (its issuer, or the obligation's
    ``to``), never of a body the mandate does not concern."""
    mandate = state.mandate(report.mandate_id).current
    assert mandate is not None
    concerned = {mandate.issued_by, mandate.issued_to}
    concerned |= {
        o.to for o in mandate.obligations if o.id == report.obligation_id and o.to is not None
    }
    if body_id not in concerned:
        raise NotConcernedError(
            msg(
                "report.not-concerned",
                "mandate {mandate_id} is issued by {issued_by} to {issued_to}; a report on it "
                "belongs in the minutes of {bodies}, not of {body_id}",
                mandate_id=report.mandate_id,
                issued_by=mandate.issued_by,
                issued_to=mandate.issued_to,
                bodies=Names(sorted(concerned)),
                body_id=body_id,
            ),
            path=("reports", index, "mandate"),
        )


def waiver_events(command: RecordMinutes, state: RecordState, meeting_id: str) -> Iterator[Event]:
    for index, waiver in enumerate(command.waivers):
        _require_obligation(state, waiver.mandate_id, waiver.obligation_id, "waivers", index)
        current = state.mandate(waiver.mandate_id).current
        assert current is not None
        if not _is_period(waiver.period):
            raise InvalidPeriodError(
                msg(
                    "waiver.bad-period",
                    "period '{period}' is neither a year (YYYY) nor a date (YYYY-MM-DD)",
                    period=waiver.period,
                ),
                path=("waivers", index, "period"),
            )
        first_year = current.valid_from.year
        last_year = current.valid_to.year if current.valid_to else None
        year = int(waiver.period[:4])
        if year < first_year or (last_year is not None and year > last_year):
            raise InvalidPeriodError(
                msg(
                    "waiver.period-outside-mandate",
                    "period '{period}' is outside mandate {mandate_id} ({valid_from} to "
                    "{valid_to})",
                    period=waiver.period,
                    mandate_id=waiver.mandate_id,
                    valid_from=current.valid_from,
                    valid_to=current.valid_to or msg("mandate.further-notice", "further notice"),
                ),
                path=("waivers", index, "period"),
            )
        current = state.mandate(waiver.mandate_id).current
        assert current is not None
        if current.issued_by != command.body_id:
            raise NotIssuerError(
                msg(
                    "waiver.not-issuer",
                    "only {issued_by}, which issued mandate {mandate_id}, can waive its "
                    "obligations; these are minutes of {body_id}",
                    issued_by=current.issued_by,
                    mandate_id=waiver.mandate_id,
                    body_id=command.body_id,
                ),
                path=("waivers", index),
            )
        yield ObligationWaived(
            mandate_id=waiver.mandate_id,
            occurred_on=command.meeting.date,
            obligation_id=waiver.obligation_id,
            period=waiver.period,
            reason=waiver.reason,
            meeting_id=meeting_id,
        )


def _is_period(text: str) -> bool:
    if len(text) == 4 and text.isdigit():
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _require_obligation(
    state: RecordState, mandate_id: str, obligation_id: str, key: str, index: int
) -> None:
    mandate = state.mandate(mandate_id)
    if mandate.current is None:
        raise UnknownMandateError(
            msg(
                "mandate.unknown",
                "mandate '{mandate_id}' is not recorded; record the mandate document first",
                mandate_id=mandate_id,
            ),
            path=(key, index, "mandate"),
        )
    if obligation_id not in mandate.reportable_ids:
        known = ", ".join(sorted(mandate.reportable_ids)) or "none"
        raise UnknownObligationError(
            msg(
                "mandate.unknown-obligation",
                "mandate '{mandate_id}' has no obligation or reportable task '{obligation_id}' "
                "(it has: {known})",
                mandate_id=mandate_id,
                obligation_id=obligation_id,
                known=known,
            ),
            path=(key, index, "obligation"),
        )
