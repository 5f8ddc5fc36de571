"""The minutes format: one document, as plain data, into one domain command.

A private cattrs converter with detailed validation structures the commands; the hooks
here read the values the format allows (dates as ``YYYY-MM-DD`` or ``YYMMDD``,
``next_meeting``, ``"Name (Municipality)"``) and rename document keys to command fields
(``id`` -> ``body_id``). cattrs gathers every problem of a document; they become one
:class:`SchemaError` for the first, in document order, that lists them all in
``problems``, with paths in the document's keys.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from governance.domain import ids
from governance.domain.commands import (
    AssignmentReport,
    ComingMeeting,
    Command,
    IssueMandate,
    ItemEntry,
    MandateReport,
    MeetingDetails,
    NewAssignment,
    RecordMinutes,
    RegisterBody,
    Tabling,
    Waiver,
)
from governance.domain.errors import GovernanceError, Path, PathPart
from governance.domain.messages import Choices, Message, msg
from governance.domain.values import (
    FIRST_DAY,
    LAST_DAY,
    MAX_MEETINGS_PER_YEAR,
    MAX_WITHIN_DAYS,
    NEXT_MEETING,
    ROLES,
    Alias,
    Attendee,
    Due,
    Goal,
    MeetingMode,
    Member,
    Obligation,
    ObligationKind,
    ReportStatus,
    Role,
    Task,
    date_problem,
)
from governance.minutes import _words as words

T = TypeVar("T")
R = TypeVar("R", bound=attrs.AttrsInstance)
Hook = Callable[[Any, Any], Any]


class SchemaError(GovernanceError):
    """A document that does not fit the minutes format.

    Raised by a hook, ``path`` is relative to the value the hook reads; raised by
    :func:`structure_command`, it is relative to the document, and ``problems`` holds
    every problem of the document, this one first.
    """

    def __init__(
        self,
        message: str | Message,
        *,
        path: Sequence[PathPart] = (),
        others: Sequence[SchemaError] = (),
    ) -> None:
        super().__init__(message, path=path)
        self.problems: tuple[SchemaError, ...] = (self, *others)


def structure_command(document: object) -> Command:
    """The command one document stands for; raises SchemaError listing every problem."""
    if not isinstance(document, dict):
        raise SchemaError(
            msg(
                "schema.not-a-document",
                "expected a mapping with kind: body, mandate or minutes, got {document}",
                document=_describe(document),
            )
        )
    kind = document.get("kind")
    structure = _COMMANDS.get(kind) if isinstance(kind, str) else None
    if structure is None:
        if "kind" not in document:
            raise SchemaError(
                msg(
                    "schema.no-kind",
                    "expected kind: body, mandate or minutes; this document has none",
                )
            )
        raise SchemaError(
            msg(
                "schema.unknown-kind",
                "expected kind: body, mandate or minutes, got {kind}",
                kind=_describe(kind),
            ),
            path=("kind",),
        )
    fields = {key: value for key, value in document.items() if key != "kind"}
    try:
        return structure(fields)
    except (ClassValidationError, SchemaError) as error:
        raise _all_problems(error, document) from None


# --- values -----------------------------------------------------------------------------


def _describe(value: object) -> Message:
    """``value`` as an error message shows it: never all of a long text or a nested value."""
    match value:
        case None:
            return msg("value.nothing", "nothing")
        case bool():
            return msg("value.as-is", "{value}", value=str(value).lower())
        case str():
            return msg(
                "value.as-is",
                "{value}",
                value=repr(value if len(value) <= 60 else value[:60] + "…"),
            )
        case datetime():
            return msg("value.date-time", "a date and time ({value})", value=str(value))
        case date() | int() | float():
            return msg("value.as-is", "{value}", value=str(value))
        case list():
            return (
                msg("value.list", "a list") if value else msg("value.empty-list", "an empty list")
            )
        case dict():
            return (
                msg("value.mapping", "a mapping")
                if value
                else msg("value.empty-mapping", "an empty mapping")
            )
        case _:
            return msg("value.other", "a value of type {type}", type=type(value).__name__)


def _one_of(choices: tuple[str, ...]) -> Choices:
    """``("a", "b", "c")`` -> ``a, b or c``."""
    return Choices(choices)


def _text(value: object, _: object = str) -> str:
    """Text; a number or a date as it reads (``number: 4`` is item "4")."""
    if isinstance(value, bool):
        raise SchemaError(
            msg(
                "schema.yes-no-not-text",
                "expected text, got {value}: YAML reads yes, no, on, off, true and false as "
                "yes/no values; put the text in quotes",
                value=_describe(value),
            )
        )
    if isinstance(value, str | int | float | date):
        return str(value)
    if isinstance(value, dict) and len(value) == 1:  # "- Decision: the day is Monday"
        raise SchemaError(
            msg(
                "schema.colon-made-a-key",
                "expected text, got '{key}: …': a colon followed by a space makes a key in "
                "YAML; put the whole text in quotes",
                key=next(iter(value)),
            )
        )
    raise SchemaError(msg("schema.not-text", "expected text, got {value}", value=_describe(value)))


def _whole_number(value: object, _: object = int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise SchemaError(
        msg(
            "schema.not-whole-number",
            "expected a whole number, got {value}",
            value=_describe(value),
        )
    )


def _yes_or_no(value: object, _: object = bool) -> bool:
    if isinstance(value, bool):
        return value
    raise SchemaError(
        msg("schema.not-true-false", "expected true or false, got {value}", value=_describe(value))
    )


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHORT_DATE = re.compile(r"[0-9]{6}")  # YYMMDD, as Swedish minutes often write dates
_YEAR = re.compile(r"[0-9]{4}")


def _as_date(value: object, *, bounded: bool = True) -> date | None:
    """The date ``value`` is written as, or None; a SchemaError for a date written well
    that is not in the calendar (2024-04-31), or, if ``bounded``, outside the years the
    record takes."""
    keep = _in_bounds if bounded else _any_date
    if isinstance(value, date):
        return None if isinstance(value, datetime) else keep(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # PyYAML reads an unquoted 231117 as a number
    if not isinstance(value, str):
        return None
    if _ISO_DATE.fullmatch(value):
        year, month, day = int(value[:4]), int(value[5:7]), int(value[8:])
    elif _SHORT_DATE.fullmatch(value):
        year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:])
    else:
        return None
    try:
        return keep(date(year, month, day))
    except ValueError:
        raise SchemaError(_not_in_calendar(value, year, month)) from None


def _not_in_calendar(written: str, year: int, month: int) -> Message:
    """Why ``written``, read as ``year``, ``month`` and a day, is not a date."""
    if not 1 <= month <= 12:
        return msg(
            "schema.no-such-month",
            "the date {written} does not exist: there is no month {month}",
            written=written,
            month=month,
        )
    if year < 1:
        return msg(
            "schema.no-such-year",
            "the date {written} does not exist: there is no year 0",
            written=written,
        )
    last = calendar.monthrange(year, month)[1]
    return msg(
        "schema.no-such-day",
        "the date {written} does not exist: the month has {days} days (the last is {last})",
        written=written,
        days=last,
        last=date(year, month, last),
    )


def _in_bounds(on: date) -> date:
    """``on``, if the record takes it; a SchemaError giving the bounds otherwise."""
    problem = date_problem(on)
    if problem is not None:
        raise SchemaError(problem)
    return on


def _any_date(on: date) -> date:
    return on


def _date(value: object, _: object = date, *, bounded: bool = True) -> date:
    on = _as_date(value, bounded=bounded)
    if on is None:
        raise SchemaError(
            msg(
                "schema.not-a-date",
                "expected a date (YYYY-MM-DD), got {value}",
                value=_describe(value),
            )
        )
    return on


def structure_date(value: object, *, bounded: bool = True) -> date:
    """A date as the format reads one; a SchemaError saying what is wrong otherwise.

    ``bounded=False`` takes any date of the calendar, as a question about the record may
    (``status --as-of 0001-01-01``); the record itself takes only the years it bounds.
    """
    return _date(value, bounded=bounded)


def _is_next_meeting(value: object) -> bool:
    """``next_meeting``, or ``nästa möte`` as a Swedish secretary writes it."""
    return value == "next_meeting" or (
        isinstance(value, str) and words.normalised(value) in words.NEXT_MEETING_WORDS
    )


def _due(value: object, _: object = Due) -> Due:
    if _is_next_meeting(value):
        return NEXT_MEETING
    on = _as_date(value)
    if on is None:
        raise SchemaError(
            msg(
                "schema.not-a-due",
                "expected a date (YYYY-MM-DD) or 'next_meeting', got {value}",
                value=_describe(value),
            )
        )
    return Due(on)


def _period(value: object, _: object) -> str:
    """A waived period: a calendar year, or a date (a meeting's, or a report's due date)."""
    if isinstance(value, int | str) and _YEAR.fullmatch(str(value)):
        if not FIRST_DAY.year <= int(value) <= LAST_DAY.year:
            raise SchemaError(
                msg(
                    "schema.year-out-of-range",
                    "expected a year from {first} to {last}, got {value}",
                    first=FIRST_DAY.year,
                    last=LAST_DAY.year,
                    value=value,
                )
            )
        return str(value)
    on = _as_date(value)
    if on is None:
        raise SchemaError(
            msg(
                "schema.not-a-period",
                "expected a year (YYYY) or a date (YYYY-MM-DD), got {value}",
                value=_describe(value),
            )
        )
    return on.isoformat()


def _matching(pattern: re.Pattern[str], expected: Message) -> Hook:
    """A hook for text that must match ``pattern`` (one of the id patterns); the dates
    an item or assignment id holds must be dates the record takes, like any other."""

    def structure(value: object, _: object) -> str:
        text = _text(value)
        if pattern.fullmatch(text) is None:
            raise SchemaError(
                msg(
                    "schema.not-matching",
                    "expected {expected}, got {value}",
                    expected=expected,
                    value=_describe(value),
                )
            )
        for written in ids.written_dates(text):
            on = ids.calendar_date(written)
            if on is None:
                raise SchemaError(
                    msg(
                        "schema.id-date-not-in-calendar",
                        "{written} in {text} is not a date in the calendar",
                        written=written,
                        text=text,
                    )
                )
            problem = date_problem(on)
            if problem is not None:
                raise SchemaError(
                    msg("schema.id-date-problem", "{text}: {problem}", text=text, problem=problem)
                )
        return text

    return structure


_slug = _matching(
    ids.SLUG,
    msg(
        "schema.expected-slug",
        "an id of lower-case letters, digits, '.', '_' and '-' (like im-2023)",
    ),
)
_item_number = _matching(
    ids.ITEM_NUMBER,
    msg(
        "schema.expected-item-number",
        "an item number of letters, digits, '.', '_' and '-' (like 7a)",
    ),
)
_item_id = _matching(
    ids.ITEM_ID,
    msg(
        "schema.expected-item-id", "an item id <body>/<YYYY-MM-DD>/<number> (like im/2023-10-13/6)"
    ),
)
_assignment_id = _matching(
    ids.ASSIGNMENT_ID,
    msg(
        "schema.expected-assignment-id",
        "an assignment id <item id>/a<n> (like im/2023-10-13/6/a1)",
    ),
)


#: The Swedish words of the values of a ``Literal``, by its choices.
_SWEDISH: Mapping[tuple[str, ...], Mapping[str, str]] = {
    get_args(MeetingMode): words.MODE_WORDS,
    get_args(Role): words.ROLE_WORDS,
    get_args(ReportStatus): words.REPORT_STATUS_WORDS,
}


def _is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def _literal_hook(type_: Any) -> Hook:
    """Text that must be one of the choices of a ``Literal``, e.g. a meeting mode."""
    choices: tuple[str, ...] = get_args(type_)
    swedish = _SWEDISH.get(choices, MappingProxyType({}))

    def structure(value: object, _: object) -> str:
        if isinstance(value, str) and value in choices:
            return value
        meant = words.canonical(value, swedish) if isinstance(value, str) else None
        if meant is not None:
            return meant
        if swedish:
            raise SchemaError(
                msg(
                    "schema.not-one-of-or-swedish",
                    "expected {choices} (in Swedish {swedish}), got {value}",
                    choices=_one_of(choices),
                    swedish=_one_of(tuple(swedish)),
                    value=_describe(value),
                )
            )
        raise SchemaError(
            msg(
                "schema.not-one-of",
                "expected {choices}, got {value}",
                choices=_one_of(choices),
                value=_describe(value),
            )
        )

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple and get_args(type_)[1:] == (...,)


def _list_hook(type_: Any, converter: cattrs.Converter) -> Hook:
    """A list into a tuple; cattrs alone would also take a text or a mapping apart."""
    structure_elements = homogenous_tuple_structure_factory(type_, converter)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise SchemaError(
                msg("schema.not-a-list", "expected a list, got {value}", value=_describe(value))
            )
        elements: tuple[Any, ...] = structure_elements(value, type_)
        return elements

    return structure


def _each(values: list[Any], structure: Callable[[object], T]) -> list[T]:
    """``structure`` applied to every element; an error names the element's index."""
    result: list[T] = []
    for index, value in enumerate(values):
        try:
            result.append(structure(value))
        except SchemaError as error:
            raise error.at(index) from None
    return result


_role = _literal_hook(Role)


def _roles(value: object, _: object) -> frozenset[Role]:
    if not isinstance(value, list) or not value:
        raise SchemaError(
            msg(
                "schema.not-roles",
                "expected a list of roles ({roles}), got {value}",
                roles=_one_of(ROLES),
                value=_describe(value),
            )
        )
    return frozenset(_each(value, lambda role: _role(role, Role)))


def _person(value: object, _: object = str) -> str:
    """A person's name, never a role word (``ordförande``, ``the secretary``)."""
    name = _text(value)
    if words.is_role_word(name):
        raise SchemaError(
            msg(
                "schema.role-not-a-person",
                "'{name}' is a role, not a person's name; write the person's name here (a "
                "body's members have roles: members[].roles)",
                name=name,
            )
        )
    return name


def _persons(value: object, _: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise SchemaError(
            msg("schema.not-a-list", "expected a list, got {value}", value=_describe(value))
        )
    return tuple(_each(value, _person))


def _names(value: object, _: object) -> tuple[str, ...]:
    """Who an assignment goes to: a list of names or roles, or just one; a role is stored
    as its value whatever the words (``ordförande`` -> ``chair``)."""
    if isinstance(value, list) and value:
        return tuple(words.assignee(name) for name in _each(value, _text))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return (words.assignee(_text(value)),)
    raise SchemaError(
        msg(
            "schema.not-names",
            "expected a name or a list of names, got {value}",
            value=_describe(value),
        )
    )


def _aliases(value: object, _: object) -> tuple[Alias, ...]:
    if not isinstance(value, dict):
        raise SchemaError(
            msg(
                "schema.not-aliases",
                "expected a mapping from other spellings to members' names, got {value}",
                value=_describe(value),
            )
        )
    aliases: list[Alias] = []
    for variant, canonical in value.items():
        try:
            aliases.append(Alias(_person(str(variant)), _person(canonical)))
        except SchemaError as error:
            raise error.at(variant) from None
    return tuple(aliases)


# --- records ----------------------------------------------------------------------------

_converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
_converter.register_structure_hook(str, _text)
_converter.register_structure_hook(int, _whole_number)
_converter.register_structure_hook(bool, _yes_or_no)
_converter.register_structure_hook(date, _date)
_converter.register_structure_hook(Due, _due)
_converter.register_structure_hook_factory(_is_literal, _literal_hook)
_converter.register_structure_hook_factory(_is_homogeneous_tuple, _list_hook)


@attrs.frozen
class _Record(Generic[R]):
    """How an attrs class is read from a mapping: its document keys, and cattrs' function."""

    cl: type[R]
    keys: tuple[str, ...]
    renamed: Mapping[str, str]
    structure_fields: Callable[[Mapping[str, Any], Any], R]

    def fields(self, value: object) -> dict[str, Any]:
        """A copy of the mapping ``value``, or a SchemaError listing the keys expected."""
        if not isinstance(value, dict):
            raise SchemaError(
                msg(
                    "schema.not-a-mapping",
                    "expected a mapping (keys: {value}), got {value2}",
                    value=", ".join(self.keys),
                    value2=_describe(value),
                )
            )
        return dict(value)

    def structure(self, fields: Mapping[str, Any]) -> R:
        return self.structure_fields(fields, self.cl)

    def __call__(self, value: object, _: object = None) -> R:
        return self.structure(self.fields(value))


_RECORDS: dict[type, _Record[Any]] = {}
_NO_FIELDS: Mapping[str, Any] = MappingProxyType({})


def _record(
    cl: type[R],
    *,
    rename: Mapping[str, str] = _NO_FIELDS,
    hooks: Mapping[str, Hook] = _NO_FIELDS,
    omit: tuple[str, ...] = (),
    extra_keys: tuple[str, ...] = (),
) -> _Record[R]:
    """Generate cattrs' function for ``cl``.

    ``rename`` maps fields to document keys, ``hooks`` gives fields their own structure
    hooks; ``omit`` fields and ``extra_keys`` are left to the caller.
    """
    overrides: dict[str, Any] = {
        field.name: override(
            rename=rename.get(field.name),
            struct_hook=hooks.get(field.name),
            omit=field.name in omit or None,
        )
        for field in attrs.fields(cl)
    }
    keys = {rename.get(field.name, field.name) for field in attrs.fields(cl)} - set(omit)
    record = _Record(
        cl,
        tuple(sorted(keys | set(extra_keys))),
        rename,
        make_dict_structure_fn(cl, _converter, **overrides),
    )
    _RECORDS[cl] = record
    return record


def _register(cl: type[T], hook: Callable[[object, object], T]) -> None:
    _converter.register_structure_hook(cl, hook)


# Registered leaves first: cattrs looks up the hooks of fields when it generates a record.

_register(Member, _record(Member, hooks={"name": _person, "roles": _roles}))

_task = _record(Task, omit=("report", "report_due"), extra_keys=("report",))


def _structure_task(value: object, _: object) -> Task:
    """``report: continuous | yearly | <date>`` -> ``report`` and ``report_due``."""
    fields = _task.fields(value)
    report = fields.pop("report", None)
    if isinstance(report, str):  # löpande, årligen
        report = words.canonical(report, words.TASK_REPORT_WORDS) or report
    task = _task.structure(fields)
    match report:
        case None:
            return task
        case "continuous" | "yearly":
            return attrs.evolve(task, report=report)
    on = _as_date(report)
    if on is None:
        raise SchemaError(
            msg(
                "schema.not-a-report",
                "expected continuous, yearly or a date (YYYY-MM-DD), got {report}",
                report=_describe(report),
            ),
            path=("report",),
        )
    return attrs.evolve(task, report="date", report_due=on)


_register(Task, _structure_task)
_register(Goal, _record(Goal))

_obligation = _record(Obligation, hooks={"to": _slug})
_OBLIGATION_KEYS: Mapping[ObligationKind, tuple[str, ...]] = {
    "minimum_meetings": ("count",),
    "submit_minutes": ("within_days",),
    "report": ("to", "due", "month"),
    "review": ("month",),
}


def _structure_obligation(value: object, _: object) -> Obligation:
    """An obligation with exactly the keys its ``kind`` takes."""
    obligation = _obligation(value)
    kind = obligation.kind
    takes = _OBLIGATION_KEYS[kind]
    for key in ("count", "within_days", "to", "due", "month"):
        if getattr(obligation, key) is not None and key not in takes:
            raise SchemaError(
                msg(
                    "obligation.has-no-key",
                    "a {kind} obligation has no '{key}' (it takes {takes})",
                    kind=kind,
                    key=key,
                    takes=_one_of(takes),
                ),
                path=(key,),
            )
    match kind:
        case "minimum_meetings":
            _check_number(obligation.count, "count", kind, least=1, most=MAX_MEETINGS_PER_YEAR)
        case "submit_minutes":
            _check_number(
                obligation.within_days, "within_days", kind, least=0, most=MAX_WITHIN_DAYS
            )
        case "report":
            if obligation.to is None:
                raise SchemaError(
                    msg(
                        "obligation.report-needs-to",
                        "a report obligation needs 'to': the body reported to",
                    )
                )
            if obligation.due is None and obligation.month is None:
                raise SchemaError(
                    msg(
                        "obligation.report-needs-due",
                        "a report obligation needs 'due' (one date) or 'month' (every year)",
                    )
                )
            if obligation.due is not None and obligation.month is not None:
                raise SchemaError(
                    msg(
                        "obligation.report-due-or-month",
                        "a report obligation takes 'due' (one date) or 'month' (every year), not "
                        "both",
                    ),
                    path=("month",),
                )
            if obligation.month is not None:
                _check_number(obligation.month, "month", kind, least=1, most=12)
        case "review":
            _check_number(obligation.month, "month", kind, least=1, most=12)
    return obligation


def _check_number(
    value: int | None, key: str, kind: str, *, least: int, most: int | None = None
) -> None:
    if value is None:
        raise SchemaError(
            msg("obligation.needs-key", "a {kind} obligation needs '{key}'", kind=kind, key=key)
        )
    if value < least or (most is not None and value > most):
        expected = (
            msg("schema.number-from-to", "from {least} to {most}", least=least, most=most)
            if most is not None
            else msg("schema.number-at-least", "of at least {least}", least=least)
        )
        raise SchemaError(
            msg(
                "schema.number-out-of-range",
                "expected a number {expected}, got {value}",
                expected=expected,
                value=value,
            ),
            path=(key,),
        )


_register(Obligation, _structure_obligation)

_body = _record(
    RegisterBody,
    extra_keys=("kind",),
    rename={"body_id": "id"},
    hooks={"body_id": _slug, "parent": _slug, "aliases": _aliases},
)

_mandate = _record(
    IssueMandate,
    extra_keys=("kind", "status"),
    rename={"mandate_id": "id"},
    hooks={"mandate_id": _slug, "issued_by": _slug, "issued_to": _slug},
)


def _structure_mandate(value: object) -> IssueMandate:
    """A mandate; ``status: ended`` goes together with ``ended_on``."""
    fields = _mandate.fields(value)
    status = fields.pop("status", "active")
    mandate = _mandate.structure(fields)
    match status:
        case "active" if mandate.ended_on is not None:
            raise SchemaError(
                msg("mandate.ended-on-without-ended", "'ended_on' goes with 'status: ended'"),
                path=("ended_on",),
            )
        case "ended" if mandate.ended_on is None:
            raise SchemaError(
                msg(
                    "mandate.ended-without-ended-on",
                    "'status: ended' needs 'ended_on', the date the mandate ended",
                ),
                path=("status",),
            )
        case "active" | "ended":
            return mandate
    raise SchemaError(
        msg(
            "mandate.not-a-status",
            "expected active or ended, got {status}",
            status=_describe(status),
        ),
        path=("status",),
    )


_attendee = _record(Attendee, hooks={"name": _person})
_NAME_AND_MUNICIPALITY = re.compile(r"(?P<name>.*?)\s*\((?P<municipality>[^()]*)\)")


def _structure_attendee(value: object, _: object) -> Attendee:
    """``"Karin Berg (Tidaholm)"``, ``"Karin Berg"`` or ``{name: …, municipality: …}``."""
    if isinstance(value, dict):
        return _attendee(value)
    text = _text(value).strip()
    found = _NAME_AND_MUNICIPALITY.fullmatch(text)
    if found is None:
        name, municipality = text, None
    else:
        name, municipality = found["name"], found["municipality"].strip() or None
    if name:
        return Attendee(_person(name), municipality)
    raise SchemaError(
        msg(
            "schema.not-an-attendee",
            "expected 'Name (Municipality)', a name, or {{name, municipality}}, got {value}",
            value=_describe(value),
        )
    )


_register(Attendee, _structure_attendee)
_register(
    MeetingDetails,
    _record(MeetingDetails, hooks={"secretary": _person, "adjusters": _persons}),
)
_register(NewAssignment, _record(NewAssignment, hooks={"to": _names}))
_register(
    AssignmentReport,
    _record(
        AssignmentReport,
        rename={"assignment_id": "assignment"},
        hooks={"assignment_id": _assignment_id},
    ),
)

_tabling = _record(Tabling)


def _structure_tabling(value: object, _: object) -> Tabling:
    """``next_meeting``, a date, or ``{until: …, reason: …}``."""
    if isinstance(value, dict):
        return _tabling(value)
    if _is_next_meeting(value):
        return Tabling(until=NEXT_MEETING)
    on = _as_date(value)
    if on is None:
        raise SchemaError(
            msg(
                "schema.not-a-tabling",
                "expected next_meeting, a date (YYYY-MM-DD) or {{until: …, reason: …}}, got "
                "{value}",
                value=_describe(value),
            )
        )
    return Tabling(until=Due(on))


_register(Tabling, _structure_tabling)
_register(
    ItemEntry,
    _record(
        ItemEntry,
        hooks={"number": _item_number, "continues": _item_id, "referred_to": _slug},
    ),
)
_register(
    MandateReport,
    _record(
        MandateReport,
        rename={"mandate_id": "mandate", "obligation_id": "obligation"},
        hooks={"mandate_id": _slug},
    ),
)
_register(
    Waiver,
    _record(
        Waiver,
        rename={"mandate_id": "mandate", "obligation_id": "obligation"},
        hooks={"mandate_id": _slug, "period": _period},
    ),
)
_register(ComingMeeting, _record(ComingMeeting))

_minutes = _record(
    RecordMinutes,
    extra_keys=("kind",),
    rename={"body_id": "body"},
    hooks={"body_id": _slug},
)

_COMMANDS: Mapping[str, Callable[[object], Command]] = {
    "body": _body,
    "mandate": _structure_mandate,
    "minutes": _minutes,
}


# --- problems ---------------------------------------------------------------------------


@attrs.frozen
class _Problem:
    path: Path
    message: Message


def _all_problems(error: Exception, document: Mapping[str, Any]) -> SchemaError:
    """Every problem of the document, in document order, as one error for the first."""
    problems = sorted(
        _problems(error, ()), key=lambda problem: _document_order(document, problem.path)
    )
    others = [SchemaError(problem.message, path=problem.path) for problem in problems[1:]]
    return SchemaError(problems[0].message, path=problems[0].path, others=others)


def _problems(error: BaseException, path: Path) -> Iterator[_Problem]:
    """Every problem in cattrs' tree of errors, with its path in document keys."""
    match error:
        case ClassValidationError():
            yield from _class_problems(error, path)
        case IterableValidationError():
            for inner in error.exceptions:
                note = _note(inner)
                index = note.index if isinstance(note, IterableValidationNote) else None
                yield from _problems(inner, path if index is None else (*path, index))
        case SchemaError():
            yield _Problem((*path, *error.path), error.text)
        case _:  # cattrs' own error, outside the hooks here
            yield _Problem(
                path, msg("schema.other", "{problem}", problem=str(error) or type(error).__name__)
            )


def _class_problems(error: ClassValidationError, path: Path) -> Iterator[_Problem]:
    record = _RECORDS[error.cl]
    missing: list[str] = []
    unknown: list[str] = []
    for inner in error.exceptions:
        if isinstance(inner, ForbiddenExtraKeysError):
            unknown.extend(inner.extra_fields)
            continue
        note = _note(inner)
        if not isinstance(note, AttributeValidationNote):  # the class itself failed
            yield from _problems(inner, path)
            continue
        key = record.renamed.get(note.name, note.name)
        if isinstance(inner, KeyError):
            missing.append(key)
        else:
            yield from _problems(inner, (*path, key))
    for key in unknown:
        # A misspelled required key is one problem, not an unknown and a missing key.
        # One unknown key where one required key is missing is that key, however written.
        meant = (
            difflib.get_close_matches(key, missing, n=1)
            or difflib.get_close_matches(key, record.keys, n=1)
            or (missing[:1] if len(unknown) == len(missing) == 1 else [])
        )
        if meant and meant[0] in missing:
            missing.remove(meant[0])
        yield _Problem(
            (*path, key),
            msg(
                "schema.unknown-key-did-you-mean",
                "unknown key '{key}'; did you mean '{meant}'?",
                key=key,
                meant=meant[0],
            )
            if meant
            else msg(
                "schema.unknown-key",
                "unknown key '{key}'; expected one of: {allowed}",
                key=key,
                allowed=", ".join(record.keys),
            ),
        )
    if missing:
        yield _Problem(
            path,
            msg("schema.missing-key", "missing required key: {keys}", keys=", ".join(missing))
            if len(missing) == 1
            else msg(
                "schema.missing-keys", "missing required keys: {keys}", keys=", ".join(missing)
            ),
        )


def _note(error: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    """The note cattrs added when ``error`` left an attribute or a list element."""
    for note in reversed(getattr(error, "__notes__", [])):
        if isinstance(note, AttributeValidationNote | IterableValidationNote):
            return note
    return None


def _document_order(document: object, path: Path) -> tuple[int, ...]:
    """Where ``path`` is in the document: the position of each key or index on the way."""
    positions: list[int] = []
    node = document
    for part in path:
        if isinstance(node, dict) and part in node:
            positions.append(list(node).index(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            positions.append(part)
            node = node[part]
        else:
            break
    return tuple(positions)
