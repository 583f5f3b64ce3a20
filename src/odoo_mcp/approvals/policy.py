"""The checks an approval must pass, shared by the gate (before running it) and the owner's CLI (before approving it).

One place decides whether a request file still says exactly what the request store issued and
whether the request is still in time, so the CLI never signs what the gate would refuse.
"""

from __future__ import annotations

import datetime as dt

from ..vault.layout import Vault
from .gate_codes import Refusal
from .request_file import ParsedRequest, parse_request, tampering
from .request_folders import Located, read_request
from .request_store import Entry, Status


class PolicyRefusal(Exception):
    """A check failed; `code` says which (the gate's refusal reasons), the message says why in one line."""

    def __init__(self, code: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = code


def intact(vault: Vault, entry: Entry, located: Located) -> tuple[str, ParsedRequest]:
    """The file's text and reading, if it is text and says exactly what was issued (payload, every property, the body)."""
    where = located.relative(vault)
    try:
        text = read_request(vault, located)
    except OSError as exc:  # not UTF-8, binary, too big: not what the owner was shown
        raise PolicyRefusal(Refusal.FILE_EDITED, f"{exc}; nothing was written") from None
    parsed = parse_request(text)
    problem = tampering(parsed, entry, located.folder)
    if problem is not None:
        raise PolicyRefusal(Refusal(problem[0]), f"{where}: {problem[1]}")
    return text, parsed


def in_time(entry: Entry, now: dt.datetime) -> None:
    """An issued request past its expiry can no longer be approved or executed (store time, not the file's)."""
    if entry.status is Status.ISSUED and now >= entry.expires_at:
        raise PolicyRefusal(Refusal.EXPIRED, f"{entry.id} expired at {entry.expires_at.isoformat(timespec='seconds')}; file a new request")
