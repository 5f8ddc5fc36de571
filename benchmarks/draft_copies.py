"""Copies of a corpus protocol as the archive also holds them: OCR'd, ``.docx``, ``.pdf``.

``ocr_copy`` mangles a text the way OCR of a scanned protocol does, deterministically for
a seed: Swedish letters misread (``ö`` as ``6`` or ``o``, ``ä`` as ``i`` or ``4``, ``å``
as ``a`` or ``é``, ``i`` as ``1``), long lines wrapped with words hyphenated across the
break, and page numbers and stray marks between lines. ``write_docx`` writes a Word file
(one paragraph a line, as a secretary's document has) and ``write_pdf`` a PDF with a text
layer. ``python -m benchmarks.draft_copies FILE [--seed N]`` prints the OCR'd copy of a
file.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

#: How OCR misreads each letter, and how often (the share of occurrences misread).
MISREADINGS: dict[str, tuple[float, tuple[str, ...]]] = {
    "ö": (0.45, ("6", "o")),
    "Ö": (0.45, ("0", "O")),
    "ä": (0.45, ("i", "4", "a")),
    "Ä": (0.45, ("A",)),
    "å": (0.45, ("a", "é")),
    "Å": (0.45, ("A",)),
    "i": (0.03, ("1",)),
}

#: Lines from page breaks and specks of dirt on the scan.
STRAY_MARKS = ("'", ".", "|", "~", "-", "»", ",")

WRAP_AT = 62
"""A line longer than this is wrapped, as the scanned page's line was."""

PAGE_LINES = 32
"""Lines of text on a scanned page, before its page number."""


def ocr_copy(text: str, *, seed: int | str) -> str:
    """``text`` as OCR reads a scan of it; the same seed gives the same copy."""
    chance = random.Random(seed)
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(_wrapped(_misread(line, chance), chance))
    paged: list[str] = []
    page = 1
    for number, line in enumerate(lines, start=1):
        paged.append(line)
        if chance.random() < 0.03:
            paged.append(chance.choice(STRAY_MARKS))
        if number % PAGE_LINES == 0 and number < len(lines):
            page += 1
            paged.extend(["", _page_mark(page, chance), ""])
    return "\n".join(paged) + "\n"


def _misread(line: str, chance: random.Random) -> str:
    letters = []
    for letter in line:
        share, readings = MISREADINGS.get(letter, (0.0, ()))
        letters.append(chance.choice(readings) if chance.random() < share else letter)
    return "".join(letters)


def _wrapped(line: str, chance: random.Random) -> list[str]:
    """A long line broken as the page broke it: at a space, or inside a long word."""
    if len(line) <= WRAP_AT or chance.random() < 0.3:
        return [line]
    cut = line.rfind(" ", 0, WRAP_AT)
    if cut <= 0:
        return [line]
    rest = line[cut + 1 :]
    word_end = rest.find(" ")
    word = rest if word_end < 0 else rest[:word_end]
    if len(word) >= 7 and word.isalpha() and chance.random() < 0.6:
        split = chance.randint(3, len(word) - 3)
        head = line[: cut + 1] + word[:split] + "-"
        return [head, *_wrapped(rest[split:], chance)]
    return [line[:cut], *_wrapped(rest, chance)]


def _page_mark(page: int, chance: random.Random) -> str:
    return chance.choice((f"{page}", f"- {page} -", f"Sida {page}", f"{page} (3)"))


def write_docx(text: str, path: Path) -> None:
    """A Word file of ``text``: its first line a heading, every other line a paragraph."""
    import docx  # noqa: PLC0415 (only the benchmark and its tests need python-docx)

    document = docx.Document()
    lines = text.splitlines()
    if lines:
        document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    document.save(str(path))


#: Characters Word types that the PDF's standard font (Latin-1) cannot show, and what
#: stands in for them; any other such character becomes "?".
_PDF_STAND_INS = str.maketrans(
    {"–": "-", "—": "-", "’": "'", "”": '"', "“": '"', "…": "...", "•": "-"}
)


def _latin1(text: str) -> str:
    return text.translate(_PDF_STAND_INS).encode("latin-1", "replace").decode("latin-1")


def write_pdf(text: str, path: Path) -> None:
    """A PDF of ``text`` with a text layer: one line of text a line of the page."""
    from fpdf import FPDF  # noqa: PLC0415 (only the benchmark and its tests need fpdf2)

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in _latin1(text).splitlines():
        pdf.multi_cell(0, 5, line.replace("\t", "    ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.draft_copies", description="Print the OCR'd copy of a file."
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", default="12", help="the seed of the copy (default 12)")
    arguments = parser.parse_args(argv)
    try:
        text = arguments.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        sys.stderr.write(f"{arguments.file}: cannot read it as UTF-8 text: {error}\n")
        return 1
    sys.stdout.write(ocr_copy(text, seed=arguments.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
