"""The idempotency marker: an external id (`odoo_mcp.apr_<12 hex>`) created with the record, in one call.

Odoo's `load` creates a record and its `ir.model.data` row in one transaction, so after a lost
answer the record is found by its approval, or it does not exist. An external id is on no field a
customer sees (no reference, memo or terms printed on a document) and nothing the assistant or a
customer writes can create one: the write tools never write `ir.model.data`. A found record must
still match the plan before it counts as done (each action compares it).
"""

from __future__ import annotations

from typing import Any

from ..odoo import OdooAccessError, OdooClient, OdooError
from .base import StaleRequest

MODULE = "odoo_mcp"


def xml_name(approval_id: str) -> str:
    """`apr-5f0c2a9e1b7d` -> `apr_5f0c2a9e1b7d` (external id names are identifiers)."""
    return approval_id.replace("-", "_")


def external_id(approval_id: str) -> str:
    return f"{MODULE}.{xml_name(approval_id)}"


async def find(client: OdooClient, model: str, approval_id: str) -> int | None:
    """The record this approval created, if any (the external id points at a record of `model`)."""
    rows = await client.search_read("ir.model.data", [("module", "=", MODULE), ("name", "=", xml_name(approval_id))],
                                    ["model", "res_id"], limit=1)
    if not rows:
        return None
    if rows[0].get("model") != model:
        raise StaleRequest(f"the marker of {approval_id} points at a {rows[0].get('model')}, not a {model}; nothing was written")
    return int(rows[0]["res_id"])


async def create(client: OdooClient, model: str, fields: list[str], rows: list[list[str]], approval_id: str) -> int:
    """Create one record (with its one2many lines as further rows) and its marker, atomically, via `load`."""
    answer = await client.call(
        model, "load", fields=["id", *fields], data=[[external_id(approval_id), *rows[0]], *[["", *r] for r in rows[1:]]]
    )
    return _one_id(answer, model)


async def attach(client: OdooClient, model: str, record_id: int, approval_id: str) -> bool:
    """Mark an existing record (a payment made by Odoo's wizard) as this approval's; False when the API user may not.

    Not atomic with the record (which is why a payment is never retried on a resumed approval), and
    it needs an Access Rights administrator: `load` cannot tag an existing record (given an external
    id it ignores `.id` and creates a new one), so the marker row is created directly. Without the
    right, an interrupted payment is listed for the owner to check instead of being recognised.
    """
    try:
        await client.create("ir.model.data", [{"module": MODULE, "name": xml_name(approval_id), "model": model, "res_id": record_id}])
    except OdooAccessError:
        return False
    return True


def _one_id(answer: Any, model: str) -> int:
    ids = answer.get("ids") if isinstance(answer, dict) else None
    if not ids:
        messages = answer.get("messages") if isinstance(answer, dict) else None
        text = "; ".join(str(m.get("message")) for m in messages or [] if isinstance(m, dict)) or "no record created"
        raise OdooError(f"Odoo refused to create the {model}: {text}")
    return int(ids[0])
