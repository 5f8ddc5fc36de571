"""``python -m benchmarks [--quick | --full]``: measure, print the table, write the JSON.

See ``docs/performance.md`` for what each figure measures and its baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import attrs

from benchmarks import figures
from benchmarks.figures import Figure
from benchmarks.logs import (
    Log,
    PostgresBackend,
    SQLiteBackend,
    build,
    minutes_files,
    on_postgres,
    postgres_backend,
    quiet_logging,
)
from benchmarks.region import spec_for

RESULTS = Path(__file__).parent / "results"


@dataclass(frozen=True)
class Plan:
    """What one mode measures: log sizes in events, and how often."""

    mode: str
    sizes: tuple[int, ...]
    window: int
    repeats: int
    as_of_size: int
    #: Log sizes of the peak memory of status and of recording (logs are built for them).
    memory_sizes: tuple[int, ...]
    postgres_sizes: tuple[int, ...]
    #: Events of the minutes files of the bulk import (one ``governance record`` call).
    bulk_events: int
    bulk_repeats: int
    #: How often ``governance --help`` and ``--version`` are started, each.
    startup_runs: int = 20
    #: How often ``governance status`` and ``--version`` are started, each.
    status_runs: int = 10

    def repeats_at(self, size: int) -> int:
        return 1 if size >= 500_000 else self.repeats


PLANS = {
    "quick": Plan(
        mode="quick",
        sizes=(10_000,),
        window=500,
        repeats=3,
        as_of_size=10_000,
        memory_sizes=(2_500, 5_000, 10_000),
        postgres_sizes=(10_000,),
        bulk_events=1_000,
        bulk_repeats=3,
        status_runs=5,
    ),
    "medium": Plan(
        mode="medium",
        sizes=(10_000, 100_000),
        window=1_000,
        repeats=3,
        as_of_size=100_000,
        memory_sizes=(10_000, 30_000, 100_000),
        postgres_sizes=(100_000,),
        bulk_events=20_000,
        bulk_repeats=1,
    ),
    "full": Plan(
        mode="full",
        sizes=(10_000, 100_000, 1_000_000),
        window=1_000,
        repeats=3,
        as_of_size=100_000,
        memory_sizes=(10_000, 100_000, 1_000_000),
        postgres_sizes=(100_000, 1_000_000),
        bulk_events=100_000,
        bulk_repeats=1,
    ),
}


def _progress(message: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def run(plan: Plan, *, seed: int, use_cache: bool, postgres: bool) -> list[Figure]:
    results: list[Figure] = []
    pg: PostgresBackend | None = None
    pg_note = "skipped (--no-postgres)"
    if postgres and plan.postgres_sizes:
        found = postgres_backend()
        if isinstance(found, str):
            pg_note = f"skipped: {found}"
        else:
            pg = found
    _progress(
        f"the command line's start: governance --help and --version, {plan.startup_runs} runs"
    )
    results.extend(figures.startup(plan.startup_runs))
    with tempfile.TemporaryDirectory(prefix="governance-bench-") as folder:
        sqlite = SQLiteBackend(Path(folder))
        logs: dict[int, Log] = {}

        def log_of(size: int) -> Log:
            if size not in logs:
                _progress(f"building a log of {size:,} events (cached after the first run)")
                logs[size] = build(
                    spec_for(size, seed=seed), size, plan.window, sqlite, use_cache=use_cache
                )
            return logs[size]

        largest: Log | None = None
        try:
            for size in plan.sizes:
                log = log_of(size)
                repeats = plan.repeats_at(size)
                _progress(f"{log.size:,} events: recording")
                results.append(figures.recording(log, repeats))
                results.append(figures.recording_with_views(log, repeats))
                results.append(figures.first_file(log, repeats))
                _progress(f"{log.size:,} events: rebuild")
                results.append(figures.rebuild(log, repeats))
                _progress(f"{log.size:,} events: status through the registers")
                results.extend(figures.registers(log, repeats))
                results.append(figures.status_floor(log, repeats))
                if size == plan.as_of_size:
                    _progress(f"{log.size:,} events: status as of a past date")
                    results.append(figures.as_of(log, repeats))
                if pg is not None and size in plan.postgres_sizes:
                    _progress(f"{log.size:,} events: copying into PostgreSQL {pg.database}")
                    pg_log = on_postgres(log, pg)
                    _progress(f"{log.size:,} events: PostgreSQL recording and rebuild")
                    results.append(figures.recording(pg_log, repeats))
                    results.append(figures.rebuild(pg_log, repeats))
                    results.extend(figures.registers(pg_log, repeats))
                largest = log
            assert largest is not None
            _progress(f"{largest.size:,} events: audit verify")
            results.append(figures.audit(largest, plan.repeats_at(largest.size)))
            _progress(f"{largest.size:,} events: governance status as a whole process")
            results.append(figures.status_process(largest, plan.status_runs))
            _progress("peak memory of status, each in a fresh interpreter")
            results.extend(figures.memory_status(largest, plan.memory_sizes))
            _progress("peak memory of recording the window, each in a fresh interpreter")
            results.extend(figures.memory_recording([log_of(s) for s in plan.memory_sizes]))
            _progress(f"bulk import: minutes files of {plan.bulk_events:,} events")
            paths = minutes_files(
                attrs.evolve(spec_for(plan.bulk_events, seed=seed), correction_rate=0),
                plan.bulk_events,
                Path(folder) / "minutes",
                use_cache=use_cache,
            )
            _progress(f"bulk import: one governance record of {len(paths):,} files")
            results.extend(figures.bulk_import(paths, sqlite, plan.bulk_repeats))
        finally:
            if pg is not None:
                pg.close()
    if pg is None and plan.postgres_sizes:
        results.append(
            Figure(
                "recording",
                "postgres",
                0,
                "events/s",
                None,
                None,
                None,
                f">= {figures.RECORDING_TARGETS['postgres']}",
                None,
                pg_note,
            )
        )
    return results


# --- the table ---------------------------------------------------------------------------


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    match unit:
        case "events/s":
            return f"{value:,.0f}/s"
        case "MB":
            return f"{value:,.0f} MB"
        case _:
            return f"{value:.3f} s"


def table(results: Sequence[Figure]) -> str:
    header = ("figure", "store", "events", "governance", "baseline", "ratio", "target", "")
    rows = [header]
    for result in results:
        verdict = {True: "ok", False: "MISSED", None: ""}[result.met]
        rows.append(
            (
                result.figure,
                result.backend,
                f"{result.events:,}" if result.events else "-",
                _value(result.subject, result.unit),
                _value(result.baseline, result.unit),
                "-" if result.ratio is None else f"{result.ratio:.2f}",
                result.target,
                verdict,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    notes = [f"- {r.figure} ({r.backend}, {r.events:,}): {r.note}" for r in results if r.note]
    return "\n".join([*lines, "", *notes])


def machine() -> dict[str, object]:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(
                ["git", *args], capture_output=True, text=True, check=True, cwd=RESULTS.parent
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "eventsourcing": metadata.version("eventsourcing"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--", "src")),
    }


def write_report(
    path: Path, plan: Plan, results: Sequence[Figure], *, command: str, started: datetime
) -> dict[str, object]:
    """Write the figures as JSON to ``path``; the report written."""
    report: dict[str, object] = {
        "command": command,
        "mode": plan.mode,
        "date": started.isoformat(timespec="seconds"),
        "seconds": round((datetime.now(UTC) - started).total_seconds(), 1),
        "machine": machine(),
        "figures": [asdict(result) for result in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="10 thousand events, under a minute")
    size.add_argument("--full", action="store_true", help="up to 1 million events")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the synthetic region")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--no-cache", action="store_true", help="build every log afresh")
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "latest.json", help="where to write the JSON"
    )
    args = parser.parse_args(argv)
    plan = PLANS["quick" if args.quick else "full" if args.full else "medium"]
    quiet_logging()
    started = datetime.now(UTC)
    results = run(plan, seed=args.seed, use_cache=not args.no_cache, postgres=not args.no_postgres)
    command = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    report = write_report(args.output, plan, results, command=command, started=started)
    sys.stdout.write(table(results) + "\n")
    sys.stdout.write(f"\n{command}: {report['seconds']} s; written to {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
