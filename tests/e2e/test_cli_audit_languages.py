"""What ``governance audit …`` and ``governance follow`` print is in the chosen language:
every line a person reads, the verifier's findings included; JSON stays English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.test_cli import BODIES, NOV_17
from tests.e2e.test_cli_minutes_errors import governance

#: What English output says that Swedish output never does.
ENGLISH = re.compile(
    r"\b(events?|error|key|root|time|tree size|signed|intact|matches|extends|exported|"
    r"written|check it|following|views|stopped|truncated|position \d+:|digest)\b"
)


def _run(folder: Path, lang: str, *args: str, code: int = 0) -> str:
    done = governance(folder, *args, lang=lang)
    assert done.returncode == code, done.stderr
    return done.stdout + done.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "nov.yaml").write_text(NOV_17, encoding="utf-8")
    for store in ("g.db", "short.db"):
        assert governance(tmp_path, "record", "--store", store, "bodies.yaml").returncode == 0
    assert governance(tmp_path, "record", "--store", "g.db", "nov.yaml").returncode == 0
    return tmp_path


def _session(folder: Path, lang: str) -> dict[str, str]:
    """Every audit command, and follow, in ``lang``, each in a folder of its own."""
    keys, digest, export = f"keys-{lang}", f"digest-{lang}.json", f"export-{lang}"
    key, public = f"{keys}/digest-key.pem", f"{keys}/digest-key.pub.pem"
    return {
        "keygen": _run(folder, lang, "audit", "keygen", keys),
        "digest": _run(
            folder, lang, "audit", "digest", "--store", "g.db", "--sign", key, "-o", digest
        ),
        "verify": _run(
            folder, lang, "audit", "verify", "--store", "g.db", "--digest", digest, "--key", public
        ),
        "consistency": _run(folder, lang, "audit", "consistency", digest, "--store", "g.db"),
        "export": _run(folder, lang, "audit", "export", export, "--store", "g.db"),
        "verify export": _run(folder, lang, "audit", "verify", export, "--digest", digest),
        "truncated": _run(
            folder, lang, "audit", "consistency", digest, "--store", "short.db", code=1
        ),
        "not intact": _run(
            folder, lang, "audit", "verify", "--store", "short.db", "--digest", digest, code=1
        ),
        "both": _run(folder, lang, "audit", "verify", export, "--store", "g.db", code=2),
        "follow": _run(folder, lang, "follow", "--store", "g.db", "--once"),
        "follow again": _run(folder, lang, "follow", "--store", "g.db", "--once"),
    }


def test_audit_and_follow_speak_the_chosen_language(folder: Path) -> None:
    english, swedish = _session(folder, "C.UTF-8"), _session(folder, "sv_SE.UTF-8")

    for step, text in swedish.items():
        assert text.strip(), step
        words = re.sub(r"\S*[/.]\S*|--\S+|\b[0-9a-f]{64}\b", "", text)  # files, options, roots
        assert not ENGLISH.search(words), (step, text)
        assert len(text.splitlines()) == len(english[step].splitlines()), step
    assert swedish["keygen"].startswith("privat nyckel: keys-sv_SE.UTF-8/digest-key.pem (håll")
    assert english["keygen"].startswith("private key: keys-C.UTF-8/digest-key.pem (keep")
    assert swedish["verify"].startswith("intakt: 9 händelser, rot ")
    assert english["verify"].startswith("intact: 9 events, root ")
    assert "signaturen på digest-sv_SE.UTF-8.json: giltig" in swedish["verify"]
    assert swedish["consistency"].startswith("konsistent: loggen med 9 händelser")
    assert swedish["truncated"].startswith("loggen har kortats: den har 2 händelser")
    assert english["truncated"].startswith("the log was truncated: it has 2 events")
    assert swedish["not intact"].startswith("inte intakt: position 1: ändrad: inte den händelse")
    assert english["not intact"].startswith("not intact: position 1: changed: not the event")
    assert "  även position 3: kortad: loggen slutar vid position 2;" in swedish["not intact"]
    assert swedish["follow"].splitlines()[-1].startswith("vyerna aktuella vid position 9")
    assert english["follow"].splitlines()[-1].startswith("views current at position 9")
    assert "Fel: Ogiltigt värde: ange en exportmapp eller --store, inte båda" in swedish["both"]


def test_consistency_json_stays_english(folder: Path) -> None:
    assert governance(folder, "audit", "digest", "--store", "g.db", "-o", "d.json").returncode == 0

    swedish = governance(
        folder,
        "audit",
        "consistency",
        "d.json",
        "--store",
        "short.db",
        "--json",
        lang="sv_SE.UTF-8",
    )

    assert swedish.returncode == 1
    assert json.loads(swedish.stdout)["message"].startswith("the log was truncated: it has 2")
