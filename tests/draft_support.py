"""Helpers for the drafting tests: write a protocol, draft it, and scan it badly.

``scanned`` mangles a text the way OCR does (Swedish letters misread, words hyphenated
across lines, page numbers and stray marks between lines), deterministically.
"""

from __future__ import annotations

import random
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from governance.draft import Draft, draft_minutes

_MISREAD = {"ö": "6o", "ä": "i4a", "å": "aé", "Ö": "O", "Ä": "A", "Å": "A"}


def scanned(text: str, seed: int = 0) -> str:
    """``text`` as a scan reads it: every Swedish letter misread, pages numbered."""
    rng = random.Random(seed)
    out: list[str] = []
    for number, line in enumerate(textwrap.dedent(text).splitlines(), start=1):
        letters = "".join(
            rng.choice(_MISREAD[char]) if char in _MISREAD else char for char in line
        )
        words = letters.split(" ")
        if len(words) > 4 and len(words[-2]) > 6 and rng.random() < 0.5:
            # the word before last hyphenated across the line break
            cut = len(words[-2]) // 2
            out.append(" ".join(words[:-2]) + " " + words[-2][:cut] + "-")
            out.append(words[-2][cut:] + " " + words[-1])
        else:
            out.append(letters)
        if number % 9 == 0:
            out.extend(["", f"- {number // 9} -", "|", ""])
    return "\n".join(out) + "\n"


def draft_of(
    tmp_path: Path, text: str, *, name: str = "protokoll.txt", **options: Any
) -> Draft:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return draft_minutes(path, **options)


def items(draft: Draft) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = draft.document["items"]
    return found


MEETING = date(2024, 3, 12)
