"""Read YAML and JSON into plain data, remembering the line of every YAML entry.

Only syntax is checked here; whether the data fits the minutes format is for
``_schema``. Lines are kept for every mapping entry (the line of its key) and every
sequence element, by path: ``("items", 2, "assignments", 0, "due") -> 14``.

libyaml (PyYAML's ``CSafeLoader``) composes the text when PyYAML has it, being several
times faster; text it refuses, or may read otherwise, is composed by PyYAML's pure-Python
``SafeLoader``, whose errors ``_syntax`` explains (see ``_compose``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs
import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from governance.domain.errors import Path
from governance.domain.messages import Message, msg
from governance.minutes._errors import MAX_PROBLEMS, MinutesError
from governance.minutes._syntax import explain_syntax_error

#: Values one document may hold, an alias counted each time it is used: enough for any
#: minutes, and a bound on the work a file of nested aliases ("billion laughs") can cause.
MAX_VALUES = 100_000

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_NULL_TAG = "tag:yaml.org,2002:null"

#: libyaml's loader, when PyYAML was built with it: it composes a minutes file about ten
#: times as fast as the pure-Python ``SafeLoader``, with the same nodes and lines.
_FAST_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else None
#: Text libyaml reads where the pure loader refuses it, or reads otherwise (found by
#: composing random text with both): a tab; a byte order mark after the start; a tag
#: (``!`` where a token starts); a comment right after a block scalar's ``|`` or ``>``;
#: a ``?`` (a complex key, or in a plain scalar inside brackets or braces). Such text is
#: always composed by the pure loader.
_PURE_ONLY = re.compile(
    r"[\t\ufeff]|(?:^|[\s\[\]{},])[!?]|[|>][-+0-9]*#|[\[{].*\?|\?.*[\[{]", re.DOTALL
)
#: Nesting the fast path composes: far more than minutes use, and far less than the pure
#: loader's recursion can take, so that a document too deep for it is still refused.
_FAST_DEPTH = 64


@attrs.frozen
class RawDocument:
    """One document of a file as plain data, with the lines of its entries (YAML only)."""

    number: int
    data: object
    lines: Mapping[Path, int]


def load_yaml(text: str, source: str) -> tuple[list[RawDocument], list[MinutesError]]:
    """The non-empty documents of a YAML stream, and the problems found in it.

    A syntax error stops PyYAML. When the error has an evident repair (a colon inside a
    value, a tab between words, a line indented one way too far, a bracket or a quote not
    closed on its line), the text is read again so repaired, to find the problems after it;
    otherwise the documents read before the error are all there is.
    """
    problems: list[MinutesError] = []
    syntax: list[MinutesError] = []
    original = text
    while True:
        documents: list[RawDocument] = []
        readers: list[_YamlReader] = []
        composed = 0
        try:
            for composed, node in enumerate(_compose(text), start=1):
                if not _is_empty(node):
                    reader = _YamlReader(source, composed)
                    readers.append(reader)
                    documents.append(reader.read(node))
        except yaml.MarkedYAMLError as error:
            explained = explain_syntax_error(error, text, source, original=original)
            explained.error.document = composed + 1
            syntax.append(explained.error)
            if explained.repaired is not None and len(syntax) < MAX_PROBLEMS:
                text = explained.repaired
                continue
        except yaml.reader.ReaderError as error:
            problems.append(
                MinutesError(
                    msg("yaml.invalid", "invalid YAML: {reason}", reason=error.reason),
                    file=source,
                    line=text.count("\n", 0, error.position) + 1,
                )
            )
        except RecursionError:
            problems.append(
                MinutesError(msg("yaml.too-deep", "the YAML is nested too deeply"), file=source)
            )
        except MinutesError as error:  # a document too large to read
            problems.append(error)
        problems.extend(problem for reader in readers for problem in reader.problems)
        _place(syntax, documents)
        return documents, syntax + problems


def _compose(text: str) -> Iterable[Node]:
    """The documents of ``text`` composed, by libyaml where it reads them as PyYAML does.

    Anything libyaml refuses (or any document nested deeper than ``_FAST_DEPTH``) is
    composed again by the pure-Python loader, which raises the errors ``_syntax``
    explains, with their marks, exactly as before libyaml was used.
    """
    if _FAST_LOADER is not None and _PURE_ONLY.search(text) is None:
        try:
            nodes = list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except Exception:  # a syntax, reader or encoding error: the pure loader explains it
            pass
        else:
            if _within_depth(nodes, _FAST_DEPTH):
                return nodes
    return yaml.compose_all(text, Loader=yaml.SafeLoader)


def _within_depth(roots: list[Node], limit: int) -> bool:
    """Whether no node of ``roots`` is nested deeper than ``limit``, where it is composed.

    An anchored node is composed where it first appears; its aliases refer to it, so the
    walk (in document order) enters each node once.
    """
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1) for root in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(node, ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        children: list[Node] = (
            [child for pair in node.value for child in pair]
            if isinstance(node, MappingNode)
            else list(node.value)
        )
        stack.extend((child, depth + 1) for child in reversed(children))
    return True


def _place(problems: list[MinutesError], documents: list[RawDocument]) -> None:
    """Give each syntax problem the path of its line, where the repaired text read it."""
    lines = {document.number: document.lines for document in documents}
    for problem in problems:
        at_line = [
            path
            for path, line in lines.get(problem.document or 0, {}).items()
            if line == problem.line
        ]
        if at_line:
            problem.path = max(at_line, key=len)


def load_json(text: str, source: str) -> list[RawDocument]:
    """The documents of a JSON file: one object, or a list of them."""
    try:
        data = json.loads(text, object_pairs_hook=_object_without_repeated_keys)
    except json.JSONDecodeError as error:
        raise MinutesError(
            msg("json.invalid", "invalid JSON: {reason}", reason=error.msg),
            file=source,
            line=error.lineno,
            column=error.colno,
            excerpt=text.splitlines()[error.lineno - 1] if text.splitlines() else "",
        ) from None
    except ValueError as error:  # a repeated key, or a number too long to convert
        reason = error.args[0] if error.args and isinstance(error.args[0], Message) else error
        raise MinutesError(
            msg("json.invalid", "invalid JSON: {reason}", reason=reason), file=source
        ) from None
    except RecursionError:
        raise MinutesError(
            msg("json.too-deep", "the JSON is nested too deeply"), file=source
        ) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise MinutesError(
            msg(
                "json.not-objects",
                "expected a JSON object, or a list of objects (one per document)",
            ),
            file=source,
        )
    no_lines: Mapping[Path, int] = MappingProxyType({})
    return [RawDocument(number, document, no_lines) for number, document in enumerate(data, 1)]


def _object_without_repeated_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(
                msg("json.repeated-key", "the key '{key}' appears twice in one object", key=key)
            )
        result[key] = value
    return result


def _is_empty(node: Node) -> bool:
    """A document with no content, such as the one after a trailing ``---``."""
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG and node.value == ""


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _YamlReader:
    """Turns one composed YAML document into plain data and the lines of its entries.

    Scalars are constructed as PyYAML's safe loader does (dates, ints, bools), except that
    numbers not written in plain decimal keep their text: YAML 1.1 reads ``050317`` as an
    octal number and ``9:30`` as 570, which no secretary means. Mapping keys are taken as
    written, so they are always text.
    """

    def __init__(self, source: str, number: int) -> None:
        self._source = source
        self._number = number
        self._constructor = SafeConstructor()
        self._lines: dict[Path, int] = {}
        self._scalars: dict[Node, object] = {}
        self._open: set[Node] = set()
        self._values = 0
        #: Problems found that leave the rest of the document readable.
        self.problems: list[MinutesError] = []

    def read(self, root: Node) -> RawDocument:
        self._lines[()] = _line(root)
        data = self._value(root, ())
        return RawDocument(self._number, data, MappingProxyType(self._lines))

    def _error(self, message: str | Message, path: Path, node: Node) -> MinutesError:
        return MinutesError(
            message, file=self._source, document=self._number, path=path, line=_line(node)
        )

    def _value(self, node: Node, path: Path) -> object:
        self._values += 1
        if self._values > MAX_VALUES:
            raise MinutesError(
                msg(
                    "yaml.too-many-values",
                    "the document holds more than {count} values (aliases counted each time they "
                    "are used)",
                    count=MAX_VALUES,
                ),
                file=self._source,
                document=self._number,
                line=self._lines[()],
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node in self._open:
            raise self._error(
                msg("yaml.alias-loop", "an alias refers to an entry that contains it"), path, node
            )
        self._open.add(node)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            assert isinstance(node, SequenceNode)  # the only other kind of YAML node
            return self._sequence(node, path)
        finally:
            self._open.discard(node)

    def _scalar(self, node: ScalarNode, path: Path) -> object:
        if node in self._scalars:
            return self._scalars[node]
        try:
            value = self._constructor.construct_object(node)
        except ConstructorError as error:
            raise self._error(
                msg(
                    "yaml.unreadable-value",
                    "cannot read this value: {problem}",
                    problem=error.problem or "?",
                ),
                path,
                node,
            ) from None
        except Exception:
            # PyYAML fails with assorted exceptions on text that looks like a date or is
            # tagged as a number but is not one (2023-02-30, !!int x). Keep the text: the
            # schema then says what it expected there.
            value = node.value
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and str(value) != node.value
        ):
            value = node.value
        self._scalars[node] = value
        return value

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, object]:
        self._constructor.flatten_mapping(node)  # merge keys (<<) into the mapping
        self._check_tag(node, _MAP_TAG, path)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self._error(
                    msg("yaml.key-not-text", "a mapping key must be plain text"), path, key_node
                )
            key = str(key_node.value)
            key_path = (*path, key)
            if key in result:
                self.problems.append(
                    self._error(
                        msg(
                            "yaml.repeated-key",
                            "the key '{key}' appears twice (first on line {line}); keep one",
                            key=key,
                            line=self._lines[key_path],
                        ),
                        key_path,
                        key_node,
                    )
                )
                continue
            self._lines[key_path] = _line(key_node)
            result[key] = self._value(value_node, key_path)
        return result

    def _sequence(self, node: SequenceNode, path: Path) -> list[object]:
        self._check_tag(node, _SEQ_TAG, path)
        result: list[object] = []
        for index, element in enumerate(node.value):
            self._lines[(*path, index)] = _line(element)
            result.append(self._value(element, (*path, index)))
        return result

    def _check_tag(self, node: Node, expected: str, path: Path) -> None:
        if node.tag != expected:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise self._error(
                msg("yaml.unsupported-tag", "unsupported YAML tag '{tag}'", tag=tag), path, node
            )
