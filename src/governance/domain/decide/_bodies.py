"""Bodies: a body document registers a body or revises it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.domain.commands import RegisterBody
from governance.domain.decide._common import Context, Decision, refuse_bad_text, require_body
from governance.domain.errors import BodyHierarchyError, InvalidAliasError, Path
from governance.domain.events import BodyRegistered, BodyRevised
from governance.domain.messages import msg
from governance.domain.names import MAX_NAME_LENGTH, name_key
from governance.domain.state import RecordState


def _body_texts(command: RegisterBody) -> Iterator[tuple[str, Path, int]]:
    yield command.name, ("name",), MAX_NAME_LENGTH
    for index, member in enumerate(command.members):
        yield member.name, ("members", index, "name"), MAX_NAME_LENGTH
    for alias in command.aliases:
        yield alias.variant, ("aliases", alias.variant), MAX_NAME_LENGTH
        yield alias.canonical, ("aliases", alias.variant), MAX_NAME_LENGTH


def _refuse_parent_cycles(command: RegisterBody, state: RecordState) -> None:
    """A body is never its own parent, nor its parent's parent, and so on up."""
    chain = [command.body_id]
    parent = command.parent
    while parent is not None and parent not in chain[1:]:
        chain.append(parent)
        if parent == command.body_id:
            raise BodyHierarchyError(
                msg(
                    "body.own-parent",
                    "{body_id} would be its own parent ({chain}); a body's parent is a body "
                    "above it",
                    body_id=command.body_id,
                    chain=" → ".join(chain),
                ),
                path=("parent",),
            )
        current = state.body(parent).current
        parent = None if current is None else current.parent


def _refuse_bad_aliases(command: RegisterBody) -> None:
    """An alias is another spelling of a name: given once, never the name itself, and
    pointing to a name, not to another alias."""
    variants: dict[str, str] = {}
    for alias in command.aliases:
        key = name_key(alias.variant)
        if key in variants:
            raise InvalidAliasError(
                msg(
                    "alias.twice",
                    "the alias '{variant}' is given twice (also as '{other}')",
                    variant=alias.variant,
                    other=variants[key],
                ),
                path=("aliases", alias.variant),
            )
        variants[key] = alias.variant
    for alias in command.aliases:
        if name_key(alias.canonical) == name_key(alias.variant):
            raise InvalidAliasError(
                msg(
                    "alias.itself",
                    "the alias '{variant}' points to itself; an alias names another spelling",
                    variant=alias.variant,
                ),
                path=("aliases", alias.variant),
            )
        if name_key(alias.canonical) in variants:
            raise InvalidAliasError(
                msg(
                    "alias.to-alias",
                    "the alias '{variant}' points to '{canonical}', which is itself an alias; "
                    "point every alias to the name as the body lists it",
                    variant=alias.variant,
                    canonical=alias.canonical,
                ),
                path=("aliases", alias.variant),
            )


def decide_register_body(command: RegisterBody, state: RecordState, context: Context) -> Decision:
    refuse_bad_text(_body_texts(command))
    _refuse_bad_aliases(command)
    _refuse_parent_cycles(command, state)
    if command.parent is not None:
        require_body(state, context, command.parent, "parent")
    current = state.body(command.body_id).current
    if current is not None and current.digest == context.digest:
        return Decision()
    fields: dict[str, Any] = {
        "body_id": command.body_id,
        "name": command.name,
        "parent": command.parent,
        "address": command.address,
        "members": command.members,
        "aliases": command.aliases,
        "digest": context.digest,
        "occurred_on": context.today,
    }
    event = BodyRegistered(**fields) if current is None else BodyRevised(**fields)
    return Decision((event,))
