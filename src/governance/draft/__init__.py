"""Draft a minutes file (or a mandate) from the protocol a network actually wrote.

>>> from governance.draft import draft_minutes
>>> draft = draft_minutes(path)  # doctest: +SKIP
>>> print(draft.to_yaml())  # doctest: +SKIP

The draft is for a person to check: every entry cites the line it came from
(``Draft.sources``), and what the rules could not settle is listed in
``Draft.unsure``. Drafting never records anything; ``governance record`` does, once the
secretary has checked the file. It runs offline: rules over the text, no model.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from governance.draft._draft import Draft, Source, Unsure
from governance.draft._errors import DraftError
from governance.draft._mandate import MandateReader
from governance.draft._minutes import BodyRef, MinutesReader
from governance.draft._names import Roster
from governance.draft._read import EXTENSIONS, read_lines
from governance.draft._text import clean_lines

if TYPE_CHECKING:
    from governance.application import Governance

__all__ = [
    "EXTENSIONS",
    "Draft",
    "DraftError",
    "Source",
    "Unsure",
    "draft_mandate",
    "draft_minutes",
]


def draft_minutes(
    path: Path | str,
    *,
    body: str | None = None,
    date: date | None = None,
    store: Governance | None = None,
) -> Draft:
    """A v1 minutes document drafted from the protocol at ``path``.

    ``body`` is the body's id when the heading does not name it (or to override it);
    ``date`` the meeting date when the text lacks it; ``store`` lets names and the
    body be matched against what is registered. Raises :class:`DraftError` if the file
    cannot be read as a protocol; whatever it cannot find is in ``Draft.unsure``.
    """
    path = Path(path)
    lines = clean_lines(read_lines(path))
    bodies, roster = _registered(store, body)
    reader = MinutesReader(lines, body, date, roster, bodies)
    collected = reader.read()
    if store is not None and body is None and collected.document.get("body"):
        registered = {ref.id for ref in bodies}
        found = collected.document["body"]
        if found in registered:
            _, roster = _registered(store, found)
            collected = MinutesReader(lines, None, date, roster, bodies).read()
    return Draft(collected.document, collected.sources, tuple(collected.unsure), path.name)


def draft_mandate(
    path: Path | str,
    *,
    body: str | None = None,
    date: date | None = None,
    store: Governance | None = None,
) -> Draft:
    """A v1 mandate document drafted from the mandate (*uppdragsbeskrivning*) at ``path``.

    ``body`` is the id of the body the mandate is given to, ``date`` the date it was
    issued when the text lacks it; ``store`` lets body names be matched to ids.
    """
    path = Path(path)
    lines = clean_lines(read_lines(path))
    bodies, _ = _registered(store, None)
    collected = MandateReader(lines, body, date, bodies).read()
    return Draft(collected.document, collected.sources, tuple(collected.unsure), path.name)


def _registered(store: Governance | None, body: str | None) -> tuple[list[BodyRef], Roster]:
    """The registered bodies, and the members and aliases of ``body``, from ``store``."""
    if store is None:
        return [], Roster()
    from governance.domain.events import BodyRegistered, BodyRevised
    from governance.projections import bodies as bodies_view

    view = bodies_view.fold(
        event for event in store.iter_current() if isinstance(event, BodyRegistered | BodyRevised)
    )
    refs = [BodyRef(info.body_id, info.name) for info in view.bodies.values()]
    info = view.bodies.get(body) if body else None
    if info is None:
        return refs, Roster()
    return refs, Roster(
        registered=[member.name for member in info.members],
        aliases={alias.variant: alias.canonical for alias in info.aliases},
    )
