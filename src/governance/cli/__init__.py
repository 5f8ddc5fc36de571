"""``governance``: the command line, a thin layer over the library's public API.

The library never imports this package. ``_root`` holds the options given before any
command, the table of commands and their help, and runs the command line; ``_main`` holds
the commands ``record``, ``status``, ``history`` and ``demo``, ``_audit`` the ``audit``
group and ``_follow`` the ``follow`` command, ``_publish`` the commands for what the
chiefs and other systems read (``decisions``, ``agenda``, ``report``, ``export``),
``_draft`` the ``draft`` command and ``_schema`` the ``schema`` command.

:func:`main` reads ``--lang`` first, wherever it is, so that the help texts too are in that
language; a command's module is imported only when it runs (or its help is asked for),
and it imports the store, the audit and the drafting only then, so that ``--help`` and
``--version`` start at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        from governance.cli._root import app

        return app
    raise AttributeError(f"module 'governance.cli' has no attribute {name!r}")


def _take_language(args: list[str]) -> list[str]:
    """Set the language ``--lang`` names, wherever it is, and return the other arguments."""
    from governance.i18n import LANGUAGES, set_language

    rest: list[str] = []
    words = iter(args)
    for argument in words:
        if argument == "--":
            rest.extend(["--", *words])
            break
        if argument == "--lang" or argument.startswith("--lang="):
            code = argument.partition("=")[2] if "=" in argument else next(words, "")
            if code not in LANGUAGES:
                from governance.i18n import gettext as _  # in the environment's language

                said = _("--lang takes {choices}, not '{code}'").format(
                    choices=" | ".join(LANGUAGES), code=code
                )
                sys.stderr.write(f"{_('error:')} {said}\n")
                raise SystemExit(2)
            set_language(code)
            continue
        rest.append(argument)
    return rest


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``governance`` command: the language is chosen once, from
    ``--lang`` or the environment, for the whole command (and as before it, after)."""
    from governance.i18n import settled_language

    with settled_language():
        args = _take_language(list(sys.argv[1:] if argv is None else argv))
        if args == ["--version"]:  # at once: nothing else to load for it
            from governance._version import __version__

            sys.stdout.write(f"governance {__version__}\n")
            return
        from governance.cli._root import run

        run(args)
