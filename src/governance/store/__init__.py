"""Persistence: the event mapper, store URLs, and what the application reads and keeps
in the store besides the events (the register tables, the rows read without decoding
them)."""

from governance.store._converter import converter
from governance.store._errors import NoRecordError, StoreUnavailableError
from governance.store._index import StateRecorder
from governance.store._probe import record_is_missing, store_problem
from governance.store._registers import (
    REGISTERS,
    VIEWS,
    KeepViews,
    Made,
    OwnStreamStates,
    ReadStreams,
    RegisterRecorder,
    RegisterTables,
    StreamStates,
    Tx,
)
from governance.store._rows import (
    NULL_COLUMN,
    CorruptRecordError,
    read_rows,
    refuse_streams_the_log_disagrees_with,
    stored_fact,
    unreadable,
)
from governance.store.mapper import GovernanceMapper, StoredFact, canonical_json, stream_uuid
from governance.store.url import (
    DEFAULT_STORE,
    StoreURLError,
    default_store,
    describe_store,
    pass_on_libpq_parameters,
    redact,
    store_settings,
)

__all__ = [
    "DEFAULT_STORE",
    "NULL_COLUMN",
    "REGISTERS",
    "VIEWS",
    "CorruptRecordError",
    "GovernanceMapper",
    "KeepViews",
    "Made",
    "NoRecordError",
    "OwnStreamStates",
    "ReadStreams",
    "RegisterRecorder",
    "RegisterTables",
    "StateRecorder",
    "StoreURLError",
    "StoreUnavailableError",
    "StoredFact",
    "StreamStates",
    "Tx",
    "canonical_json",
    "converter",
    "default_store",
    "describe_store",
    "pass_on_libpq_parameters",
    "read_rows",
    "record_is_missing",
    "redact",
    "refuse_streams_the_log_disagrees_with",
    "store_problem",
    "store_settings",
    "stored_fact",
    "stream_uuid",
    "unreadable",
]
