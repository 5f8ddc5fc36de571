"""Store URLs: one string chooses where the record lives.

- ``memory:`` — in memory, gone when the process ends (eventsourcing's POPO module);
- a file path, or ``sqlite:///path`` — an SQLite file (the default is ``governance.db``);
- ``postgresql://user[:password]@host[:port]/db[?schema=…&sslmode=…]`` — PostgreSQL
  (psycopg 3). The URL is read by libpq's own parser; every libpq parameter in it
  (``sslmode``, ``application_name``, ``host=/var/run/postgresql`` for a socket, …) is
  passed on, an unknown one refused; ``schema`` is ours.

The URL becomes eventsourcing environment settings (``PERSISTENCE_MODULE`` and the
module's own keys). Settings given explicitly win, so any persistence module
eventsourcing supports can be configured without a URL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from eventsourcing.utils import Environment

from governance.domain.errors import GovernanceError
from governance.domain.messages import Message, msg
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
            msg(
                "store.unknown-url",
                "unknown store URL '{url}': expected memory:, a SQLite file path, or "
                "postgresql://user@host/db",
                url=url,
            )
        )
    return _sqlite_settings(url)


def _sqlite_settings(path: str) -> dict[str, str]:
    if not path:
        raise StoreURLError(msg("store.sqlite-needs-path", "the SQLite store needs a file path"))
    if ":memory:" in path or "mode=memory" in path:
        # eventsourcing takes any such name for a database in memory (no WAL, nothing kept)
        raise StoreURLError(
            msg(
                "store.sqlite-in-memory",
                "'{path}' would be an SQLite database in memory, which keeps nothing once the "
                "process ends; give a file path, or memory: for a store meant to vanish",
                path=path,
            )
        )
    path = os.path.expanduser(path)
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise StoreURLError(
            msg(
                "store.no-folder",
                "cannot create the store '{path}': folder {folder} does not exist",
                path=path,
                folder=folder,
            )
        )
    if Path(path).is_dir():
        raise StoreURLError(
            msg("store.is-folder", "the store '{path}' is a folder; give a file path", path=path)
        )
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "APPLICATION_RECORDER_TOPIC": "governance.store._index:SQLiteRegisterRecorder",
    }
    # Writers wait for each other (see governance.store._sqlite); a timeout set in the
    # environment wins, as eventsourcing's own settings do.
    if not {"SQLITE_LOCK_TIMEOUT", "GOVERNANCE_SQLITE_LOCK_TIMEOUT"} & set(os.environ):
        settings["SQLITE_LOCK_TIMEOUT"] = str(LOCK_TIMEOUT)
    return settings


#: The libpq parameters that become eventsourcing's own settings; every other one the URL
#: gives is passed on to libpq as it is (`LIBPQ_PARAMETERS`).
_SETTINGS = {
    "host": "POSTGRES_HOST",
    "port": "POSTGRES_PORT",
    "dbname": "POSTGRES_DBNAME",
    "user": "POSTGRES_USER",
    "password": "POSTGRES_PASSWORD",
}
#: The setting that carries the other libpq parameters of the URL, as a connection string.
LIBPQ_PARAMETERS = "POSTGRES_LIBPQ_PARAMETERS"


def _postgres_settings(url: str) -> dict[str, str]:
    """The URL read by libpq's own parser (through psycopg), less our ``schema``."""
    try:
        from psycopg import ProgrammingError  # noqa: PLC0415 (optional: postgres)
        from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: PLC0415
    except ImportError:
        raise StoreURLError(
            msg(
                "store.needs-psycopg",
                "PostgreSQL needs psycopg: pip install 'governance-tracker[postgres]'",
            )
        ) from None
    shown = redact(url)
    base, _, query = url.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    schemas = [value for key, value in pairs if key == "schema"]
    rest = urlencode([(key, value) for key, value in pairs if key != "schema"])
    try:
        parameters = {
            key: str(value)
            for key, value in conninfo_to_dict(f"{base}?{rest}" if rest else base).items()
        }
    except ProgrammingError as error:
        raise StoreURLError(
            msg(
                "store.bad-postgres-url",
                "PostgreSQL URL '{shown}': {error}",
                shown=shown,
                error=_one_line(error),
            )
        ) from None
    _check_host_and_port(parameters, shown)
    if not parameters.get("dbname"):
        raise StoreURLError(
            msg(
                "store.incomplete-postgres-url",
                "incomplete PostgreSQL URL '{url}': expected "
                "postgresql://user[:password]@host[:port]/database",
                url=shown,
            )
        )
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_PORT": "5432",
        "POSTGRES_USER": "postgres",
        "APPLICATION_RECORDER_TOPIC": "governance.store._index_postgres:PostgresRegisterRecorder",
    }
    settings.update({_SETTINGS[k]: v for k, v in parameters.items() if k in _SETTINGS})
    # A password in the URL wins; otherwise one from the environment stays visible
    # (eventsourcing needs the key to exist, if only empty, as for trust authentication).
    if "password" not in parameters and not {
        "POSTGRES_PASSWORD",
        "GOVERNANCE_POSTGRES_PASSWORD",
    } & set(os.environ):
        settings["POSTGRES_PASSWORD"] = ""
    others = {k: v for k, v in parameters.items() if k not in _SETTINGS}
    if others:
        settings[LIBPQ_PARAMETERS] = make_conninfo("", **others)
    if schemas:
        settings["POSTGRES_SCHEMA"] = schemas[-1]
    return settings


def postgres_schema(url: str) -> str | None:
    """The PostgreSQL schema a store URL records in: its ``?schema=``, else ``public``
    (eventsourcing's default); None for a store that is not PostgreSQL."""
    if not url.startswith(("postgresql://", "postgres://")):
        return None
    schemas = [value for key, value in parse_qsl(url.partition("?")[2]) if key == "schema"]
    return (schemas[-1].strip() if schemas else "") or "public"


def describe_store(url: str) -> Message:
    """The store URL for a person: without its password; a PostgreSQL URL without
    ``?schema=`` with the schema it records in."""
    schema = postgres_schema(url)
    shown = redact(url)
    if schema is None or "schema=" in url:
        return msg("store.url", "{url}", url=shown)
    return msg("store.in-schema", "{url} (schema {schema})", url=shown, schema=schema)


def pass_on_libpq_parameters(factory: object, env: Environment) -> None:
    """Give the PostgreSQL connections of eventsourcing's ``factory`` the URL's other
    libpq parameters (`LIBPQ_PARAMETERS`), before it opens any. eventsourcing 9.5.6 has no
    setting for them: its pool passes only host, port, database, user and password."""
    given = env.get(LIBPQ_PARAMETERS)
    if not given:
        return
    from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415 (optional: postgres)

    pool = getattr(getattr(factory, "datastore", None), "pool", None)
    kwargs = getattr(pool, "kwargs", None)
    if not isinstance(kwargs, dict):
        raise StoreURLError(
            msg(
                "store.no-parameters",
                "this store cannot take the connection parameters '{given}'",
                given=given,
            )
        )
    kwargs.update(conninfo_to_dict(given))


def _check_host_and_port(parameters: dict[str, str], shown: str) -> None:
    host, port = parameters.get("host", ""), parameters.get("port", "5432")
    if not host:
        raise StoreURLError(
            msg(
                "store.postgres-needs-host",
                "incomplete PostgreSQL URL '{shown}': expected a host "
                "(postgresql://user@host/database, or ?host=/var/run/postgresql for a socket)",
                shown=shown,
            )
        )
    if "," in host or "," in port:
        raise StoreURLError(
            msg(
                "store.several-hosts",
                "PostgreSQL URL '{shown}' names several hosts ({host}); give one host",
                shown=shown,
                host=host,
            )
        )
    if not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        raise StoreURLError(
            msg(
                "store.bad-port",
                "PostgreSQL URL '{shown}': the port '{port}' is not a number from 1 to 65535",
                shown=shown,
                port=port,
            )
        )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        url = url.replace(f":{parts.password}@", ":***@")
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)
