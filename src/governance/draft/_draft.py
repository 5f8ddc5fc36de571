"""A draft: the document as plain data, where each entry came from, and what is unsure.

The YAML a secretary checks carries both as comments: ``# rad 41: "…"`` beside an
entry cites the line it came from, ``# osäker: …`` above it says what to check.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import attrs
import yaml

from governance.domain.errors import PathPart, format_path


@attrs.frozen
class Source:
    """Where an entry came from: the 1-based line and the words on it."""

    line: int
    text: str


@attrs.frozen
class Unsure:
    """A place in the document to check, and why."""

    path: str
    why: str


@attrs.frozen
class Draft:
    """A drafted minutes or mandate document, for a person to check before recording.

    ``document`` is what ``yaml.safe_load`` of :meth:`to_yaml` gives (dates as
    :class:`datetime.date`); ``sources`` maps a path in it, written as in error
    messages (``items[6].tabled``), to the line it came from.
    """

    document: Mapping[str, Any]
    sources: Mapping[str, Source]
    unsure: Sequence[Unsure]
    source_name: str = ""

    def to_json(self) -> dict[str, Any]:
        """``{"document": …, "sources": {path: {line, text}}, "unsure": [{path, why}]}``."""
        return {
            "document": _jsonable(self.document),
            "sources": {
                path: {"line": source.line, "text": source.text}
                for path, source in self.sources.items()
            },
            "unsure": [{"path": unsure.path, "why": unsure.why} for unsure in self.unsure],
        }

    def to_yaml(self) -> str:
        """The document as YAML, each entry with its source and doubts as comments."""
        doubts: dict[str, list[str]] = {}
        for unsure in self.unsure:
            doubts.setdefault(_nearest(unsure.path, self.document), []).append(unsure.why)
        writer = _Writer(self.sources, doubts)
        header = [
            f"# Utkast{f' från {self.source_name}' if self.source_name else ''}: "
            "kontrollera varje rad mot originalet innan du registrerar det.",
            "# rad N: var uppgiften står i protokollet; osäker: vad som behöver kontrolleras.",
        ]
        writer.mapping(self.document, (), 0)
        return "\n".join([*header, *writer.lines]) + "\n"


def _jsonable(value: Any) -> Any:
    match value:
        case date():
            return value.isoformat()
        case Mapping():
            return {str(key): _jsonable(item) for key, item in value.items()}
        case list() | tuple():
            return [_jsonable(item) for item in value]
        case _:
            return value


def _nearest(path: str, document: Mapping[str, Any]) -> str:
    """``path``, or its longest prefix that is in ``document`` (a doubt about a gap)."""
    parts = _parse_path(path)
    for end in range(len(parts), 0, -1):
        if _exists(document, parts[:end]):
            return format_path(parts[:end])
    return ""


def _parse_path(path: str) -> list[PathPart]:
    parts: list[PathPart] = []
    for piece in path.replace("[", ".[").split("."):
        if piece.startswith("[") and piece.endswith("]"):
            parts.append(int(piece[1:-1]))
        elif piece:
            parts.append(piece)
    return parts


def _exists(value: Any, parts: Sequence[PathPart]) -> bool:
    for part in parts:
        found = (isinstance(part, int) and isinstance(value, list) and part < len(value)) or (
            isinstance(part, str) and isinstance(value, Mapping) and part in value
        )
        if not found:
            return False
        value = value[part]
    return True


def _scalar(value: Any) -> str:
    if isinstance(value, str) and "\n" in value:
        return json.dumps(value, ensure_ascii=False)
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _flow(value: Any, path: tuple[PathPart, ...]) -> bool:
    """Whether ``value`` is written on one line: a coming meeting, a small mapping."""
    return (
        path[:1] == ("schedule",)
        and isinstance(value, Mapping)
        and bool(value)
        and all(not isinstance(item, Mapping | list) for item in value.values())
        and len(value) <= 3
    )


@attrs.define
class _Writer:
    sources: Mapping[str, Source]
    doubts: Mapping[str, list[str]]
    lines: list[str] = attrs.Factory(list)

    def _comment(self, path: tuple[PathPart, ...]) -> str:
        source = self.sources.get(format_path(path))
        if source is None:
            return ""
        text = source.text.replace('"', "'")
        return f'  # rad {source.line}: "{text}"'

    def _doubts(self, path: tuple[PathPart, ...], indent: int) -> None:
        for why in self.doubts.get(format_path(path), ()):
            self.lines.append(" " * indent + f"# osäker: {why}")

    def mapping(self, value: Mapping[str, Any], path: tuple[PathPart, ...], indent: int) -> None:
        if not path:
            self._doubts(path, indent)
        for key, item in value.items():
            self.entry(key, item, (*path, key), indent)

    def entry(
        self,
        key: str,
        item: Any,
        path: tuple[PathPart, ...],
        indent: int,
        *,
        prefix: str = "",
        fallback: str = "",
    ) -> None:
        lead = " " * indent
        self._doubts(path, indent)
        comment = self._comment(path) or fallback
        if isinstance(item, Mapping) and item and not _flow(item, path):
            self.lines.append(f"{lead}{prefix}{key}:{comment}")
            self.mapping(item, path, indent + 2 + len(prefix))
        elif isinstance(item, list) and item and not self._inline(item, path):
            self.lines.append(f"{lead}{prefix}{key}:{comment}")
            self.sequence(item, path, indent + 2 + len(prefix))
        else:
            self.lines.append(f"{lead}{prefix}{key}: {_scalar(item)}{comment}")

    def _inline(self, value: list[Any], path: tuple[PathPart, ...]) -> bool:
        """A short list of scalars with no sources of their own: ``to: [Per Lind]``."""
        return (
            all(
                not isinstance(item, Mapping | list)
                and format_path((*path, index)) not in self.sources
                and format_path((*path, index)) not in self.doubts
                for index, item in enumerate(value)
            )
            and len(_scalar(value)) <= 60
        )

    def sequence(self, value: list[Any], path: tuple[PathPart, ...], indent: int) -> None:
        lead = " " * indent
        for index, item in enumerate(value):
            here = (*path, index)
            self._doubts(here, indent)
            if isinstance(item, Mapping) and item and not _flow(item, path):
                keys = list(item.items())
                first_key, first_value = keys[0]
                self.entry(
                    first_key,
                    first_value,
                    (*here, first_key),
                    indent,
                    prefix="- ",
                    fallback=self._comment(here),
                )
                for key, entry_value in keys[1:]:
                    self.entry(key, entry_value, (*here, key), indent + 2)
            else:
                self.lines.append(f"{lead}- {_scalar(item)}{self._comment(here)}")
