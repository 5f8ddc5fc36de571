"""The shape of a protocol: its heading, its items, and the units of text inside them.

Items are numbered headings (``1.``, ``§ 3``, ``3)``, ``4 Title``) forming one
increasing sequence, chosen over agendas and numbered lists inside items by how many
of its headings have text under them; without such a sequence, short unnumbered lines
that stand alone above text are the headings. A unit is a sentence or a list entry,
with the lines it spans, so every entry drafted from it can cite its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from governance.draft._text import Line, tolerant


@attrs.frozen
class Heading:
    """An item heading: where it is, its number (None when unnumbered) and its title."""

    index: int  # in the protocol's lines
    number: str | None
    title: str
    rest: str = ""  # text after the title on the same line ("Övrigt: bordläggs")
    rest_offset: int = 0
    lines_used: int = 1  # a number alone on its line takes the next line as its title


@attrs.frozen
class Unit:
    """A sentence or list entry: its text and the lines it spans (offset, line)."""

    text: str
    spans: tuple[tuple[int, Line], ...]
    listed: bool = False
    ends_with_colon: bool = False
    entry: Unit | None = None  # in a list, the first sentence of the entry it belongs to

    def line_at(self, offset: int = 0) -> tuple[Line, int]:
        """The line holding ``offset`` and the offset within that line's text."""
        chosen = self.spans[0]
        for start, line in self.spans:
            if start <= offset:
                chosen = (start, line)
        start, line = chosen
        return line, max(offset - start, 0)


_NUMBERED = re.compile(
    r"""^\s*(?:[#*_]+\s*)?(?:
        (?P<para>§|[Pp]unkt)\s*(?P<n1>\d{1,3}(?:\s?[a-z])?)\b
      | (?P<n2>\d{1,3}[a-z]?)\s*(?P<mark>[.)])(?![\d])
      | (?P<n3>\d{1,3}[a-z]?)(?=\s+[A-ZÅÄÖ§])
    )[\s.:)–—-]*(?P<title>.*)$""",
    re.VERBOSE,
)


@attrs.frozen
class _Candidate:
    index: int
    number: str
    style: str
    title: str
    title_offset: int
    has_content: bool = False


def _base(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    assert digits is not None
    return int(digits.group()), number[digits.end() :].strip()


def _follows(before: str, after: str) -> bool:
    (b, bl), (a, al) = _base(before), _base(after)
    if a == b:
        return bool(al) and (ord(al) == ord(bl) + 1 if bl else al == "a")
    return a in (b + 1, b + 2) and al in ("", "a")


def find_headings(lines: Sequence[Line]) -> list[Heading]:
    """The item headings of a protocol, in order."""
    numbered = _numbered_headings(lines)
    if len(numbered) >= 2:
        return numbered
    return _unnumbered_headings(lines)


def _numbered_headings(lines: Sequence[Line]) -> list[Heading]:
    candidates: list[_Candidate] = []
    for index, line in enumerate(lines):
        match = _NUMBERED.match(line.text)
        if match is None:
            continue
        number = (match["n1"] or match["n2"] or match["n3"]).replace(" ", "")
        title = match["title"].strip(" *_#")
        if title[:1].isdigit() or len(title) > 160:
            continue
        style = "§" if match["para"] else (match["mark"] or " ")
        candidates.append(_Candidate(index, number, style, title, match.start("title")))
    marked = [
        attrs.evolve(c, has_content=_has_content(lines, c, candidates[k + 1 :]))
        for k, c in enumerate(candidates)
    ]
    chain = _best_chain(marked)
    if len(chain) < 2 or sum(c.has_content for c in chain) < 1:
        return []
    headings = []
    for candidate in chain:
        title, used = candidate.title, 1
        if not title:
            following = next(
                (k for k in range(candidate.index + 1, len(lines)) if lines[k].text.strip()), None
            )
            if following is not None:
                title, used = lines[following].text.strip(), following - candidate.index + 1
        headings.append(
            _split_title(candidate.index, candidate.number, title, candidate.title_offset, used)
        )
    return headings


def _has_content(lines: Sequence[Line], candidate: _Candidate, later: list[_Candidate]) -> bool:
    stop = later[0].index if later else len(lines)
    if ":" in candidate.title.rstrip(":"):
        return True
    body = [line for line in lines[candidate.index + 1 : stop] if line.text.strip()]
    return len(body) >= (2 if not candidate.title else 1)


def _best_chain(candidates: list[_Candidate]) -> list[_Candidate]:
    """The increasing sequence of one style with the most headings that have text."""
    best: list[tuple[int, int]] = []
    previous: list[int | None] = []
    for i, candidate in enumerate(candidates):
        score = (int(candidate.has_content), 1)
        link: int | None = None
        for j in range(i):
            other = candidates[j]
            if other.style == candidate.style and _follows(other.number, candidate.number):
                option = (best[j][0] + int(candidate.has_content), best[j][1] + 1)
                if option > score:
                    score, link = option, j
        best.append(score)
        previous.append(link)
    if not best:
        return []
    end: int | None = max(range(len(best)), key=lambda k: best[k])
    chain = []
    while end is not None:
        chain.append(candidates[end])
        end = previous[end]
    return chain[::-1]


_TITLE_SPLIT = re.compile(r"\s*(?::\s+|\s[–—-]\s+)")


def _split_title(index: int, number: str | None, text: str, offset: int, used: int) -> Heading:
    """``Övriga frågor: bordläggs`` -> title ``Övriga frågor`` and the rest as text."""
    text = text.rstrip()
    split = _TITLE_SPLIT.search(text)
    rest = text[split.end() :].strip() if split else ""
    if split and 0 < len(text[: split.start()].split()) <= 7 and _is_sentence(rest):
        title = text[: split.start()].strip(" *_")
        return Heading(index, number, title, text[split.end() :], offset + split.end(), used)
    title = text.rstrip(":").strip(" *_")
    if len(title.split()) > 8 and title.endswith("."):
        return Heading(index, number, title.rstrip("."), title, offset, used)
    return Heading(index, number, title.rstrip("."), "", 0, used)


def _is_sentence(text: str) -> bool:
    """Text after a title that is content (``Godkändes.``), not the title's second half."""
    return text.rstrip().endswith((".", "!")) or len(text.split()) > 8


_DOCUMENT_TITLE = tolerant(
    r"^\W*(?:protokoll|minnesanteckningar|anteckningar|mötesanteckningar)\b"
)
_NOT_HEADING = tolerant(
    r"^(?:närvarande|deltagare|närvaro|frånvarande|anmält förhinder|datum|plats|tid|"
    r"sekreterare|justerare|ordförande|vid protokollet|kl\b|\d|med(?:\s+på\s+\w+)?\s*:)"
)


def _unnumbered_headings(lines: Sequence[Line]) -> list[Heading]:
    headings: list[Heading] = []
    first_text = next((k for k, line in enumerate(lines) if line.text.strip()), 0)
    for index, line in enumerate(lines):
        text = line.text.strip()
        markdown = re.match(r"^(#{1,6})\s+(.*)$|^\*\*(.+?)\*\*:?$|^__(.+?)__:?$", text)
        if markdown:
            if index == first_text or (markdown.group(1) == "#" and _DOCUMENT_TITLE.search(text)):
                continue
            title = (markdown.group(2) or markdown.group(3) or markdown.group(4)).strip()
            if _NOT_HEADING.match(title):
                continue
            headings.append(_split_title(index, None, title, text.find(title), 1))
            continue
        if index <= first_text or not _standalone(lines, index):
            continue
        if _NOT_HEADING.match(text) or (_DOCUMENT_TITLE.search(text) and index < first_text + 3):
            continue
        headings.append(_split_title(index, None, text, 0, 1))
    labelled = [
        _split_title(index, None, lines[index].text.strip(), 0, 1)
        for index in range(first_text + 1, len(lines))
        if _labelled(lines, index)
    ]
    if len(labelled) >= 2:
        headings = sorted([*headings, *labelled], key=lambda heading: heading.index)
    return [attrs.evolve(heading, number=str(n)) for n, heading in enumerate(headings, start=1)]


_LABELLED = re.compile(r"^(?P<title>[A-ZÅÄÖ§][\wåäöÅÄÖ§ ,/&-]{2,60}?)\s*:\s+\S")
_NOT_ITEM_LABEL = tolerant(
    r"^(?:beslut|uppdrag|ansvarig|ansvar|åtgärd|obs|notera|kommentar|svar|fråga|förslag|"
    r"exempel|citat|info|länk|bilaga|bilagor|deadline|klart|senast|datum|plats|tid|"
    r"närvarande|deltagare|närvaro|frånvarande|anmält förhinder|justerare|sekreterare|"
    r"vid protokollet|ordförande|kl|med(?:\s+på\s+\w+)?(?=\s*:))\b"
)


def _labelled(lines: Sequence[Line], index: int) -> bool:
    """``Föregående protokoll: Godkändes.``, a paragraph's first line: an item too."""
    text = lines[index].text.strip()
    match = _LABELLED.match(text)
    if match is None or len(match["title"].split()) > 6 or _NOT_ITEM_LABEL.match(text):
        return False
    before = lines[index - 1].text.strip() if index > 0 else ""
    return not before or _LABELLED.match(before) is not None


def _standalone(lines: Sequence[Line], index: int) -> bool:
    """A short line without a full stop, alone above text: an unnumbered heading."""
    text = lines[index].text.strip()
    words = text.split()
    if not words or len(words) > 8 or len(text) > 70 or text[-1] in ".,;!":
        return False
    if not (text[0].isupper() or text[0] == "§") or re.match(r"^[-•*–·]", text):
        return False
    if re.match(r"^\d{1,2}/\d{1,2}|^\d{6}", text):
        return False
    before = lines[index - 1].text.strip() if index > 0 else ""
    after = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
    return not before and bool(after)


# --- units --------------------------------------------------------------------------------

_LIST_MARK = re.compile(r"^\s*(?:[-•*–·▪➢>]|\(?[a-zA-Z]\)|[a-z]\.|\d{1,2}[.)])\s+")
_WRAPPED_NUMBER = re.compile(r"^\s*\d{1,4}(?:[.,;)]|\s+[a-zåäö]|\s*$)")
_DATED_LINE = re.compile(r"^\s*(?:\d{1,2}/\d{1,2}|\d{6})\b")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:kl|t\.ex|bl\.a|ca|resp|ev|dvs|s\.k|mm|m\.m|osv|o\.s\.v|nr|st|fr\.o\.m|"
    r"t\.o\.m|jfr|obs|tel|ang|inkl|exkl|pga|p\.g\.a|etc|f\.d|v|ht|vt)|\b[A-ZÅÄÖ])\.$",
    re.IGNORECASE,
)


def units(lines: Sequence[Line]) -> list[Unit]:
    """The sentences and list entries of a run of lines."""
    blocks: list[list[tuple[Line, int]]] = []  # (line, offset where its text starts)
    listed: list[bool] = []
    for line in lines:
        text = line.text
        if not text.strip():
            blocks.append([])
            listed.append(False)
            continue
        mark = _LIST_MARK.match(text)
        # "26/1 Mariestad" after a sentence or another dated line: an entry of its own
        dated = (
            bool(_DATED_LINE.match(text))
            and bool(blocks and blocks[-1])
            and (
                blocks[-1][-1][0].text.rstrip()[-1:] in ".!?:"
                or _DATED_LINE.match(blocks[-1][-1][0].text) is not None
            )
        )
        continues = (
            blocks
            and blocks[-1]
            and not mark
            and not dated
            and (
                not listed[-1]
                or text[:1] == " "
                or text.strip()[:1].islower()
                or (
                    _WRAPPED_NUMBER.match(text) is not None  # "… den 15 november\n2023."
                    and blocks[-1][-1][0].text.rstrip()[-1:].isalpha()
                )
            )
        )
        if continues:
            blocks[-1].append((line, 0))
        else:
            blocks.append([(line, mark.end() if mark else len(text) - len(text.lstrip()))])
            listed.append(bool(mark))
    result: list[Unit] = []
    for block, is_list in zip(blocks, listed, strict=True):
        if not block:
            continue
        text, spans = "", []
        for line, start in block:
            if text:
                text += " "
            piece = line.text[start:]
            lead = len(piece) - len(piece.lstrip())
            spans.append((len(text) - start - lead, line))
            text += piece.strip()
        result.extend(_sentences(text, tuple(spans), is_list))
    return result


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ§\"'(])")


def _sentences(text: str, spans: tuple[tuple[int, Line], ...], listed: bool) -> list[Unit]:
    pieces: list[Unit] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[begin : match.start()]
        if _ABBREVIATIONS.search(head):
            continue
        pieces.append(_unit(text, begin, match.start(), spans, listed))
        begin = match.end()
    pieces.append(_unit(text, begin, len(text), spans, listed))
    pieces = [piece for piece in pieces if piece.text]
    if listed and pieces:
        pieces = [attrs.evolve(piece, entry=pieces[0]) for piece in pieces]
    return pieces


def _unit(
    text: str, begin: int, end: int, spans: tuple[tuple[int, Line], ...], listed: bool
) -> Unit:
    piece = text[begin:end].strip()
    shifted = tuple((start - begin, line) for start, line in spans if start < end)
    first = [(start, line) for start, line in shifted if start <= 0]
    kept = ([first[-1]] if first else []) + [(s, ln) for s, ln in shifted if s > 0]
    return Unit(piece, tuple(kept), listed, piece.endswith(":"))
