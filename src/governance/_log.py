"""The library's log: structlog over the standard library's logger named ``governance``.

The library never configures logging. A program that configures nothing sees nothing
(the logger has a ``NullHandler``, as the logging HOWTO asks of libraries); one that
configures structlog gets the lines through its structlog configuration, with the logger
name ``governance``; one that configures only the standard library gets ``LogRecord`` s on
the ``governance`` logger whose message is the event name (``governance.minutes_recorded``)
and whose other keys are record attributes (structlog's ``render_to_log_kwargs``).
"""

from __future__ import annotations

import logging
from typing import Any

import structlog

NAME = "governance"
_standard = logging.getLogger(NAME)
_standard.addHandler(logging.NullHandler())
_through_logging = structlog.wrap_logger(
    _standard,
    wrapper_class=structlog.stdlib.BoundLogger,
    processors=[structlog.stdlib.filter_by_level, structlog.stdlib.render_to_log_kwargs],
)


class _Log:
    """The library's logger, chosen at each line: a program may configure structlog or
    logging after importing the library."""

    def _target(self) -> Any:
        return structlog.get_logger(NAME) if structlog.is_configured() else _through_logging

    def debug(self, event: str, **keys: Any) -> None:
        self._target().debug(event, **keys)

    def info(self, event: str, **keys: Any) -> None:
        self._target().info(event, **keys)


logger = _Log()
