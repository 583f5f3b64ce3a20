"""Links that open a record in Odoo's web client.

Odoo 17+ routes `/odoo/<model>/<id>` to the record's form view (`addons/web/controllers/home.py`,
the `/odoo/<path:subpath>` route; the web client's router reads `model/id` pairs), so one rule
covers invoices, bills, payments, partners, accounts, journals, taxes and products alike.
The sandbox has no web client: its records get no link rather than one that leads nowhere.
"""

from __future__ import annotations

import re
from urllib.parse import quote

SANDBOX_BASE = "http://sandbox.invalid"
_MODEL = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# A base that cannot end a Markdown link or add markup: no space, bracket, parenthesis, quote or angle.
_BASE = re.compile(r"^https?://[^\s()<>\[\]\"'`|\\]+$")


def record_url(base_url: str, model: str, record_id: int | None) -> str | None:
    """The web client's address of one record, or None when there is no record, no web client, or a base
    address that could not sit inside a Markdown link as it is."""
    base = base_url.rstrip("/")
    if record_id is None or record_id <= 0 or base == SANDBOX_BASE or not _BASE.match(base):
        return None
    if not _MODEL.match(model):
        raise ValueError(f"not an Odoo model name: {model!r}")
    return f"{base}/odoo/{quote(model)}/{int(record_id)}"
