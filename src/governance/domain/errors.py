"""Rule violations, each with a message a secretary can act on.

Every error carries ``path``: where in the command (and so in the minutes document)
the offending entry is, e.g. ``("items", 2, "tabled")``. The minutes layer turns that
into ``items[2].tabled`` and a line number.
"""

from __future__ import annotations

from collections.abc import Sequence

from governance.domain.messages import (
    ENGLISH,
    Language,
    Message,
    as_message,
    current_language,
)

PathPart = str | int
Path = tuple[PathPart, ...]


def format_path(path: Sequence[PathPart]) -> str:
    """``("items", 2, "tabled")`` -> ``items[2].tabled``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class GovernanceError(Exception):
    """Base of every error the library raises on purpose.

    ``str()`` is the error in the current language (see ``governance.i18n``),
    ``english`` the same in English, and ``code`` a stable code naming the kind of
    problem, the same in every language: a program tells problems apart by it.
    """

    def __init__(self, message: str | Message, *, path: Sequence[PathPart] = ()) -> None:
        self.text = as_message(message)
        super().__init__(self.text.render(ENGLISH))
        self.path: Path = tuple(path)

    @property
    def code(self) -> str:
        return self.text.code

    @property
    def message(self) -> str:
        """The message without the place, in the current language."""
        return self.text.render(current_language())

    @property
    def english(self) -> str:
        return self.render(ENGLISH)

    def at(self, *prefix: PathPart) -> GovernanceError:
        """The same error, located under ``prefix`` in the enclosing document."""
        self.path = (*prefix, *self.path)
        return self

    def render(self, language: Language) -> str:
        """The whole error, its place included, in ``language``."""
        if self.path:
            return f"{format_path(self.path)}: {self.text.render(language)}"
        return self.text.render(language)

    def __str__(self) -> str:
        return self.render(current_language())


class RuleViolationError(GovernanceError):
    """A command would break one of the rules of governance."""


class UnknownBodyError(RuleViolationError):
    """Rule 1: everything happens in a registered body."""


class MeetingAlreadyRecordedError(RuleViolationError):
    """Rule 1: a meeting is held once; its minutes cannot be recorded twice differently."""


class NothingToCorrectError(RuleViolationError):
    """Rule 6: a correction corrects minutes that are in the record."""


class MinutesDateError(RuleViolationError):
    """Minutes cannot be approved or submitted before the meeting was held."""


class DuplicateEntryError(RuleViolationError):
    """The same item or assignment appears twice in one set of minutes."""


class ItemClosedError(RuleViolationError):
    """Rule 3: a closed item cannot be tabled, decided, referred or given assignments."""


class ItemReferredError(RuleViolationError):
    """Rule 2: an item referred away is no longer this body's to table or decide."""


class ItemOwnershipError(RuleViolationError):
    """Rule 1: an item belongs to the body that raised it, or to the body it was referred to."""


class ItemNotClosedError(RuleViolationError):
    """Only a closed or referred item can be reopened."""


class ItemAlreadyRaisedError(RuleViolationError):
    """An item is raised once; later meetings take it up with ``continues``."""


class AssignmentClosedError(RuleViolationError):
    """Rule 4: an assignment reported done or cancelled takes no further reports."""


class ConflictingRecordError(RuleViolationError):
    """The command contradicts something already recorded at a later date."""


class UnknownMandateError(RuleViolationError):
    """Rule 5: reports and waivers name a recorded mandate."""


class UnknownObligationError(RuleViolationError):
    """Rule 5: reports and waivers name an obligation (or task) of the mandate."""


class NotIssuerError(RuleViolationError):
    """Rule 5: only the body that issued a mandate can waive its obligations."""


class InvalidMandateError(RuleViolationError):
    """A mandate whose dates or obligations do not make sense."""


class InvalidPeriodError(RuleViolationError):
    """Rule 5: a waiver names a period as status shows it: a year (YYYY) or a date."""


class InvalidValueError(GovernanceError):
    """A command holds a value of the wrong kind (a mode outside the modes, text where a
    date belongs): one built in Python, which a minutes file's parser would have refused."""


class UnknownReferenceError(RuleViolationError):
    """A reference (``continues``, a report on an assignment) into a meeting whose minutes
    are recorded names something those minutes do not have.

    ``meeting_id`` is that meeting: what it has is where a "did you mean" comes from.
    """

    def __init__(
        self, message: str | Message, *, meeting_id: str, path: Sequence[PathPart] = ()
    ) -> None:
        super().__init__(message, path=path)
        self.meeting_id = meeting_id


class ReferredToButMissingError(ConflictingRecordError):
    """Minutes recorded late lack an item or an assignment that minutes already in the
    record refer to."""


class InvalidTextError(RuleViolationError):
    """A name, or an assignment's task, that is empty or longer than the record takes."""


class BodyHierarchyError(RuleViolationError):
    """A body that would be its own parent, directly or through other bodies."""


class InvalidAliasError(RuleViolationError):
    """An alias that points to another alias, to itself, or is given twice."""


class NotConcernedError(RuleViolationError):
    """Rule 5: a report on a mandate is recorded in the minutes of a body it concerns."""
