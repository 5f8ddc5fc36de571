"""Tamper evidence over the stored log: Merkle digests, consistency, export, verification.

The offline verifier, ``governance.audit.verify``, is not imported here: it runs on its
own (``python -m governance.audit.verify DIR`` or ``python verify.py DIR``) and needs
nothing of this package.
"""

from governance.audit.digest import (
    AuditError,
    Consistency,
    Digest,
    DigestError,
    Signature,
    check_consistency,
    generate_keys,
    load_private_key,
    log_records,
    position_of_digest,
    read_digest,
    sign_digest,
    take_digest,
    verify_store,
    write_digest,
)
from governance.audit.export import Export, ExportError, export_log

__all__ = [
    "AuditError",
    "Consistency",
    "Digest",
    "DigestError",
    "Export",
    "ExportError",
    "Signature",
    "check_consistency",
    "export_log",
    "generate_keys",
    "load_private_key",
    "log_records",
    "position_of_digest",
    "read_digest",
    "sign_digest",
    "take_digest",
    "verify_store",
    "write_digest",
]
