"""A first look at a store before eventsourcing opens it, so that a store that cannot be
opened is reported at once and in its own words.

eventsourcing 9.5.6 reports a PostgreSQL server it cannot reach, a missing database or a
missing role only as its pool's timeout ("couldn't get a connection after 30.00 sec"),
after ``POSTGRES_CONNECT_TIMEOUT`` seconds; and an SQLite file that is not a database as
an unwrapped ``sqlite3.DatabaseError``.

Nothing here opens the SQLite file itself: on POSIX, closing any descriptor of a file
releases every lock the process holds on it, including those of SQLite connections still
open in the same process (SQLite's "How To Corrupt An SQLite Database File", 2.2), so a
plain ``open()`` and ``close()`` beside live connections can corrupt the store. The file
is looked at through SQLite, which shares its locks among its own connections.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from eventsourcing.utils import Environment

from governance.domain.messages import Message, msg
from governance.store.url import LIBPQ_PARAMETERS

#: Seconds to wait for PostgreSQL when ``POSTGRES_CONNECT_TIMEOUT`` is not set.
CONNECT_TIMEOUT = 5


def store_problem(name: str, settings: Mapping[str, str]) -> Message | str | None:
    """Why the store cannot be opened, in one line; None if no problem was found.

    ``settings`` are the ones given to the application; as in eventsourcing, they win
    over the environment, and a key prefixed with the application ``name`` wins over both.
    """
    env = Environment(name, {**_environ(), **settings})
    module = env.get("PERSISTENCE_MODULE")
    if module == "eventsourcing.sqlite":
        return _sqlite_problem(env.get("SQLITE_DBNAME") or "")
    if module == "eventsourcing.postgres":
        return _postgres_problem(env)
    return None


def record_is_missing(name: str, settings: Mapping[str, str]) -> bool:
    """Whether the store holds no record yet: no event, or not even its table (opening
    it would create an empty one). Always so for a store in memory; a persistence module
    other than SQLite and PostgreSQL is taken to hold one.
    """
    env = Environment(name, {**_environ(), **settings})
    module = env.get("PERSISTENCE_MODULE")
    if module == "eventsourcing.popo":
        return True
    if module == "eventsourcing.sqlite":
        # eventsourcing 9.5.6 names the SQLite table the same for every application
        return not _sqlite_has_events(env.get("SQLITE_DBNAME") or "", "stored_events")
    if module == "eventsourcing.postgres":
        return not _postgres_has_events(env, f"{name.lower()}_events")
    return False


def _sqlite_has_events(path: str, table: str) -> bool:
    if path.startswith("file:"):
        return True
    if not path or not Path(path).is_file():
        return False
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=0)
    except sqlite3.Error:
        return True  # there is a file: opening the store says what is wrong with it
    try:
        tables = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return tables is not None and (
            connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
        )
    except sqlite3.DatabaseError:
        return True
    finally:
        connection.close()


def _postgres_has_events(env: Environment, table: str) -> bool:
    try:
        import psycopg  # noqa: PLC0415 (optional: the postgres extra)
        from psycopg import sql  # noqa: PLC0415
    except ImportError:
        return True  # opening the store says what is missing
    schema = env.get("POSTGRES_SCHEMA") or "public"
    name = sql.Identifier(schema, table)
    try:
        with psycopg.connect(**_postgres_parameters(env)) as connection:
            if not connection.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)
            ).fetchone():
                return True  # opening the store says the schema does not exist
            found = connection.execute(
                "SELECT to_regclass(%s) IS NOT NULL", (name.as_string(connection),)
            ).fetchone()
            if not (found and found[0]):
                return False
            return (
                connection.execute(sql.SQL("SELECT 1 FROM {} LIMIT 1").format(name)).fetchone()
                is not None
            )
    except psycopg.Error:
        return True  # opening the store reports the problem in its own words


def _environ() -> dict[str, str]:
    return dict(os.environ)


def _sqlite_problem(path: str) -> Message | None:
    """Whether SQLite can read ``path`` as a database; a missing file is no problem (it
    is created). Only plain paths are looked at: a ``file:`` URI is opened as given."""
    if not path or path.startswith("file:") or not Path(path).exists():
        return None
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=rw"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=0)
    except sqlite3.Error as error:
        return msg("store.cannot-open-file", "cannot open {path}: {error}", path=path, error=error)
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            return msg("store.not-sqlite", "{path} is not an SQLite database", path=path)
        if "locked" in str(error) or "busy" in str(error):
            return None  # another writer: the store's own busy timeout waits for it
        return msg("store.unreadable", "cannot read {path}: {reason}", path=path, reason=error)
    finally:
        connection.close()
    return None


def _postgres_problem(env: Environment) -> Message | str | None:
    try:
        import psycopg  # noqa: PLC0415 (optional: the postgres extra)
    except ImportError:
        return msg(
            "store.needs-psycopg",
            "PostgreSQL needs psycopg: pip install 'governance-tracker[postgres]'",
        )
    try:
        connection = psycopg.connect(**_postgres_parameters(env))
    except psycopg.Error as error:
        return " ".join(str(error).replace("connection failed: ", "", 1).split())
    connection.close()
    return None


def _postgres_parameters(env: Environment) -> dict[str, Any]:
    from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415

    return {
        "host": env.get("POSTGRES_HOST"),
        "port": env.get("POSTGRES_PORT") or "5432",
        "dbname": env.get("POSTGRES_DBNAME"),
        "user": env.get("POSTGRES_USER"),
        "password": env.get("POSTGRES_PASSWORD") or None,
        "connect_timeout": int(env.get("POSTGRES_CONNECT_TIMEOUT") or CONNECT_TIMEOUT),
        # the URL's other libpq parameters (sslmode, its own connect_timeout, ...)
        **conninfo_to_dict(env.get(LIBPQ_PARAMETERS) or ""),
    }
