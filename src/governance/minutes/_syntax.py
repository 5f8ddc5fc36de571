"""YAML syntax errors in words a secretary can act on, and the evident repair of each.

PyYAML says "mapping values are not allowed here" where a secretary wrote a colon in a
title. Each error PyYAML raises is matched here to the mistake that causes it in minutes
files: a colon inside a value, a tab, a line indented too far or not lined up, a quote,
bracket or brace never closed. The error names the line and column, and shows the line
with a caret under the place. When the mistake has one evident repair on its own line
(quote the value, a space for the tab, the indentation of the line above, the quote or
bracket closed at the end of the line), the repaired text is returned too, so that the
rest of the file can be read and its other problems listed; what is reported is always
the original text.
"""

from __future__ import annotations

import json
import re

import attrs
import yaml

from governance.domain.messages import Message, msg
from governance.minutes._errors import MinutesError

# PyYAML's line breaks: a mark's line counts these.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
# A line that starts with a key (after its indentation and any list dashes) and a value.
_KEY_AND_VALUE = re.compile(
    r"(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s'\"#\[{&*!|>%@`-][^:#]*?):[ ]+(?P<value>\S.*)"
)
# A key of the format: lower-case words joined by underscores.
_FORMAT_KEY = re.compile(r"[a-z]+(?:_[a-z]+)*")
_CLOSERS = {"[": "]", "{": "}"}


@attrs.frozen
class Explained:
    """A syntax error in words, and the text repaired to read on, if evident."""

    error: MinutesError
    repaired: str | None = None


def explain_syntax_error(
    error: yaml.MarkedYAMLError, text: str, source: str, *, original: str | None = None
) -> Explained:
    """``error``, raised reading ``text``, explained; see the module's docstring.

    ``text`` may be ``original`` with earlier problems repaired (each on its own line);
    the error shows the line as ``original`` has it.
    """
    explained = _explain(error, text, source)
    if original is None or explained.error.line is None:
        return explained
    original_lines = _LINE_BREAK.split(original)
    if explained.error.line <= len(original_lines):
        explained.error.excerpt = original_lines[explained.error.line - 1]
    return explained


def _explain(error: yaml.MarkedYAMLError, text: str, source: str) -> Explained:
    lines = _LINE_BREAK.split(text)
    marks = [mark for mark in (error.problem_mark, error.context_mark) if mark is not None]
    lines += [""] * (max((mark.line for mark in marks), default=0) + 1 - len(lines))
    problem = error.problem or ""
    context = error.context or ""
    mark, opening = error.problem_mark, error.context_mark
    if mark is None:
        return Explained(
            MinutesError(
                msg("yaml.invalid-2", "invalid YAML: {problem}", problem=problem or context),
                file=source,
            )
        )
    line = lines[mark.line] if mark.line < len(lines) else ""
    if problem == "mapping values are not allowed here":
        return _colon(lines, mark.line, mark.column, source)
    if problem.startswith("found character '\\t'"):
        return _tab(lines, mark.line, mark.column, source)
    if "quoted scalar" in context and "end of stream" in problem and opening is not None:
        return _unclosed_quote(lines, opening.line, opening.column, source)
    if context == "while parsing a flow node":  # the mark is where the text ended
        opening_bracket = _last_open_bracket(lines, mark.line, mark.column)
        if opening_bracket is not None:
            return _unclosed_bracket(lines, *opening_bracket, source)
    elif context.startswith("while parsing a flow") and opening is not None:
        return _unclosed_bracket(lines, opening.line, opening.column, source)
    if problem.startswith("found unknown escape character") and opening is not None:
        message = msg(
            "yaml.unknown-escape",
            "in double quotes a backslash (\\) starts an escape such as \\n; write \\\\ for "
            "a backslash, or put the text in single quotes",
        )
        return _explained(message, lines, mark.line, mark.column, source)
    if problem.startswith("expected <block end>") and _indentation(line) == mark.column:
        message = msg(
            "yaml.not-lined-up",
            "this line is not lined up with the lines above it: the keys of one entry start "
            "in the same column, and so do the dashes (-) of one list; indent with spaces",
        )
        return _explained(
            message, lines, mark.line, mark.column, source, repaired=_realigned(lines, mark.line)
        )
    if problem.startswith("expected <block end>") and line[: mark.column].rstrip()[-1:] in "'\"":
        message = msg(
            "yaml.text-after-quote",
            "text after the closing quote; put the whole text inside the quotes",
        )
        return _explained(message, lines, mark.line, mark.column, source)
    described = f"{problem} ({context})" if context and problem else problem or context
    message = msg(
        "yaml.invalid-at",
        "invalid YAML at column {value}: {problem}",
        value=mark.column + 1,
        problem=described,
    )
    return _explained(message, lines, mark.line, mark.column, source)


def _explained(
    message: Message,
    lines: list[str],
    line: int,
    column: int,
    source: str,
    *,
    repaired: str | None = None,
) -> Explained:
    """The error at 0-based ``line`` and ``column``; with ``repaired`` in its place,
    the text to read on."""
    error = MinutesError(
        message,
        file=source,
        line=line + 1,
        column=column + 1,
        excerpt=lines[line] if line < len(lines) else "",
    )
    if repaired is None or line >= len(lines) or repaired == lines[line]:
        return Explained(error)
    return Explained(error, "\n".join([*lines[:line], repaired, *lines[line + 1 :]]))


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _colon(lines: list[str], line: int, column: int, source: str) -> Explained:
    """A colon and a space inside a value (``title: Follow-up: the chiefs``), or a key on a
    line indented further than its entry (the colon is then the first on its line)."""
    written = lines[line]
    found = _KEY_AND_VALUE.fullmatch(written.rstrip())
    if found is None or found.start("value") > column:
        message = msg(
            "yaml.indented-too-far",
            "this line is indented further than the lines above it allow: a key starts in "
            "the same column as the other keys of its entry; indent with spaces",
        )
        return _explained(message, lines, line, column, source, repaired=_realigned(lines, line))
    lead, key, value = found["lead"], found["key"], found["value"]
    if _FORMAT_KEY.fullmatch(key) or "-" not in lead:
        fixed = f"{lead}{key}: {_quoted(value)}"
        message = msg(
            "yaml.colon-in-value",
            "a colon followed by a space ends a key in YAML, so it cannot stand inside a "
            "value; put the {key} in quotes: {fixed}",
            key=key,
            fixed=fixed.strip(),
        )
    else:  # a list's text that holds a colon: "- Decision: the network day ..."
        fixed = f"{lead}{_quoted(f'{key}: {value}')}"
        message = msg(
            "yaml.colon-in-text",
            "a colon followed by a space ends a key in YAML, so it cannot stand inside a "
            "text; put the text in quotes: {fixed}",
            fixed=fixed.strip(),
        )
    return _explained(message, lines, line, column, source, repaired=fixed)


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted text (JSON's quoting is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _tab(lines: list[str], line: int, column: int, source: str) -> Explained:
    written = lines[line]
    if not written[:column].strip():
        message = msg(
            "yaml.tab-indentation",
            "a tab in the indentation: YAML indents with spaces only; use spaces instead of "
            "the tab",
        )
        return _explained(message, lines, line, column, source)
    message = msg(
        "yaml.tab",
        "a tab character: YAML takes only spaces between a key and its value; use a space "
        "instead of the tab",
    )
    repaired = written[:column] + " " + written[column + 1 :]
    return _explained(message, lines, line, column, source, repaired=repaired)


def _unclosed_quote(lines: list[str], line: int, column: int, source: str) -> Explained:
    written = lines[line]
    quote = written[column] if column < len(written) else '"'
    message = msg(
        "yaml.unclosed-quote",
        "the quote {quote} that starts here is never closed; end the text with {quote}",
        quote=quote,
    )
    closed = written.rstrip() + quote if quote not in written[column + 1 :] else None
    return _explained(message, lines, line, column, source, repaired=closed)


def _unclosed_bracket(lines: list[str], line: int, column: int, source: str) -> Explained:
    written = lines[line]
    bracket = written[column] if column < len(written) else "["
    closer = _CLOSERS.get(bracket, "]")
    message = (
        msg(
            "yaml.unclosed-mapping",
            "the mapping that starts with {{ here is not closed; end it with }}, and separate "
            "its entries with commas",
        )
        if bracket == "{"
        else msg(
            "yaml.unclosed-list",
            "the list that starts with [ here is not closed; end it with ], and separate its "
            "entries with commas",
        )
    )
    closed = written.rstrip() + closer if closer not in written[column + 1 :] else None
    return _explained(message, lines, line, column, source, repaired=closed)


def _last_open_bracket(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where the last bracket or brace still open before ``line`` and ``column`` opens;
    quoted text and comments are skipped."""
    open_brackets: list[tuple[int, int]] = []
    for number, written in enumerate(lines[: line + 1]):
        end = column if number == line else len(written)
        quote = ""
        for position, character in enumerate(written[:end]):
            if quote:
                quote = "" if character == quote else quote
            elif character in "'\"" and (position == 0 or written[position - 1] in " [{,:"):
                quote = character
            elif character == "#" and (position == 0 or written[position - 1] == " "):
                break
            elif character in _CLOSERS:
                open_brackets.append((number, position))
            elif character in _CLOSERS.values() and open_brackets:
                open_brackets.pop()
    return open_brackets[-1] if open_brackets else None


def _realigned(lines: list[str], line: int) -> str:
    """``line`` indented as the nearest line above it that holds a key."""
    for above in reversed(lines[:line]):
        found = _KEY_AND_VALUE.fullmatch(above.rstrip()) or re.fullmatch(
            r"(?P<lead>[ ]*(?:-[ ]+)*)\S.*", above.rstrip()
        )
        if found is not None and not above.lstrip().startswith("#"):
            return " " * len(found["lead"]) + lines[line].lstrip(" ")
    return lines[line].lstrip(" ")
