"""The benchmarks never rot: the synthetic region is deterministic and valid, and the
benchmark code runs end to end at a tiny size (``python -m benchmarks`` in miniature)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import attrs
import pytest
from benchmarks.__main__ import Plan, run, table, write_report
from benchmarks.region import RegionSpec, Transaction, transactions, write_minutes

from governance import Governance, parse_file
from governance.domain.commands import CorrectMinutes

TINY = RegionSpec(seed=7, years=2)


def test_the_region_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    first = list(transactions(TINY))

    assert first == list(transactions(TINY))
    assert first != list(transactions(attrs.evolve(TINY, seed=8)))


def test_a_bigger_region_begins_with_the_smaller_one() -> None:
    one = [t for t in transactions(TINY) if t.name.startswith("r000/")]
    two = [t for t in transactions(attrs.evolve(TINY, regions=2)) if t.name.startswith("r000/")]

    assert one == two


def test_the_region_cuts_at_an_event_count() -> None:
    cut = list(transactions(TINY, max_events=500))

    assert 450 < sum(t.events for t in cut) <= 500


def test_every_file_is_accepted_and_records_the_events_counted(tmp_path: Path) -> None:
    spec = attrs.evolve(TINY, correction_rate=0.2)
    record = Governance(str(tmp_path / "region.db"))
    recorded: list[Transaction] = []
    for transaction in transactions(spec):
        outcome = record.record(*transaction.commands, source=transaction.name)
        assert len(outcome.events) == transaction.events, transaction.name
        recorded.append(transaction)

    assert any(isinstance(t.commands[0], CorrectMinutes) for t in recorded)
    assert record.log_position() == sum(t.events for t in recorded)
    record.close()


def test_minutes_files_read_back_as_the_same_commands(tmp_path: Path) -> None:
    spec = attrs.evolve(TINY, correction_rate=0.2)
    paths = write_minutes(spec, tmp_path)

    for path, transaction in zip(paths, transactions(spec), strict=True):
        expected = tuple(
            c.minutes if isinstance(c, CorrectMinutes) else c for c in transaction.commands
        )
        assert tuple(d.command for d in parse_file(path).documents) == expected, path.name


def test_a_region_needs_a_region_and_a_year() -> None:
    with pytest.raises(ValueError, match="at least one region"):
        RegionSpec(regions=0)


def test_the_benchmarks_run_at_a_tiny_size(tmp_path: Path) -> None:
    plan = Plan(
        mode="tiny",
        sizes=(600,),
        window=60,
        repeats=1,
        as_of_size=600,
        memory_sizes=(300, 600),
        postgres_sizes=(),
        bulk_events=300,
        bulk_repeats=1,
        startup_runs=2,
        status_runs=2,
    )

    results = run(plan, seed=7, use_cache=False, postgres=False)
    report = write_report(
        tmp_path / "latest.json",
        plan,
        results,
        command="tiny",
        started=datetime.now().astimezone(),
    )

    names = {r.figure for r in results}
    ratios = (
        "recording",
        "recording, views kept",
        "rebuild",
        "as-of",
        "start --help",
        "start --version",
        "status process",
        "bulk import",
        "bulk import last/first",
    )
    assert {*ratios, "first file", "peak memory status", "peak memory recording"} <= names
    assert {"history-item", "status-overdue", "status rows floor"} <= names
    assert all(r.ratio is not None and r.ratio > 0 for r in results if r.figure in ratios)
    peaks = [r for r in results if r.figure.startswith("peak memory")]
    assert (
        sorted(r.figure for r in peaks)
        == ["peak memory recording"] * 2 + ["peak memory status"] * 2
    )
    assert all(r.subject is not None and r.subject > 0 for r in peaks)
    assert "recording" in table(results)
    assert json.loads((tmp_path / "latest.json").read_text())["figures"] == report["figures"]
