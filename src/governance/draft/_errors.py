"""The error drafting raises: a protocol that cannot be read at all."""

from __future__ import annotations

from governance.domain.errors import GovernanceError
from governance.domain.messages import Language, Message


class DraftError(GovernanceError):
    """A protocol file that cannot be read: it names the file and what was expected."""

    def __init__(self, message: str | Message, *, file: str) -> None:
        super().__init__(message)
        self.file = file

    def render(self, language: Language) -> str:
        return f"{self.file}: {self.text.render(language)}"
