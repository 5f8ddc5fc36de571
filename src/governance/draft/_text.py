"""Lines of a protocol, cleaned of what scanning adds, and the OCR repair of words.

A scanned protocol reaches us with Swedish letters misread (``ö`` as ``6`` or ``o``,
``ä`` as ``4``, ``i`` or ``a``, ``å`` as ``a`` or ``é``, ``i`` as ``1``), words
hyphenated across lines, page numbers and stray marks between lines. Each
:class:`Line` keeps the words as they were written, for citing, and the repaired text
the rules read. A word is repaired only when it is not Swedish and a repair is: the
word list is simplemma's Swedish dictionary, which ships with the package.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import attrs


@attrs.frozen
class Line:
    """One line: its 1-based number, the words as written, and the repaired text.

    ``shift`` is where ``text`` starts in ``raw`` (a hyphenated word's tail, moved to the
    line before, shifts the rest).
    """

    number: int
    raw: str
    text: str
    shift: int = 0

    def cite(self, start: int = 0, width: int = 72) -> str:
        """The words as written from ``start`` (an offset in ``text``), cut at a word."""
        begin = min(max(start + self.shift, 0), len(self.raw))
        words = self.raw[begin:].strip()
        width = min(width, 72)
        if len(words) <= width:
            return words
        cut = words.rfind(" ", 0, width + 1)
        return words[: cut if cut > width // 2 else width].rstrip(" ,;:-")


_PAGE_MARK = re.compile(
    r"""^\s*(?:
        [-–—(]?\s*\d{1,3}\s*[-–—)]?                 # 3, - 3 -, (3)
      | (?:sida|sid\.?|page|s\.)\s*\d+(?:\s*(?:av|\(|/)\s*\d+\)?)?   # Sida 2 av 4
      | \d{1,3}\s*\(\s*\d{1,3}\s*\)                 # 2 (4)
      | [^\w\s§]{1,4}                               # stray marks: | ~ • ..
      | [^\w\s]?\s*[a-zA-Z]\s*[^\w\s]?              # a lone letter: l, |i.
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_HYPHENATED = re.compile(r"(\w+)[-¬]\s*$")
_TAIL = re.compile(r"^\s*([a-zåäöé]+)([.,;:!?)]*)(\s*)")


def clean_lines(raw_lines: Sequence[str]) -> list[Line]:
    """The meaningful lines of a protocol, numbered as in the file, repaired."""
    kept: list[tuple[int, str]] = []
    in_break = False
    blank_in_break: int | None = None  # a blank line the break swallowed
    for number, raw in enumerate(raw_lines, start=1):
        text = unicodedata.normalize("NFC", raw.replace("\t", " ").rstrip())
        if text.strip() and _PAGE_MARK.match(text):
            in_break = True
            _drop_blank_run(kept)
            continue
        if in_break and not text.strip():
            blank_in_break = blank_in_break or number
            continue
        ended = bool(kept) and kept[-1][1].rstrip()[-1:] in (".", "!", "?")
        if in_break and blank_in_break is not None and ended:
            # "…skolchefsgruppen.", a stray mark, a blank, "Kommande träffar": a paragraph
            # ended at the mark, and the next one starts after the blank
            kept.append((blank_in_break, ""))
        in_break = False
        blank_in_break = None
        kept.append((number, text))
    carries: dict[int, int] = {}  # index -> characters moved up to the line before
    dropped: set[int] = set()  # blank lines between a hyphen and the word's tail
    texts: list[str] = []
    shifts: list[int] = []
    for index, (_, raw) in enumerate(kept):
        text = raw[carries[index] :].lstrip() if index in carries else raw
        shifts.append(len(raw) - len(text))
        hyphen = _HYPHENATED.search(text)
        following = next((i for i in range(index + 1, len(kept)) if kept[i][1].strip()), None)
        if hyphen and following is not None:
            tail = _TAIL.match(kept[following][1])
            if tail and tail.group(1) not in _CONJUNCTIONS:
                text = text[: hyphen.start()] + hyphen.group(1) + tail.group(1) + tail.group(2)
                carries[following] = tail.end()
                dropped.update(range(index + 1, following))
        texts.append(text)
    lines = [
        Line(number, raw, repair_text(text), shift)
        for index, ((number, raw), text, shift) in enumerate(zip(kept, texts, shifts, strict=True))
        if index not in dropped
    ]
    return _as_spelled_elsewhere(lines)


def _as_spelled_elsewhere(lines: list[Line]) -> list[Line]:
    """Words the repair left, spelled as the same protocol spells them with å, ä or ö.

    A scan misreads a letter here and there, so a name or word misread on one line is
    usually read right on another: ``Toreboda`` becomes ``Töreboda`` if the protocol
    says ``Töreboda`` somewhere. Only words that are not Swedish as they stand change.
    """
    spelled: dict[str, str] = {}
    for line in lines:
        for word in _WORD.findall(line.text):
            if _SWEDISH_LETTERS.search(word):
                spelled.setdefault(fold(word), word)
    for town in MUNICIPALITIES:
        spelled.setdefault(fold(town), town)

    def respell(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < 3 or not word.isalpha() or _SWEDISH_LETTERS.search(word):
            return word
        if is_swedish(word):
            return word
        found = spelled.get(fold(word))
        return found if found is not None and len(found) == len(word) else word

    return [attrs.evolve(line, text=_WORD.sub(respell, line.text)) for line in lines]


_SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")
#: Municipalities of the region and Sweden's larger ones: how "Karin Berg Tidaholm" parses.
MUNICIPALITIES = frozenset(
    """Essunga Falköping Grästorp Gullspång Götene Hjo Karlsborg Lidköping Mariestad Skara
    Skövde Tibro Tidaholm Töreboda Vara Borås Trollhättan Vänersborg Uddevalla Alingsås
    Göteborg Stockholm Malmö Uppsala Linköping Örebro Västerås Jönköping Norrköping Lund
    Umeå Gävle Karlstad Växjö Halmstad Sundsvall Kalmar Kristianstad Mölndal Kungsbacka
    Lerum Partille Ulricehamn Herrljunga Vårgårda Tranemo Svenljunga Mark Bollebygd Habo
    Mullsjö Töreboda Åmål Säffle Mellerud Bengtsfors Dals-Ed Färgelanda Lysekil Strömstad
    Tanum Sotenäs Munkedal Orust Tjörn Stenungsund Kungälv Ale Lilla Edet Öckerö Härryda
    Tranås Motala Mjölby Vadstena Askersund Laxå Hallsberg Kumla""".split()
)


def _drop_blank_run(kept: list[tuple[int, str]]) -> None:
    """Blank lines before a page break go with it, unless a paragraph ended there."""
    end = len(kept)
    while end and not kept[end - 1][1].strip():
        end -= 1
    if end == len(kept) or not end:
        return
    ended = kept[end - 1][1].rstrip()[-1:] in ".!?"
    del kept[end + 1 if ended else end :]


# "IM- och språkintroduktion": a dash before a conjunction is no hyphenation.
_CONJUNCTIONS = frozenset({"och", "eller", "samt"})


_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_CAPITAL_MISREAD = {"0": "Ö", "6": "Ö", "4": "Ä"}
_DIGIT_LETTERS = str.maketrans({"6": "ö", "4": "ä", "1": "i", "0": "o"})
_OCR_SWAPS: dict[str, tuple[str, ...]] = {
    "o": ("ö",),
    "a": ("ä", "å"),
    "i": ("ä",),
    "é": ("å", "e"),
    "e": ("é",),
    "O": ("Ö",),
    "A": ("Ä", "Å"),
}


# Words too short to test against the word list, and words that are Swedish as misread
# but in a protocol nearly always the misreading.
_SHORT_WORDS = {
    # frequent words whose misreading is also a word, or too short to test
    "for": "för", "For": "För", "fran": "från", "Fran": "Från", "laggs": "läggs",
    "Motets": "Mötets", "motets": "mötets", "nar": "när", "Nar": "När", "nagon": "någon",
    "nagot": "något", "nagra": "några", "aven": "även", "Aven": "Även",
    "tva": "två", "over": "över", "Over": "Över", "fore": "före", "Fore": "Före",
    "gor": "gör", "bada": "båda", "saväl": "såväl", "sasom": "såsom", "ocksa": "också",
    "mal": "mål", "Mal": "Mål", "malet": "målet", "malen": "målen", "hor": "hör",
    "pa": "på", "Pa": "På", "pé": "på", "Pé": "På", "fa": "få", "fé": "få", "ga": "gå",
    "gé": "gå", "da": "då", "Da": "Då", "dé": "då", "sé": "så", "Sé": "Så",
    # words that are Swedish unmended but in protocols nearly always misread
    "mote": "möte", "Mote": "Möte", "motet": "mötet", "Motet": "Mötet", "moten": "möten",
    "motena": "mötena", "nasta": "nästa", "Nasta": "Nästa",
}  # fmt: skip


def repair_text(text: str) -> str:
    """``text`` with each misread word repaired; every repair keeps the word's length."""
    return _WORD.sub(lambda match: repair_word(match.group()), text)


@functools.lru_cache(maxsize=8192)
def repair_word(word: str) -> str:
    """The Swedish word OCR misread as ``word``, or ``word`` itself."""
    if word[:1] in _CAPITAL_MISREAD and len(word) > 2 and word[1:].isalpha() and word[1].islower():
        # "0rn", "0berg", "4ven": a capital Ö or Ä read as a digit begins a word
        return _CAPITAL_MISREAD[word[0]] + repair_word(word[1:])
    if any(char.isdigit() for char in word):
        letters = sum(char.isalpha() for char in word)
        digits = {char for char in word if char.isdigit()}
        shouting = word.upper() == word  # IMS1, F1: a name with a digit
        if letters < 2 or not digits <= set("0146") or shouting:
            return word
        word = word.translate(_DIGIT_LETTERS)
    if word in _SHORT_WORDS:
        return _SHORT_WORDS[word]
    if len(word) < 3 or "-" in word or is_swedish(word):
        return word
    for candidate in _swaps(word):
        if is_swedish(candidate):
            return candidate
    return _repair_compound(word)


def _repair_compound(word: str) -> str:
    """``skolnarvaro`` -> ``skolnärvaro``: two Swedish words, either of them misread.

    The first part may end in a linking ``s`` (``natverkstid`` -> ``nätverkstid``).
    """
    if len(word) < 7:
        return word
    cuts = range(len(word) - 3, 2, -1)
    if any(_part(word[:cut]) and is_swedish(word[cut:]) for cut in cuts):
        return word  # a compound of two Swedish words, as written
    heads = [
        (cut, head)
        for cut in cuts
        for head in (word[:cut], *_swaps(word[:cut], most=1))
        if _part(head)
    ]
    for cut, head in heads:
        tail = word[cut:]
        for candidate in (tail, *_swaps(tail, most=2 if head == word[:cut] else 1)):
            if is_swedish(candidate):
                return head + candidate
    return word


def _part(head: str) -> bool:
    """Whether ``head`` can begin a compound: a word, or a word and a linking s."""
    return is_swedish(head) or (head.endswith("s") and len(head) > 3 and is_swedish(head[:-1]))


def _swaps(word: str, most: int = 2) -> Iterable[str]:
    """Words that differ from ``word`` by one (up to ``most``) OCR swaps, one swap first."""
    places = [index for index, char in enumerate(word) if char in _OCR_SWAPS]
    for count in range(1, most + 1):
        for chosen in itertools.combinations(places, count):
            for replacements in itertools.product(*(_OCR_SWAPS[word[i]] for i in chosen)):
                letters = list(word)
                for index, letter in zip(chosen, replacements, strict=True):
                    letters[index] = letter
                yield "".join(letters)


@functools.lru_cache(maxsize=16384)
def is_swedish(word: str) -> bool:
    import simplemma  # its Swedish dictionary loads on first use

    return bool(simplemma.is_known(word, lang="sv")) or bool(
        simplemma.is_known(word.lower(), lang="sv")
    )


# A scan's "a" may be repaired to the wrong one of å and ä ("gang" to "gäng"), so each
# stands for the other too.
_LETTER_CLASSES = {"ö": "[öo6]", "ä": "[äa4iå]", "å": "[åaéä]", "Ö": "[ÖO6]", "Ä": "[ÄA4Å]"}


def tolerant(pattern: str) -> re.Pattern[str]:
    """``pattern`` (case-insensitive) that also matches its Swedish letters misread."""
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(char if in_class or escaped else _LETTER_CLASSES.get(char, char))
    return re.compile("".join(out), re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case with Swedish letters and OCR misreadings folded: for comparing words."""
    return (
        text.casefold()
        .replace("å", "a")
        .replace("ä", "a")
        .replace("ö", "o")
        .replace("é", "e")
        .replace("6", "o")
        .replace("4", "a")
    )
