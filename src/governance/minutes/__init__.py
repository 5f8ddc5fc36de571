"""Minutes files: YAML or JSON documents, each turned into one domain command.

``parse_file`` and ``parse_text`` check the syntax and the format of every document and
raise :class:`MinutesError`, naming the file, document, path and (for YAML) line, listing
every problem found (up to :data:`MAX_PROBLEMS`). The rules of governance are checked
later, by the domain; :meth:`ParsedDocument.locate` places such a rule violation in the
file the same way.
"""

from __future__ import annotations

import os
import pathlib
import stat
from collections.abc import Mapping
from datetime import date
from typing import Literal, assert_never

import attrs

from governance.domain.commands import Command
from governance.domain.errors import GovernanceError, Path
from governance.domain.messages import msg
from governance.minutes._errors import MAX_PROBLEMS, MinutesError
from governance.minutes._load import load_json, load_yaml
from governance.minutes._schema import SchemaError, structure_command, structure_date

__all__ = [
    "MAX_PROBLEMS",
    "SCHEMA_FILE",
    "MinutesError",
    "MinutesFile",
    "ParsedDocument",
    "parse_file",
    "parse_text",
    "read_date",
]

#: The JSON Schema (draft-07) of the format, with English and Swedish descriptions, for
#: editors that check a minutes file while it is typed (docs/minutes-format.md).
SCHEMA_FILE = pathlib.Path(__file__).resolve().parent.parent / "schema" / "minutes-v1.schema.json"

Format = Literal["yaml", "json"]

_FORMATS: Mapping[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


@attrs.frozen
class ParsedDocument:
    """One document of a minutes file: its 1-based number, its command, its lines.

    ``lines`` maps a path inside the document to its 1-based line; it is empty for JSON.
    """

    source: str
    number: int
    command: Command
    lines: Mapping[Path, int]

    def locate(self, error: GovernanceError) -> MinutesError:
        """``error``, whose path is inside this document, placed in the file."""
        located = _locate(error, self.source, self.number, self.lines)
        located.__cause__ = error
        return located


@attrs.frozen
class MinutesFile:
    """The documents of one file, in file order."""

    source: str
    documents: tuple[ParsedDocument, ...]


def read_date(text: str, *, bounded: bool = True) -> date:
    """A date written as in minutes files: ``YYYY-MM-DD``, or ``YYMMDD`` (``231208``).

    Raises :class:`GovernanceError` saying what was expected, or that the day does not
    exist (``2024-04-31``). ``bounded=False`` takes any date of the calendar (a date to
    ask the record about); by default only the years the record takes (1900-2999).
    """
    return structure_date(text.strip(), bounded=bounded)


#: The largest minutes file read: far beyond any minutes (a year of a network's minutes is
#: some tens of kilobytes), and a bound on the memory one file can take.
MAX_FILE_BYTES = 4 * 1024 * 1024


def _read_regular_file(source: str) -> bytes:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`; anything else (a folder,
    a pipe, a device such as /dev/zero, through a link or not) is refused unread."""
    # O_NONBLOCK: opening a named pipe does not wait for a writer; fstat then refuses it.
    descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                msg("file.kind-folder", "a folder")
                if stat.S_ISDIR(mode)
                else msg("file.kind-pipe", "a named pipe")
                if stat.S_ISFIFO(mode)
                else msg("file.kind-device", "a device")
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else msg("file.kind-other", "not a file")
            )
            raise MinutesError(
                msg(
                    "file.not-regular",
                    "cannot read the file: it is {kind}; expected a regular file",
                    kind=kind,
                ),
                file=source,
            )
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise MinutesError(
            msg(
                "file.too-large",
                "the file is larger than {limit} MiB; expected minutes files of at most that size",
                limit=MAX_FILE_BYTES // (1024 * 1024),
            ),
            file=source,
        )
    return data


def parse_file(path: str | os.PathLike[str]) -> MinutesFile:
    """Read and parse a ``.yaml``, ``.yml`` or ``.json`` file of UTF-8 text."""
    source = os.fspath(path)
    format = _FORMATS.get(os.path.splitext(source)[1].lower())
    if format is None:
        raise MinutesError(
            msg("file.not-minutes-file", "expected a .yaml, .yml or .json file"), file=source
        )
    try:
        data = _read_regular_file(source)
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise MinutesError(
            msg("file.unreadable", "cannot read the file: {reason}", reason=reason), file=source
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MinutesError(
            msg(
                "file.not-utf8",
                "the file is not UTF-8 text (byte {value:#04x} cannot be read)",
                value=data[error.start],
            ),
            file=source,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from None
    return parse_text(text, source=source, format=format)


def parse_text(text: str, *, source: str = "<text>", format: Format = "yaml") -> MinutesFile:
    """Parse the documents in ``text``; ``source`` names it in errors."""
    if not text.strip():
        raise MinutesError(msg("file.empty", "the file is empty"), file=source)
    problems: list[MinutesError] = []
    match format:
        case "yaml":
            raw_documents, problems = load_yaml(text, source)
        case "json":
            raw_documents = load_json(text, source)
        case _:
            assert_never(format)
    if not raw_documents and not problems:
        raise MinutesError(msg("file.no-documents", "the file holds no documents"), file=source)
    documents: list[ParsedDocument] = []
    for raw in raw_documents:
        try:
            command = structure_command(raw.data)
        except SchemaError as error:
            problems.extend(
                _locate(problem, source, raw.number, raw.lines) for problem in error.problems
            )
            continue
        documents.append(ParsedDocument(source, raw.number, command, raw.lines))
    if problems:
        raise MinutesError.of(sorted(problems, key=_line_order)) from None
    return MinutesFile(source, tuple(documents))


def _line_order(error: MinutesError) -> tuple[int, int]:
    """Problems in the order of the file: by line, then column (JSON's, by document)."""
    return (error.line or 0, error.column or 0)


def _locate(
    error: GovernanceError, source: str, number: int, lines: Mapping[Path, int]
) -> MinutesError:
    """A MinutesError at the line of the longest prefix of ``error.path`` that has one."""
    prefixes = (error.path[:end] for end in range(len(error.path), -1, -1))
    line = next((lines[prefix] for prefix in prefixes if prefix in lines), None)
    return MinutesError(error.text, file=source, document=number, path=error.path, line=line)
