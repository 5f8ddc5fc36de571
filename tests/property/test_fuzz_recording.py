"""A fuzz test of recording: valid minutes files, mutated at random, given to the command
line. Recording either accepts a file (exit 0) or refuses it with exit 1 and an error
that names the file, never a traceback; and a refused file leaves the store byte for byte
as it was, its audit digest unchanged.

The seeds are the bundled sample minutes. Each case applies one to three mutations, to
the documents (a key dropped, a value of another type, a huge number, an impossible date)
or to the text (a line or key duplicated, YAML aliases and tags, binary bytes, invalid
UTF-8, a slice cut out). The store holds the bodies, the mandates and the first half of
the sample minutes, so a mutated file may be new minutes, minutes recorded already, or a
changed body or mandate.

CI runs a bounded number of cases; ``GOVERNANCE_FUZZ_EXAMPLES=10000`` runs more.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import Governance
from governance.audit import take_digest
from governance.cli import main
from governance.demo import demo_files

EXAMPLES = int(os.environ.get("GOVERNANCE_FUZZ_EXAMPLES", "60"))
SEEDS = [(path.name, path.read_bytes()) for path in demo_files()]
_MINUTES = [name for name, text in SEEDS if b"kind: minutes" in text]
RECORDED = [name for name, _ in SEEDS if name not in _MINUTES] + _MINUTES[: len(_MINUTES) // 2]
# Mostly minutes not in the store yet, which recording checks furthest.
_SEED_FILES = st.sampled_from(
    [seed for seed in SEEDS if seed[0] not in RECORDED]
) | st.sampled_from(SEEDS)

# --- mutations of the documents ------------------------------------------------------

Document = Any
Path_ = tuple[str | int, ...]

_HUGE_NUMBERS = (10**20, -(10**20), 2**63, 99_999_999, -1, 0, 1e308, float("inf"))
_IMPOSSIBLE_DATES = ("2023-02-30", "2023-99-01", "0000-01-01", "10000-01-01", "231345")
_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(_HUGE_NUMBERS),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(_IMPOSSIBLE_DATES),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _places(node: Document, path: Path_ = ()) -> Iterator[Path_]:
    """Every path to a value inside ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from _places(value, (*path, index))


def _parent(document: Document, path: Path_) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


def _drop(draw: st.DrawFn, documents: list[Document]) -> None:
    document = draw(st.sampled_from(documents))
    places = list(_places(document))
    if places:
        path = draw(st.sampled_from(places))
        del _parent(document, path)[path[-1]]


def _retype(draw: st.DrawFn, documents: list[Document]) -> None:
    document = draw(st.sampled_from(documents))
    places = list(_places(document))
    if places:
        path = draw(st.sampled_from(places))
        _parent(document, path)[path[-1]] = draw(_JUNK)


def _mappings(node: Document) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)


def _add_key(draw: st.DrawFn, documents: list[Document]) -> None:
    mappings = list(_mappings(draw(st.sampled_from(documents))))
    if mappings:
        key = draw(st.sampled_from(("within_days", "count", "partial_years", "date", "xyzzy")))
        draw(st.sampled_from(mappings))[key] = draw(_JUNK)


_DOCUMENT_MUTATIONS: tuple[Callable[[st.DrawFn, list[Document]], None], ...] = (
    _drop,
    _retype,
    _add_key,
)

# --- mutations of the text -----------------------------------------------------------

_TAGS = (
    "!!python/object/apply:os.system ['true']",
    "!!binary aGVq",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!custom x",
    "!!int 'x'",
    "!!float 'y'",
    "!!timestamp 2023-02-30",
    "!!str",
    "!!map {}",
)
_INVALID_UTF8 = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80")


def _lines(text: bytes) -> list[bytes]:
    return text.split(b"\n")


def _duplicate_line(draw: st.DrawFn, text: bytes) -> bytes:
    lines = _lines(text)
    index = draw(st.integers(0, len(lines) - 1))
    return b"\n".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def _tag_a_value(draw: st.DrawFn, text: bytes) -> bytes:
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if b": " in line]
    if not candidates:
        return text
    index = draw(st.sampled_from(candidates))
    key, _, _ = lines[index].partition(b": ")
    lines[index] = key + b": " + draw(st.sampled_from(_TAGS)).encode()
    return b"\n".join(lines)


def _alias(draw: st.DrawFn, text: bytes) -> bytes:
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if re.match(rb"^\s*[a-z_]+: \S", line)]
    if len(candidates) < 2:
        return text
    first, second = sorted(draw(st.lists(st.sampled_from(candidates), min_size=2, max_size=2)))
    key, _, value = lines[first].partition(b": ")
    lines[first] = key + b": &x " + value
    other, _, _ = lines[second].partition(b": ")
    lines[second] = other + b": *" + draw(st.sampled_from((b"x", b"y")))
    return b"\n".join(lines)


def _billion_laughs(draw: st.DrawFn, text: bytes) -> bytes:
    laughs = [b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, draw(st.integers(2, 9))):
        laughs.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]".encode())
    return text + b"\n" + b"\n".join(laughs) + b"\n"


def _impossible_date(draw: st.DrawFn, text: bytes) -> bytes:
    """A date made impossible: anywhere, or (half the time) inside an id."""
    inside_ids = list(re.finditer(rb"(?<=/)\d{4}-\d{2}-\d{2}\b", text))
    anywhere = list(re.finditer(rb"\b\d{4}-\d{2}-\d{2}\b", text))
    in_an_id: bool = draw(st.booleans())
    found = inside_ids if inside_ids and in_an_id else anywhere
    if not found:
        return text
    where = draw(st.sampled_from(found))
    bad = draw(st.sampled_from((*_IMPOSSIBLE_DATES, "２０２３-01-01", "2023-1-1"))).encode()
    return text[: where.start()] + bad + text[where.end() :]


def _huge_number(draw: st.DrawFn, text: bytes) -> bytes:
    found = list(re.finditer(rb"(?<=: )\d+\b", text))
    huge = draw(st.sampled_from((b"9" * 5000, b"99999999", b"-1", b"1e400", b".nan", b"0x7f")))
    if not found:
        return text + b"\ncount: " + huge + b"\n"
    where = draw(st.sampled_from(found))
    return text[: where.start()] + huge + text[where.end() :]


def _binary(draw: st.DrawFn, text: bytes) -> bytes:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.binary(min_size=1, max_size=16)) + text[at:]


def _invalid_utf8(draw: st.DrawFn, text: bytes) -> bytes:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(_INVALID_UTF8)) + text[at:]


def _cut(draw: st.DrawFn, text: bytes) -> bytes:
    start = draw(st.integers(0, len(text)))
    return text[:start] + text[start + draw(st.integers(1, 200)) :]


_TEXT_MUTATIONS: tuple[Callable[[st.DrawFn, bytes], bytes], ...] = (
    _impossible_date,  # twice: the dates of ids are the likeliest to be hit by nothing else
    _duplicate_line,
    _tag_a_value,
    _alias,
    _billion_laughs,
    _impossible_date,
    _huge_number,
    _binary,
    _invalid_utf8,
    _cut,
)


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A sample minutes file, as YAML or JSON, with one to three mutations."""
    name, text = draw(_SEED_FILES)
    as_json = draw(st.booleans())
    if as_json or draw(st.booleans()):
        documents = [d for d in yaml.safe_load_all(text) if d is not None]
        for _ in range(draw(st.integers(0, 2))):
            draw(st.sampled_from(_DOCUMENT_MUTATIONS))(draw, documents)
        if as_json:
            data = documents[0] if len(documents) == 1 else documents
            text = json.dumps(data, default=str, ensure_ascii=draw(st.booleans())).encode()
            name = name.replace(".yaml", ".json")
        else:
            text = yaml.safe_dump_all(documents, allow_unicode=True, sort_keys=False).encode()
    for _ in range(draw(st.integers(0 if not as_json else 1, 2))):
        text = draw(st.sampled_from(_TEXT_MUTATIONS))(draw, text)
    return name, text


# --- the store and the command line --------------------------------------------------


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """A SQLite store holding the bodies, the mandates and half of the sample minutes."""
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "template.db"
        record = Governance(str(store))
        by_name = {path.name: path for path in demo_files()}
        for name in RECORDED:
            record.record_file(by_name[name])
        record.close()
        yield store


def _governance(*args: str) -> tuple[int, str]:
    """Run the command line in this process: its exit status and what it wrote to stderr.
    Any exception but the command line's own exit is a traceback, and fails the test."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        else:
            code = 0
    assert isinstance(code, int), code
    return code, err.getvalue()


def _fingerprint(store: Path) -> tuple[str, str]:
    """The store's bytes and its audit digest (the Merkle root of its log)."""
    record = Governance(str(store))
    root = take_digest(record).root
    record.close()
    return hashlib.sha256(store.read_bytes()).hexdigest(), root


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_files())
def test_a_mutated_file_is_recorded_or_refused_with_a_located_error(
    template: Path, mutated: tuple[str, bytes]
) -> None:
    name, text = mutated
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "governance.db"
        shutil.copyfile(template, store)
        file = Path(folder) / name
        file.write_bytes(text)
        before = _fingerprint(store)

        code, stderr = _governance("record", "--store", str(store), str(file))

        assert code in (0, 1), stderr
        if code == 1:
            assert stderr.startswith("error: "), stderr
            assert name in stderr.replace("\n", ""), stderr
            assert "Traceback" not in stderr
            assert _fingerprint(store) == before, "a refused file changed the store"
