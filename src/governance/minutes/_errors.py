"""The one error the minutes layer raises: where in which file, and what was expected."""

from __future__ import annotations

from collections.abc import Sequence

from governance.domain.errors import GovernanceError, PathPart, format_path
from governance.domain.messages import Language, Message, msg


class MinutesError(GovernanceError):
    """A minutes file that cannot be read, parsed or recorded.

    ``document`` is the 1-based number of the document in the file, ``path`` the place
    inside it (as in :class:`GovernanceError`) and ``line`` the 1-based line (YAML only);
    each is left out when unknown.
    """

    def __init__(
        self,
        message: str | Message,
        *,
        file: str,
        document: int | None = None,
        path: Sequence[PathPart] = (),
        line: int | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.file = file
        self.document = document
        self.line = line

    def render(self, language: Language) -> str:
        where = self.file
        if self.document is not None:
            where += ", " + msg(
                "where.document", "document {number}", number=self.document
            ).render(language)
        if self.path:
            where += f", {format_path(self.path)}"
        if self.line is not None:
            where += " " + msg("where.line", "(line {line})", line=self.line).render(language)
        return f"{where}: {self.text.render(language)}"
