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

import docx

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


def draft_of(tmp_path: Path, text: str, *, name: str = "protokoll.txt", **options: Any) -> Draft:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return draft_minutes(path, **options)


def items(draft: Draft) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = draft.document["items"]
    return found


MEETING = date(2024, 3, 12)


def pdf_of(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, Windows-1252)."""

    def escaped(text: str) -> bytes:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")

    shown = (b"(" + escaped(line) + b") Tj T*" for line in lines)
    stream = b"\n".join([b"BT /F1 10 Tf 14 TL 40 800 Td", *shown, b"ET"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return _pdf(objects)


def blank_pdf() -> bytes:
    """A one-page PDF with no text layer, as a scanner writes one without OCR."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


def docx_of(lines: list[str], path: Path) -> None:
    """A Word document with one paragraph per line."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
