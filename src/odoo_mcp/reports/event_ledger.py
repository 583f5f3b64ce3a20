"""Which events were raised already: the state file first, the notes in the vault as a backup.

Keys already raised are remembered in a small state file outside the vault, so an owner who
deletes or moves a note is not pestered again; keys are also read back from the notes in
`Needs_Action/` and `Done/` (`event_key`, and `event_keys` for a partner's note), so a lost state
file does not bring back every event either. The first sync's summary covers too many keys to
list: it carries the day it covers (`covers_until`), and with the state file lost an event whose
condition held by that day counts as raised.

No state file and no note of this company in the vault means the company was never synced with
events: `first_run`, when the sync writes one summary instead of a note per old event.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..vault.front_matter import properties
from ..vault.layout import DONE, NEEDS_ACTION, UnreadableFile, Vault, atomic_write
from ..vault.scope import VaultScope
from .event_detect import Event
from .event_notes import FILE_TYPE, SUMMARY_KIND

log = logging.getLogger(__name__)

STATE_FILE = "events.json"
_SCAN_BYTES = 16384  # a note's front matter, with a partner note's list of keys


class EventLedger:
    """Which event keys were raised already, for one company."""

    def __init__(self, state_dir: Path, vault: Vault, *, scope: VaultScope | None = None) -> None:
        self.scope = scope
        self.path = Path(state_dir) / (scope.events_state if scope is not None else STATE_FILE)
        self.vault = vault
        self._known: dict[str, dict[str, Any]] = {}
        self._cover: dt.date | None = None
        self.first_run = False

    def load(self) -> None:
        known: dict[str, dict[str, Any]] = {}
        from_state = False
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                known = dict(data.get("events") or {})
                from_state = True
            except (ValueError, AttributeError):
                log.warning("%s is damaged; rebuilding the list of raised events from the vault", self.path)
        covers: list[dt.date] = []
        in_vault = 0
        for key, relative, cover in self._keys_in_vault():
            in_vault += 1
            if cover is not None:
                covers.append(cover)
            else:
                known.setdefault(key, {"file": relative})
        self._known = known
        self._cover = max(covers) if covers and not from_state else None  # with the state file, every key is listed
        self.first_run = not self.path.exists() and in_vault == 0

    def _keys_in_vault(self) -> Iterable[tuple[str, str, dt.date | None]]:
        for folder in (self.scope.needs_action if self.scope is not None else NEEDS_ACTION, DONE):
            base = self.vault.folder(folder)
            if not base.is_dir() or base.is_symlink():  # a symlinked folder is not the vault's: not followed
                continue
            for entry in base.glob("*.md"):
                if entry.is_symlink():
                    continue
                try:
                    head = _head(entry, f"{folder}/{entry.name}")
                except OSError as exc:  # not UTF-8, binary, vanished: this file only is skipped, in one line
                    log.warning("%s", exc)
                    continue
                meta = properties(head)
                if meta.get("type") != FILE_TYPE or not meta.get("event_key"):
                    continue
                if self.scope is not None and self.scope.belongs_elsewhere(meta) is not None:
                    continue  # another company's event: its memory is that company's
                relative = f"{folder}/{entry.name}"
                if meta.get("event") == SUMMARY_KIND:
                    yield str(meta["event_key"]), relative, _date(meta.get("covers_until"))
                    continue
                listed = meta.get("event_keys")
                for key in listed if isinstance(listed, list) else [meta["event_key"]]:
                    yield str(key), relative, None

    def known(self, event: Event) -> bool:
        return event.key in self._known or (self._cover is not None and event.since <= self._cover)

    def record(self, key: str, relative: str, created: dt.datetime) -> None:
        self._known[key] = {"file": relative, "created": created.isoformat(timespec="seconds")}

    def save(self) -> None:
        payload = {"version": 1, "events": dict(sorted(self._known.items()))}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(payload, indent=1) + "\n")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _head(path: Path, shown: str) -> str:
    """The first `_SCAN_BYTES` of a note as text (enough for its front matter); `UnreadableFile` naming it
    when those bytes are not UTF-8 (a character cut at the end of the window is not an error)."""
    with path.open("rb") as handle:
        data = handle.read(_SCAN_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and len(data) == _SCAN_BYTES:
            return data[: exc.start].decode("utf-8")
        raise UnreadableFile(f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): "
                             "skipped when looking for events already raised") from None
