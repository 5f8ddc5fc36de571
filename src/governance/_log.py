"""The library's log: structlog over the standard library's logger named ``governance``.

The library never configures logging. A program that configures nothing sees nothing
(the logger has a ``NullHandler``, as the logging HOWTO asks of libraries); one that
configures structlog gets the lines through its structlog configuration, with the logger
name ``governance``; one that configures only the standard library gets ``LogRecord`` s on
the ``governance`` logger whose message is the event name (``governance.minutes_recorded``)
and whose other keys are record attributes (structlog's ``render_to_log_kwargs``).

structlog is imported only for a line that goes somewhere: importing it (and through it
asyncio and rich) would cost ``governance status`` a tenth of a second it never logs in.
A program that configures structlog has imported it; until one has, a line goes to the
standard library's logger, and only when that logger takes the line's level.
"""

from __future__ import annotations

import logging
import sys
from functools import cache
from typing import Any

NAME = "governance"
_standard = logging.getLogger(NAME)
_standard.addHandler(logging.NullHandler())


@cache
def _through_logging() -> Any:
    """structlog's logger over the standard library's, made at the first line it takes."""
    import structlog  # noqa: PLC0415 (only for a line that goes somewhere)

    return structlog.wrap_logger(
        _standard,
        wrapper_class=structlog.stdlib.BoundLogger,
        processors=[structlog.stdlib.filter_by_level, structlog.stdlib.render_to_log_kwargs],
    )


class _Log:
    """The library's logger, chosen at each line: a program may configure structlog or
    logging after importing the library."""

    def _target(self, level: int) -> Any:
        """Where a line of ``level`` goes: structlog as the program configured it, else
        the standard library's logger; None when neither would take it."""
        structlog = sys.modules.get("structlog")
        if structlog is not None and structlog.is_configured():
            return structlog.get_logger(NAME)
        return _through_logging() if _standard.isEnabledFor(level) else None

    def debug(self, event: str, **keys: Any) -> None:
        if (target := self._target(logging.DEBUG)) is not None:
            target.debug(event, **keys)

    def info(self, event: str, **keys: Any) -> None:
        if (target := self._target(logging.INFO)) is not None:
            target.info(event, **keys)

    def warning(self, event: str, **keys: Any) -> None:
        if (target := self._target(logging.WARNING)) is not None:
            target.warning(event, **keys)


logger = _Log()
