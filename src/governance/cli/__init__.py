"""``governance``: the command line, a thin layer over the library's public API.

The library never imports this package. ``_main`` holds the top-level commands
(``record``, ``status``, ``history``, ``demo``), ``_audit`` the ``audit`` group and
``_follow`` the ``follow`` command.
"""

from governance.cli._main import app, main

__all__ = ["app", "main"]
