"""The bundled sample minutes that ``governance demo`` records (see README.md here)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_files() -> list[Path]:
    """The bundled sample minutes, in recording order."""
    folder = resources.files("governance") / "demo"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml"))
