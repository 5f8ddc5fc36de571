"""An embedding program stays quiet: the library's log lines reach only a program that
asked for them, through the standard library's logger ``governance``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.e2e.test_cli import BODIES, NOV_17

RECORD_AND_PRINT = """
import json
from governance import Governance, parse_file

record = Governance("embedded.db")
outcomes = record.record_minutes(parse_file("bodies.yaml"), parse_file("nov.yaml"))
print(json.dumps({"events": sum(len(o.events) for o in outcomes)}))
"""


def _program(folder: Path, setup: str) -> subprocess.CompletedProcess[str]:
    (folder / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (folder / "nov.yaml").write_text(NOV_17, encoding="utf-8")
    source = textwrap.dedent(setup) + RECORD_AND_PRINT
    return subprocess.run(
        [sys.executable, "-c", source],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_program_that_configures_no_logging_prints_only_its_own_output(
    tmp_path: Path,
) -> None:
    done = _program(tmp_path, "")

    assert done.returncode == 0, done.stderr
    assert done.stdout == json.dumps({"events": 9}) + "\n"
    assert done.stderr == ""


def test_a_program_that_configures_logging_sees_the_lines_of_the_governance_logger(
    tmp_path: Path,
) -> None:
    done = _program(
        tmp_path,
        """
        import logging, sys
        logging.basicConfig(
            stream=sys.stderr, level=logging.INFO, format="%(name)s %(message)s %(events)s"
        )
        """,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == json.dumps({"events": 9}) + "\n"
    assert "governance governance.minutes_recorded 9" in done.stderr.splitlines()


def test_a_program_that_configures_structlog_sees_the_lines(tmp_path: Path) -> None:
    done = _program(
        tmp_path,
        """
        import sys, structlog
        structlog.configure(
            processors=[structlog.processors.KeyValueRenderer(key_order=["event"])],
            logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        )
        """,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == json.dumps({"events": 9}) + "\n"
    assert "event='governance.minutes_recorded'" in done.stderr
