"""The deciders: ``decide(command, state, context) -> Decision``.

Pure: the digest of the document and the date of recording come in with the context;
nothing here reads a clock, a file or a database. A ``Decision`` holds the new events in
the order they are to be saved, and notices (warnings) that do not stop recording.

One module a family of the record: bodies, mandates (with the reports and waivers in
minutes), meetings and their minutes, the items and assignments of minutes, and
corrections; what they share is in ``_common``.
"""

from __future__ import annotations

from typing import assert_never

from governance.domain.commands import (
    Command,
    CorrectMinutes,
    IssueMandate,
    RecordMinutes,
    RegisterBody,
)
from governance.domain.decide._bodies import decide_register_body
from governance.domain.decide._common import Context, Decision, Notice, refuse_dates_out_of_bounds
from governance.domain.decide._corrections import decide_correct_minutes
from governance.domain.decide._mandates import decide_issue_mandate
from governance.domain.decide._minutes import decide_record_minutes
from governance.domain.names import normalised
from governance.domain.state import RecordState


def decide(command: Command, state: RecordState, context: Context) -> Decision:
    command = normalised(command)
    refuse_dates_out_of_bounds(command)
    match command:
        case RegisterBody():
            return decide_register_body(command, state, context)
        case IssueMandate():
            return decide_issue_mandate(command, state, context)
        case RecordMinutes():
            return decide_record_minutes(command, state, context)
        case CorrectMinutes():
            return decide_correct_minutes(command, state, context)
        case _:
            assert_never(command)


__all__ = ["Context", "Decision", "Notice", "decide"]
