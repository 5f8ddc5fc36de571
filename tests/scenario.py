"""The minutes-format.md example as commands: chiefs, the IM network, its mandate and
two meetings, 17 Nov and 8 Dec 2023. Used by integration and end-to-end tests."""

from __future__ import annotations

from datetime import date

from governance import (
    NEXT_MEETING,
    Attendee,
    ComingMeeting,
    Due,
    Goal,
    IssueMandate,
    ItemEntry,
    MeetingDetails,
    Member,
    NewAssignment,
    Obligation,
    RecordMinutes,
    RegisterBody,
    Tabling,
    Task,
)

CHIEFS = RegisterBody(body_id="chiefs", name="Skolchefsgruppen")
IM = RegisterBody(
    body_id="im",
    name="IM-nätverket",
    parent="chiefs",
    address="reports@example.org",
    members=(
        Member(name="Karin Berg", municipality="Tidaholm", roles=frozenset({"chair"})),
        Member(name="Per Lind", municipality="Skövde", roles=frozenset({"secretary"})),
    ),
)
GY = RegisterBody(body_id="gy", name="Gymnasienätverket", parent="chiefs")
MANDATE = IssueMandate(
    mandate_id="im-2023",
    issued_by="chiefs",
    issued_to="im",
    issued_on=date(2023, 1, 20),
    valid_from=date(2023, 1, 1),
    valid_to=date(2025, 12, 31),
    goals=(
        Goal(
            code="2",
            title="Higher level of education",
            tasks=(
                Task(
                    id="2b",
                    text="More students complete an introduction programme",
                    report="continuous",
                ),
            ),
        ),
    ),
    obligations=(
        Obligation(id="meetings", kind="minimum_meetings", count=6),
        Obligation(id="minutes", kind="submit_minutes", within_days=14),
        Obligation(id="status-report", kind="report", to="chiefs", due=date(2023, 11, 15)),
        Obligation(id="review", kind="review", month=12),
    ),
)
NOV_17 = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(
        date=date(2023, 11, 17),
        place="Tidaholm",
        mode="on_site",
        attendees=(Attendee("Karin Berg", "Tidaholm"), Attendee("Per Lind", "Skövde")),
    ),
    items=(
        ItemEntry(
            number="4",
            title="Evaluation of the network day",
            decisions=("The network day becomes a yearly event",),
        ),
        ItemEntry(
            number="5",
            title="The mandate",
            assignments=(
                NewAssignment(
                    to=("Per Lind",),
                    task="Review the mandate and send it in",
                    due=Due(date(2023, 12, 31)),
                ),
                NewAssignment(to=("Karin Berg",), task="Ask the chiefs", due=NEXT_MEETING),
            ),
        ),
        ItemEntry(
            number="7a",
            title="Students who stay at home",
            tabled=Tabling(until=NEXT_MEETING),
        ),
    ),
    submitted_on=date(2023, 11, 21),
    schedule=(ComingMeeting(date=date(2023, 12, 8), place="Tibro", time="09:00-12:00"),),
)
DEC_8 = RecordMinutes(
    body_id="im",
    meeting=MeetingDetails(date=date(2023, 12, 8), place="Tibro", mode="on_site"),
    items=(ItemEntry(number="2", title="Previous minutes", decisions=("Approved",)),),
)
SETUP = (CHIEFS, IM, GY, MANDATE)
