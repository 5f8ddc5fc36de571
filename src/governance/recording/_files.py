"""Minutes files as groups of commands to record: each file's documents, located in the
file for errors, and read as corrections when asked."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from governance.domain.errors import GovernanceError
from governance.recording._commands import Group, as_correction

if TYPE_CHECKING:
    from governance.minutes import MinutesFile


def _group(minutes: MinutesFile) -> Group:
    def locate(index: int, error: GovernanceError) -> GovernanceError:
        return minutes.documents[index].locate(error)

    return minutes.source, [document.command for document in minutes.documents], locate


def file_groups(files: Sequence[MinutesFile], *, correct: str | None = None) -> list[Group]:
    """The groups of commands of parsed minutes files, in order; with ``correct`` (the
    reason), every minutes document a correction (`CorrectMinutes`) for that reason."""
    groups = [_group(minutes) for minutes in files]
    if correct is not None:
        groups = [
            (source, [as_correction(c, correct) for c in commands], locate)
            for source, commands, locate in groups
        ]
    return groups


def path_groups(path: str | os.PathLike[str], *, correct: str | None = None) -> list[Group]:
    """The group of commands of the minutes file at ``path``, parsed (see
    `governance.minutes.parse_file`: a ``MinutesError`` for bad input). The minutes
    package (and yaml) is imported here, when a file is read: a status never reads one."""
    from governance.minutes import parse_file  # noqa: PLC0415 (status never reads a file)

    return file_groups([parse_file(path)], correct=correct)
