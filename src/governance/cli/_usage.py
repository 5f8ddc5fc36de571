"""Usage errors in the chosen language: what click and typer say when a command line is
wrong (an unknown option, a missing argument, a value that is not one of the choices),
written from the catalog instead of their English.

Imported only when such an error is shown. Each text click writes is read from the
error's class and attributes (an option's name, the choices, the value), and where click
gives only a sentence, from that sentence; a text this module does not know is shown as
click wrote it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from typing import Any

from typer._click import exceptions as click_errors

from governance.cli._common import shown_error
from governance.i18n import gettext as _

__all__ = ["message", "show"]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _parameter(error: click_errors.BadParameter) -> str:
    """The parameter an error is about, as click names it: ``'--format'``, ``'FILES...'``."""
    if error.param_hint is not None:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
    parameter: Any = error.param
    if parameter is None:
        return ""
    if parameter.param_type_name == "argument":
        shown = getattr(parameter, "_usage_display_name", None)
        name = shown() if shown is not None else (parameter.metavar or parameter.name.upper())
        return f"'{name.strip('[]')}'"
    return " / ".join(f"'{option}'" for option in parameter.opts)


def _choices(parameter: Any) -> list[str]:
    annotation = getattr(getattr(parameter, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def _validation(error: click_errors.BadParameter) -> str | None:
    """What typer's type check (pydantic) found wrong with a value, in the language."""
    cause: Any = error.__cause__
    found = getattr(cause, "errors", None)
    if not callable(found) or not found():
        return None
    first = found()[0]
    kind, value, limits = first.get("type"), first.get("input"), first.get("ctx") or {}
    choices = _choices(error.param)
    if choices:
        return _("'{value}' is not one of {choices}.").format(
            value=value, choices=_quoted(choices)
        )
    known: dict[str, Callable[[], str]] = {
        "float_parsing": lambda: _("'{value}' is not a number.").format(value=value),
        "int_parsing": lambda: _("'{value}' is not a whole number.").format(value=value),
        "int_from_float": lambda: _("'{value}' is not a whole number.").format(value=value),
        "greater_than_equal": lambda: _("{value} is too small: at least {limit}.").format(
            value=value, limit=limits.get("ge")
        ),
        "greater_than": lambda: _("{value} is too small: more than {limit}.").format(
            value=value, limit=limits.get("gt")
        ),
        "less_than_equal": lambda: _("{value} is too large: at most {limit}.").format(
            value=value, limit=limits.get("le")
        ),
        "less_than": lambda: _("{value} is too large: less than {limit}.").format(
            value=value, limit=limits.get("lt")
        ),
    }
    return known[kind]() if kind in known else None


#: Sentences click gives only as text, and what they say in the language.
_SENTENCES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"Option '(?P<option>.+)' does not take a value\."),
        lambda m: _("Option '{option}' does not take a value.").format(option=m["option"]),
    ),
    (
        re.compile(r"Option '(?P<option>.+)' requires an argument\."),
        lambda m: _("Option '{option}' needs a value.").format(option=m["option"]),
    ),
    (
        re.compile(r"Option '(?P<option>.+)' requires (?P<n>\d+) arguments\."),
        lambda m: _("Option '{option}' needs {n} values.").format(option=m["option"], n=m["n"]),
    ),
    (
        re.compile(r"Argument '(?P<argument>.+)' takes (?P<n>\d+) values\."),
        lambda m: _("Argument '{argument}' takes {n} values.").format(
            argument=m["argument"], n=m["n"]
        ),
    ),
    (
        re.compile(
            re.escape("Got unexpected extra argument(s) (") + r"(?P<extra>.*)\)", re.DOTALL
        ),
        lambda m: _("Got unexpected extra argument(s) ({arguments})").format(arguments=m["extra"]),
    ),
    (
        re.compile(r"Missing command\."),
        lambda m: _("Missing command."),
    ),
    (
        re.compile(r"No such command '(?P<name>.*)'\.", re.DOTALL),
        lambda m: _("No such command '{name}'.").format(name=m["name"]),
    ),
)
_SUGGESTION = re.compile(r"(?P<message>.*)\. Did you mean (?P<names>.*)\?", re.DOTALL)


def _sentence(text: str) -> str:
    suggested = _SUGGESTION.fullmatch(text)
    if suggested:
        said = _sentence(suggested["message"] + ".")
        return f"{said} " + _("Did you mean {names}?").format(names=suggested["names"])
    for pattern, say in _SENTENCES:
        found = pattern.fullmatch(text)
        if found:
            return say(found)
    return text


def message(error: click_errors.ClickException) -> str:
    """What ``error`` says, in the chosen language (click's ``format_message``)."""
    if isinstance(error, click_errors.NoSuchOption):
        text = _("No such option: {option}").format(option=error.option_name)
        if error.possibilities:
            text += " " + _("(Possible options: {options})").format(
                options=", ".join(sorted(error.possibilities))
            )
        return text
    if isinstance(error, click_errors.MissingParameter):
        parameter = _parameter(error)
        kind = error.param_type or getattr(error.param, "param_type_name", "")
        text = (
            _("Missing option {name}.") if kind == "option" else _("Missing argument {name}.")
        ).format(name=parameter)
        choices = _choices(error.param)
        if choices:
            text += " " + _("Choose from: {choices}.").format(choices=", ".join(choices))
        return text
    if isinstance(error, click_errors.BadParameter):
        said = _validation(error) or _sentence(error.message)
        parameter = _parameter(error)
        if not parameter:
            return _("Invalid value: {message}").format(message=said)
        return _("Invalid value for {parameter}: {message}").format(
            parameter=parameter, message=said
        )
    if isinstance(error, click_errors.FileError):
        return _("Could not open file '{file}': {reason}").format(
            file=error.ui_filename, reason=error.message
        )
    return _sentence(error.message)


def show(error: click_errors.ClickException) -> None:
    """Show ``error`` on stderr as click does (the usage line and where to find help for
    a usage error), in the chosen language."""
    if isinstance(error, click_errors.NoArgsIsHelpError):
        error.show()
        return
    context = getattr(error, "ctx", None)
    lines: list[str] = []
    if context is not None:
        lines.append(context.get_usage())
        if context.command.get_help_option(context) is not None:
            command = f"{context.command_path} {context.help_option_names[0]}"
            lines.append(_("Try '{command}' for help.").format(command=command))
        lines.append("")
    shown_error(lines, _("Error:"), message(error))
