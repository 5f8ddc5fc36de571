"""libyaml composes minutes as PyYAML's pure-Python loader does: the same nodes, with the
same lines and columns, and ``load_yaml`` the same documents, lines and problems.

The text libyaml reads otherwise (``_PURE_ONLY``) and every text it refuses go to the
pure loader, so errors are explained from the loader that always explained them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode

from governance.minutes import _load

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

ROOT = Path(__file__).resolve().parents[2]

DOCUMENTS = [
    "kind: minutes\nbody: im\nmeeting:\n  date: 2023-11-17\n  place: Tidaholm\n",
    # Swedish text, quoted and plain, with escapes
    "title: Årsmöte för förskolechefer i Göteborgsregionen\n"
    "notes: 'Ärendet bordlades; åtgärd: Åsa Öberg'\n"
    'quoted: "Överenskommelse \\u00e5\\t\\"citat\\" \\x41"\n',
    "- Ökad tillgänglighet\n- ärende 7a\n-\n- - ö\n  - ä\n",
    # block scalars, folded and literal, with chomping and indentation indicators
    "decision: |\n  Nämnden beslutar\n  att bifalla.\n\n  Rad två.\nnext: >-\n  vikt\n  text\n",
    "a: |2\n    indraget\n  text\nb: >+\n  behåll\n\nc: x\n",
    # multi-line plain and quoted scalars
    "title: en titel som\n  fortsätter på nästa rad\nq: 'en\n\n  två'\n",
    # anchors, aliases and merge keys
    "base: &b {mode: distans, place: Skövde}\nother:\n  <<: *b\n  place: Borås\nlist: [*b, *b]\n",
    # several documents, an empty one, comments and document ends
    "---\nkind: body\nid: im  # kommentar\n...\n---\n---\n# bara kommentar\nkind: minutes\n---\n",
    # values resolved to dates, numbers, booleans, nulls
    "d: 2023-02-30\nn: 050317\nt: 9:30\nb: yes\nz: ~\ne:\nf: 1.5e3\ni: -12\n",
    # flow collections over lines, empty ones
    "present: [Karin Berg,\n  Per Lind, {name: Åke, roles: [ordförande]}]\nnone: []\nempty: {}\n",
    # line breaks: CRLF, NEL and line separator
    "a: ett\r\nb: två\r\n",
    "a: ett\x85b: två\u2028c: tre\n",
    # a title with a question mark, as in the benchmark's files
    "items:\n  - number: '5'\n    title: AI, hur arbetar vi med det?\n",
    "key with spaces: värde\n'quoted key': 1\n\"dq\": 2\n",
    "%YAML 1.1\n---\nå: ö\n",
]


def _nodes(text: str, loader: type) -> object:
    """The shapes of the documents of ``text``, or that the loader refused it."""
    try:
        return [_shape(node, {}) for node in yaml.compose_all(text, Loader=loader)]
    except yaml.YAMLError:
        return "refused"


def _shape(node: Node, seen: dict[int, int]) -> object:
    """A node's kind, tag, value and start line and column, and those of its children."""
    if id(node) in seen:  # an alias: the node it refers to
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        if node.value == "" and node.tag == "tag:yaml.org,2002:null" and not node.style:
            # An empty document or value: libyaml marks it where the next token starts,
            # which load_yaml never uses (it skips empty documents and records lines only
            # for keys and sequence elements, which libyaml marks alike).
            return ("empty",)
        return ("scalar", node.tag, node.value, mark)
    if isinstance(node, MappingNode):
        pairs = [(_shape(key, seen), _shape(value, seen)) for key, value in node.value]
        return ("map", node.tag, mark, pairs)
    return ("seq", node.tag, mark, [_shape(child, seen) for child in node.value])


def _problems(text: str) -> tuple[object, ...]:
    documents, problems = _load.load_yaml(text, "x.yaml")
    return (
        [(document.number, document.data, dict(document.lines)) for document in documents],
        [
            (str(p.message), p.document, tuple(p.path), p.line, p.column, p.excerpt)
            for p in problems
        ],
    )


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _problems(text)
    with monkeypatch.context() as patch:
        patch.setattr(_load, "_FAST_LOADER", None)
        pure = _problems(text)
    return fast, pure


def _repository_yaml() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*.yaml", "*.yml"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    return [ROOT / name for name in listed] or sorted(ROOT.glob("**/*.yaml"))


def _docs_yaml() -> list[str]:
    return re.findall(
        r"```yaml[^\n]*\n(.*?)```", (ROOT / "docs/minutes-format.md").read_text(), re.S
    )


def test_the_fast_loader_is_used_for_minutes() -> None:
    assert _load._FAST_LOADER is yaml.CSafeLoader
    assert isinstance(_load._compose(DOCUMENTS[0]), list)  # composed by libyaml


@pytest.mark.parametrize("text", DOCUMENTS + _docs_yaml())
def test_both_loaders_compose_the_same_nodes(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _load._PURE_ONLY.search(text) is None or "?" in text or "!" in text
    assert _nodes(text, yaml.CSafeLoader) == _nodes(text, yaml.SafeLoader)
    fast, pure = _both(text, monkeypatch)
    assert fast == pure


def test_the_repository_yaml_files_compose_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = _repository_yaml()
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        assert _nodes(text, yaml.CSafeLoader) == _nodes(text, yaml.SafeLoader), path
        fast, pure = _both(text, monkeypatch)
        assert fast == pure, path


@pytest.mark.parametrize(
    "text",
    [
        "a:\tb\n",  # libyaml reads a tab after the colon; PyYAML refuses it
        "title: Budget: 2024\n",
        "a: 'öppen\n",
        "a: [1, 2\nb: 3\n",
        "a: \x07\n",
        "a: \ud800\n",  # libyaml cannot even take it (not UTF-8)
        "a: |#x\n  b\n",
        "- !x y\n",
        "\n-  ?\n",
        "a: b\ufeffc: d\n",
        "k: " + "[" * 200 + "]" * 200 + "\n",  # deeper than the fast path composes
        "k: " + "[" * 1200 + "]" * 1200 + "\n",  # deeper than either loader takes
        "a: 1\n---\nb: [\n---\nc: 3\n",
        "a:\n  b: 1\n   c: 2\n",
    ],
)
def test_refusals_and_differences_are_the_pure_loaders(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, pure = _both(text, monkeypatch)
    assert fast == pure


_PIECES = st.sampled_from(
    [
        *"aab :-\n[]{},\"'#&*!|>?%.1\t\\",
        ": ",
        "- ",
        "\n  ",
        "\n    ",
        "---\n",
        "...\n",
        "&x ",
        "*x",
        "!!str ",
        "<<: ",
        "å",
        "ö",
        "Ä",
        "0",
        "\r\n",
        "|\n",
        "|-\n",
        ">\n",
        "\n- ",
        "\x85",
        "\u2028",
        "\ufeff",
        "2023-01-01",
        "12:30",
        "~",
        "? ",
        "kind: ",
        "title: ",
        "items:\n  - ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_loads_the_same_with_and_without_libyaml(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, pure = _both(text, monkeypatch)
    assert fast == pure
