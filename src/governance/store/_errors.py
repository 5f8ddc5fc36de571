"""The errors of opening and writing to a store."""

from __future__ import annotations

from governance.domain.errors import GovernanceError


class StoreUnavailableError(GovernanceError):
    """The store cannot be opened or reached."""


class NoRecordError(GovernanceError):
    """The store was opened to be read (``create=False``) and holds no record yet."""
