"""A protocol file into lines of text: ``.txt``, ``.md``, ``.docx`` or ``.pdf``.

Line numbers are what the secretary can find again: the line of a text file, the
paragraph (or table row) of a Word file, the line of a PDF's text layer, counted over
all its pages.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from governance.domain.messages import msg
from governance.draft._errors import DraftError

EXTENSIONS = (".txt", ".md", ".docx", ".pdf")


def read_lines(path: Path) -> list[str]:
    """The lines of the protocol at ``path``; DraftError if it cannot be read as one."""
    source = str(path)
    suffix = path.suffix.lower()
    readers: dict[str, Callable[[bytes, str], list[str]]] = {
        ".txt": _text_lines,
        ".md": _text_lines,
        ".docx": _docx_lines,
        ".pdf": _pdf_lines,
    }
    reader = readers.get(suffix)
    if reader is None:
        raise DraftError(
            msg(
                "draft.read",
                "expected a protocol as {value} or {value2}, got a file ending in '{value3}'",
                value=", ".join(EXTENSIONS[:-1]),
                value2=EXTENSIONS[-1],
                value3=suffix or "(nothing)",
            ),
            file=source,
        )
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise DraftError(
            msg("draft.read-7", "cannot read the file: {reason}", reason=reason), file=source
        ) from None
    if not data.strip():
        raise DraftError(msg("draft.read-2", "the file is empty"), file=source)
    lines = reader(data, source)
    if not any(line.strip() for line in lines):
        raise DraftError(msg("draft.read-3", "the file holds no text"), file=source)
    return lines


def _text_lines(data: bytes, source: str) -> list[str]:
    if b"\x00" in data[:8192]:
        raise DraftError(
            msg("draft.read-4", "expected text, but this is a binary file"), file=source
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Word's "save as text" on Swedish Windows writes Windows-1252.
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    if controls > len(text) // 100 + 2:
        raise DraftError(
            msg("draft.read-5", "expected text, but this is a binary file"), file=source
        )
    return text.replace("\f", "\n").splitlines()


def _docx_lines(data: bytes, source: str) -> list[str]:
    import docx  # python-docx: imported when a Word file is read
    from docx.oxml.ns import qn

    try:
        document: Any = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DraftError(
            msg("draft.read-8", "expected a Word (.docx) document: {error}", error=error),
            file=source,
        ) from None
    formats = _numbering_formats(document, qn)
    styles = _numbered_styles(document, qn)
    counters: dict[tuple[str, int], int] = {}
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = "".join(node.text or "" for node in block.iter(qn("w:t"), qn("w:tab")))
            lines.append(_numbered(block, text, formats, styles, counters, qn))
        elif block.tag == qn("w:tbl"):
            lines.extend(_table_rows(block, qn))
    return lines


def _numbering_formats(document: Any, qn: Callable[[str], str]) -> dict[tuple[str, int], str]:
    """(numId, level) -> Word's number format (decimal, lowerLetter, bullet, ...)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in numbering.iterchildren(qn("w:abstractNum")):
        levels: dict[int, str] = {}
        for level in node.iterchildren(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            levels[int(level.get(qn("w:ilvl"), "0"))] = (
                fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal"
            )
        abstract[node.get(qn("w:abstractNumId"))] = levels
    formats: dict[tuple[str, int], str] = {}
    for node in numbering.iterchildren(qn("w:num")):
        ref = node.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for level, fmt in abstract.get(ref.get(qn("w:val")), {}).items():
            formats[(node.get(qn("w:numId")), level)] = fmt
    return formats


def _numbered_styles(document: Any, qn: Callable[[str], str]) -> dict[str, Any]:
    """Style id -> the numbering its paragraphs get ("List Number" numbers them)."""
    numbered: dict[str, Any] = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        numbering = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if numbering is not None:
            numbered[style.get(qn("w:styleId"))] = numbering
    return numbered


def _numbered(  # noqa: PLR0917
    paragraph: Any,
    text: str,
    formats: dict[tuple[str, int], str],
    styles: dict[str, Any],
    counters: dict[tuple[str, int], int],
    qn: Callable[[str], str],
) -> str:
    """The paragraph's text with the number Word shows before it, if it has one."""
    numbering = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if numbering is None:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        numbering = styles.get(style.get(qn("w:val"))) if style is not None else None
    if numbering is None:
        return text
    num = numbering.find(qn("w:numId"))
    lvl = numbering.find(qn("w:ilvl"))
    num_id = num.get(qn("w:val")) if num is not None else "0"
    level = int(lvl.get(qn("w:val"))) if lvl is not None else 0
    for key in [key for key in counters if key[0] == num_id and key[1] > level]:
        del counters[key]
    counters[(num_id, level)] = count = counters.get((num_id, level), 0) + 1
    match formats.get((num_id, level), "bullet" if level else "decimal"):
        case "decimal":
            return f"{count}. {text}"
        case "lowerLetter":
            return f"{chr(ord('a') + (count - 1) % 26)}) {text}"
        case "upperLetter":
            return f"{chr(ord('A') + (count - 1) % 26)}) {text}"
        case _:
            return f"- {text}"


def _table_rows(table: Any, qn: Callable[[str], str]) -> Iterator[str]:
    """Each row as its non-empty cells joined by commas ("Karin Berg, Tidaholm")."""
    for row in table.iter(qn("w:tr")):
        cells = (
            " ".join(
                "".join(node.text or "" for node in paragraph.iter(qn("w:t"))).strip()
                for paragraph in cell.iter(qn("w:p"))
            ).strip()
            for cell in row.iter(qn("w:tc"))
        )
        yield ", ".join(cell for cell in cells if cell)


def _pdf_lines(data: bytes, source: str) -> list[str]:
    import pypdf  # imported when a PDF is read
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DraftError(
                msg("draft.read-9", "the PDF is encrypted; save an unlocked copy"), file=source
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise DraftError(
            msg("draft.read-10", "expected a PDF: {error}", error=error), file=source
        ) from None
    if not any(page.strip() for page in pages):
        raise DraftError(
            msg(
                "draft.read-6",
                "the PDF has no text layer (a scanned image?); run OCR on it, or give the text "
                "as a .txt file",
            ),
            file=source,
        )
    return "\n".join(pages).splitlines()
