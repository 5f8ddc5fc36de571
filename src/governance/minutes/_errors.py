"""The one error the minutes layer raises: where in which file, and what was expected."""

from __future__ import annotations

from collections.abc import Sequence

from governance.domain.errors import GovernanceError, PathPart, format_path
from governance.domain.messages import Language, Message, msg

#: The most problems of one file an error lists; a file with more says how many more.
MAX_PROBLEMS = 20


class MinutesError(GovernanceError):
    """A minutes file that cannot be read, parsed or recorded.

    ``document`` is the 1-based number of the document in the file, ``path`` the place
    inside it (as in :class:`GovernanceError`) and ``line`` the 1-based line (YAML only);
    each is left out when unknown. A YAML syntax error also has the 1-based ``column`` and
    ``excerpt``, the text of the line, shown under the message with a caret.

    A file with several problems raises one error for the first, whose ``problems`` are
    all of them (up to :data:`MAX_PROBLEMS`) and whose ``str()`` lists them all.
    """

    def __init__(
        self,
        message: str | Message,
        *,
        file: str,
        document: int | None = None,
        path: Sequence[PathPart] = (),
        line: int | None = None,
        column: int | None = None,
        excerpt: str | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.file = file
        self.document = document
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self._others: tuple[MinutesError, ...] = ()
        self._left_out = 0

    @classmethod
    def of(cls, problems: Sequence[MinutesError]) -> MinutesError:
        """One error for ``problems`` (at least one), in the order given."""
        first = problems[0]
        first._others = tuple(problems[1:MAX_PROBLEMS])
        first._left_out = max(0, len(problems) - MAX_PROBLEMS)
        return first

    @property
    def problems(self) -> tuple[MinutesError, ...]:
        """Every problem found in the file, this one first (up to :data:`MAX_PROBLEMS`)."""
        return (self, *self._others)

    @property
    def more_problems(self) -> int:
        """How many problems the file has beyond those in ``problems``."""
        return self._left_out

    def render(self, language: Language) -> str:
        if not self._others:
            return self._render_one(language)
        count = len(self.problems) + self._left_out
        lines = [
            msg("where.problems", "{file}: {count} problems", file=self.file, count=count).render(
                language
            )
        ]
        for number, problem in enumerate(self.problems, start=1):
            text = problem._render_one(language).replace("\n", "\n     ")
            lines.append(f"  {number}. {text}")
        if self._left_out:
            lines.append(
                "  "
                + msg(
                    "where.more-problems",
                    "… and {count} more; correct these and record the file again to see them",
                    count=self._left_out,
                ).render(language)
            )
        return "\n".join(lines)

    def _render_one(self, language: Language) -> str:
        where = self.file
        if self.document is not None:
            where += ", " + msg(
                "where.document", "document {number}", number=self.document
            ).render(language)
        if self.path:
            where += f", {format_path(self.path)}"
        if self.line is not None and self.column is not None:
            where += " " + msg(
                "where.line-column",
                "(line {line}, column {column})",
                line=self.line,
                column=self.column,
            ).render(language)
        elif self.line is not None:
            where += " " + msg("where.line", "(line {line})", line=self.line).render(language)
        text = f"{where}: {self.text.render(language)}"
        if self.excerpt is not None and self.line is not None:
            text += "\n" + _excerpt(self.excerpt, self.line, self.column)
        return text


def _excerpt(line_text: str, line: int, column: int | None) -> str:
    """The line as written, numbered, with a caret under ``column``."""
    number = str(line)
    shown = f"  {number} | {line_text.rstrip()}"
    if column is None:
        return shown
    # Tabs stay tabs under the line, so the caret lines up however wide a tab is shown.
    before = "".join(c if c == "\t" else " " for c in line_text[: column - 1])
    return f"{shown}\n  {' ' * len(number)} | {before}^"
