"""The report for the chiefs in a real browser: Debian's chromium, headless.

The page loads with no console message and no network request, a screenshot is taken,
it prints on A4, and the figures in its tables equal ``status --json`` for the same date.
The browser checks are shown to catch a page that does log or fetch something.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from governance import Governance, parse_file
from governance.audit import take_digest
from governance.demo import demo_files
from tests.e2e.test_cli import governance

AS_OF = "2024-12-31"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--enable-logging=stderr",
    "--v=0",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        reason = "chromium is not installed (.ci/run installs it with apt-get)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


def _governance(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``governance ARGS``, raising on a non-zero exit (a report takes a while under load)."""
    return governance(cwd, *args, timeout=600, check=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo in a SQLite file, and its report as of 2024-12-31."""
    folder = tmp_path_factory.mktemp("report")
    record = Governance(str(folder / "demo.db"))
    record.record_minutes(*(parse_file(path) for path in demo_files()))
    record.close()
    _governance(folder, "report", "--store", "demo.db", "--as-of", AS_OF, "--output", "r.html")
    _governance(
        folder,
        "report",
        "--store",
        "demo.db",
        "--as-of",
        AS_OF,
        "--output",
        "r-sv.html",
        "--lang",
        "sv",
    )
    return folder


class _Browsed:
    def __init__(self, stderr: str, netlog: Path) -> None:
        self.console = [line for line in stderr.splitlines() if ":CONSOLE" in line]
        self.requests = _page_requests(json.loads(netlog.read_text(encoding="utf-8")))


def _page_requests(netlog: dict[str, Any]) -> list[str]:
    """The URLs the page asked the network for (not the browser's own housekeeping:
    those are not made on behalf of a file:// page)."""
    start = netlog["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in netlog["events"]
        if event["type"] == start
        and "file://" in event["params"].get("network_isolation_key", "")
        and not event["params"]["url"].startswith(("file:", "data:"))
    ]


def _browse(chromium: str, page: Path, folder: Path, *extra: str) -> _Browsed:
    netlog = folder / f"{page.stem}-net.json"
    done = subprocess.run(
        [chromium, *FLAGS, f"--log-net-log={netlog}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return _Browsed(done.stderr, netlog)


def test_the_browser_checks_catch_console_messages_and_requests(
    chromium: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><title>bad</title><body>'
        '<img src="http://192.0.2.1/x.png" alt="">'
        '<script>console.error("broken")</script></body></html>',
        encoding="utf-8",
    )

    browsed = _browse(chromium, bad, tmp_path, f"--screenshot={tmp_path / 'bad.png'}")

    assert any("broken" in line for line in browsed.console)
    assert browsed.requests == ["http://192.0.2.1/x.png"]


def test_the_report_loads_offline_without_console_messages(chromium: str, demo: Path) -> None:
    screenshot = demo / "report.png"

    browsed = _browse(
        chromium,
        demo / "r.html",
        demo,
        f"--screenshot={screenshot}",
        "--window-size=1000,2400",
    )

    assert browsed.console == []
    assert browsed.requests == []
    with Image.open(screenshot) as image:
        assert image.size == (1000, 2400)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None
        assert len(colours) > 50  # text and charts, not a blank page


def test_the_report_prints_on_a4(chromium: str, demo: Path) -> None:
    pdf = demo / "r.pdf"
    subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            (demo / "r.html").as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )

    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes
    for width, height in boxes:  # A4 is 595 x 842 points
        assert abs(float(width) - 595.3) < 2
        assert abs(float(height) - 841.9) < 2


class _Tables(HTMLParser):
    """The compliance tables' cells, the charts and the foot of the DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, dict[int, dict[str, str]]] = {}
        self.svgs: list[dict[str, str | None]] = []
        self.foot: dict[str, str | None] = {}
        self.lang: str | None = None
        self._body: str | None = None
        self._year: int | None = None
        self._key: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        elif tag == "table" and found.get("class") == "compliance":
            self._body = found["data-body"]
            self.figures[self._body or ""] = {}
        elif tag == "tr" and self._body and found.get("data-year"):
            self._year = int(found["data-year"] or 0)
            self.figures[self._body][self._year] = {}
        elif tag == "td" and self._year is not None and found.get("data-key"):
            self._key, self._text = found["data-key"], ""
        elif tag == "svg":
            self.svgs.append(found)
        elif tag == "footer":
            self.foot = found

    def handle_data(self, data: str) -> None:
        if self._key is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._key is not None:
            assert self._body is not None
            assert self._year is not None
            self.figures[self._body][self._year][self._key] = self._text
            self._key = None
        elif tag == "table":
            self._body, self._year = None, None


def _expected(status: dict[str, Any]) -> dict[int, dict[str, str]]:
    """The figures per year, counted from ``status --json`` of one body."""
    years: dict[int, list[dict[str, Any]]] = {}
    for row in status["obligations"]:
        year = int(row["due_on"][:4]) if row["kind"] == "report" else int(row["period"][:4])
        years.setdefault(year, []).append(row)
    figures = {}
    for year, rows in years.items():
        meetings = [r for r in rows if r["kind"] == "minimum_meetings"]
        minutes = [r for r in rows if r["kind"] == "submit_minutes"]
        reports = [r for r in rows if r["kind"] == "report"]
        reviews = [r for r in rows if r["kind"] == "review"]
        figures[year] = {
            "meetings_held": str(meetings[0].get("count", 0)) if meetings else "",
            "meetings_minimum": str(meetings[0]["required"]) if meetings else "",
            "minutes_on_time": str(
                sum(1 for r in minutes if r["status"] == "fulfilled" and not r.get("late"))
            ),
            "minutes_due": str(len(minutes)),
            "reports_delivered": str(sum(1 for r in reports if r["status"] == "fulfilled")),
            "reports_due": str(len(reports)),
            "review": reviews[0]["status"] if reviews else "",
        }
    return figures


def _dom(chromium: str, page: Path) -> _Tables:
    dom = subprocess.run(
        [chromium, *FLAGS, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    tables = _Tables()
    tables.feed(dom)
    return tables


def test_the_figures_in_the_tables_equal_status_json(chromium: str, demo: Path) -> None:
    tables = _dom(chromium, demo / "r.html")

    assert tables.lang == "en"
    expected = {}
    for body in ("chiefs", "gy", "im", "vux"):
        status = json.loads(
            _governance(
                demo, "status", "--store", "demo.db", "--as-of", AS_OF, "--body", body, "--json"
            ).stdout
        )
        if status["obligations"]:
            expected[body] = _expected(status)
    assert set(expected) == {"gy", "im"}  # the bodies with a mandate
    assert tables.figures == expected
    # every chart is an image with a text alternative
    assert tables.svgs
    assert all(svg.get("role") == "img" and svg.get("aria-labelledby") for svg in tables.svgs)
    record = Governance(str(demo / "demo.db"))
    digest = take_digest(record, leaves=False)
    assert tables.foot["data-position"] == str(record.log_position())
    assert tables.foot["data-root"] == digest.root
    record.close()


def test_the_swedish_report_loads_offline_with_the_same_figures(chromium: str, demo: Path) -> None:
    browsed = _browse(
        chromium,
        demo / "r-sv.html",
        demo,
        f"--screenshot={demo / 'report-sv.png'}",
        "--window-size=1000,2400",
    )
    english, swedish = _dom(chromium, demo / "r.html"), _dom(chromium, demo / "r-sv.html")

    assert browsed.console == []
    assert browsed.requests == []
    assert (english.lang, swedish.lang) == ("en", "sv")
    reviews = {"fulfilled": "uppfylld", "overdue": "försenad", "due": "aktuell", "": ""}
    for body, years in english.figures.items():
        for year, cells in years.items():
            expected = cells | {"review": reviews[cells["review"]]}
            assert swedish.figures[body][year] == expected
    assert len(swedish.svgs) == len(english.svgs)
