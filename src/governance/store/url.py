"""Store URLs: one string chooses where the record lives.

- ``memory:`` — in memory, gone when the process ends (eventsourcing's POPO module);
- a file path, or ``sqlite:///path`` — an SQLite file (the default is ``governance.db``);
- ``postgresql://user[:password]@host[:port]/db[?schema=…]`` — PostgreSQL (psycopg 3).

The URL becomes eventsourcing environment settings (``PERSISTENCE_MODULE`` and the
module's own keys). Settings given explicitly win, so any persistence module
eventsourcing supports can be configured without a URL.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from governance.domain.errors import GovernanceError
from governance.store._sqlite import LOCK_TIMEOUT

DEFAULT_STORE = "governance.db"
STORE_VARIABLE = "GOVERNANCE_STORE"


class StoreURLError(GovernanceError):
    """A store URL that cannot be used."""


def default_store() -> str:
    return os.environ.get(STORE_VARIABLE) or DEFAULT_STORE


def store_settings(url: str) -> dict[str, str]:
    """The eventsourcing settings for a store URL."""
    if url in ("memory:", "memory://"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres_settings(url)
    if url.startswith("sqlite://"):
        # As in SQLAlchemy: sqlite:///relative.db, sqlite:////absolute.db
        url = unquote(urlsplit(url).path)[1:]
    if "://" in url:
        raise StoreURLError(
            f"unknown store URL '{url}': expected memory:, a SQLite file path, or "
            "postgresql://user@host/db"
        )
    return _sqlite_settings(url)


def _sqlite_settings(path: str) -> dict[str, str]:
    if not path:
        raise StoreURLError("the SQLite store needs a file path")
    folder = Path(path).expanduser().resolve().parent
    if not folder.is_dir():
        raise StoreURLError(f"cannot create the store '{path}': folder {folder} does not exist")
    if Path(path).is_dir():
        raise StoreURLError(f"the store '{path}' is a folder; give a file path")
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(path),
        "APPLICATION_RECORDER_TOPIC": "governance.store._index:SQLiteIndexedRecorder",
    }
    # Writers wait for each other (see governance.store._sqlite); a timeout set in the
    # environment wins, as eventsourcing's own settings do.
    if not {"SQLITE_LOCK_TIMEOUT", "GOVERNANCE_SQLITE_LOCK_TIMEOUT"} & set(os.environ):
        settings["SQLITE_LOCK_TIMEOUT"] = str(LOCK_TIMEOUT)
    return settings


def _postgres_settings(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    dbname = parts.path.lstrip("/")
    if not parts.hostname or not dbname:
        raise StoreURLError(
            f"incomplete PostgreSQL URL '{redact(url)}': expected "
            "postgresql://user[:password]@host[:port]/database"
        )
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(dbname),
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "APPLICATION_RECORDER_TOPIC": "governance.store._index_postgres:PostgresIndexedRecorder",
    }
    # A password in the URL wins; otherwise one from the environment stays visible
    # (eventsourcing needs the key to exist, if only empty, as for trust authentication).
    if parts.password:
        settings["POSTGRES_PASSWORD"] = unquote(parts.password)
    elif not {"POSTGRES_PASSWORD", "GOVERNANCE_POSTGRES_PASSWORD"} & set(os.environ):
        settings["POSTGRES_PASSWORD"] = ""
    query = parse_qs(parts.query)
    if "schema" in query:
        settings["POSTGRES_SCHEMA"] = query["schema"][-1]
    return settings


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
