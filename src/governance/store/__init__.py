"""Persistence: the event mapper and store URLs."""

from governance.store._rows import CorruptRecordError
from governance.store.mapper import GovernanceMapper, StoredFact, stream_uuid
from governance.store.url import DEFAULT_STORE, StoreURLError, default_store, store_settings

__all__ = [
    "DEFAULT_STORE",
    "CorruptRecordError",
    "GovernanceMapper",
    "StoreURLError",
    "StoredFact",
    "default_store",
    "store_settings",
    "stream_uuid",
]
