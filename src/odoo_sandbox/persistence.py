"""Saving the sandbox's books to a JSON file, so a user's writes survive a restart.

The file holds every row of every model (money as decimal strings, never floats) and the id
sequences. It is written atomically: a temporary file in the same folder, flushed and fsynced,
then renamed over the old one, so a crash leaves either the old or the new books, never half.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from .records import Database, Row
from .schema import DECIMAL_TYPES, MODELS

FORMAT = "odoo-mcp-sandbox"
VERSION = 1


def _encode_row(model: str, row: Row) -> dict[str, Any]:
    fields = MODELS[model].fields
    return {name: str(value) if isinstance(value, Decimal) else value for name, value in row.items() if name in fields}


def _decode_row(model: str, row: dict[str, Any]) -> Row:
    fields = MODELS[model].fields
    out: Row = {}
    for name, value in row.items():
        f = fields.get(name)
        if f is None:
            continue
        out[name] = Decimal(value) if f.type in DECIMAL_TYPES and value is not None else value
    return out


def dump(db: Database) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "note": "Sandbox data for odoo-mcp: a fictional company, not real books.",
        "today": db.today.isoformat(),
        "next_ids": dict(db.next_ids),
        "tables": {model: [_encode_row(model, row) for row in table.values()] for model, table in db.tables.items()},
    }


def save(db: Database, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(dump(db), separators=(",", ":"), ensure_ascii=False).encode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path, today: dt.date) -> Database:
    """Books saved by `save`; `today` is the clock to run on from now (not the saved one)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"{path} is not an odoo-mcp sandbox state file (format {FORMAT} v{VERSION})")
    db = Database(today)
    db.tables = {model: {} for model in MODELS}
    for model, rows in data["tables"].items():
        if model in MODELS:
            db.tables[model] = {int(row["id"]): _decode_row(model, row) for row in rows}
    db.next_ids = {model: int(data["next_ids"].get(model, 1)) for model in MODELS}
    db.restore(db.snapshot())  # rebuilds the one2many indexes
    return db
