"""Signed approvals: the owner's HMAC over what was approved, so moving a file is not enough.

The key lives in the state directory (outside the vault, denied to the assistant). Only the
owner's CLI creates it and signs; the gate only checks. The signature covers the id, the action
and the payload hash, so it cannot be carried over to another request or another amount.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def signature(key: bytes, approval_id: str, action: str, sha: str) -> str:
    """HMAC-SHA256 over what was approved: the id, the action and the payload hash."""
    message = f"{approval_id}\n{action}\n{sha}".encode()
    return "hmac-sha256:" + hmac.new(key, message, hashlib.sha256).hexdigest()


def is_valid(key: bytes | None, given: str, approval_id: str, action: str, sha: str) -> bool:
    """`given` is this request's signature under `key` (compared in constant time); False without a key."""
    return bool(key and given and hmac.compare_digest(given, signature(key, approval_id, action, sha)))


def read_key(path: Path) -> bytes:
    return path.read_text(encoding="utf-8").strip().encode()


def load_or_create_key(path: Path) -> bytes:
    """The owner's signing key (created 0600 on first use); only the CLI creates it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return read_key(path)
