"""What runs is what the owner approved: scenarios written once, run on the sandbox and on a real Odoo 19.

Each takes an MCP client (the assistant), an `OdooClient` straight to the same books (to change
Odoo between approval and execution, or to look at what was stored) and the vault.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from mcp import Client

from odoo_mcp.odoo import OdooClient

from .flow import approved, call, front, move, record, refused, request


async def _partner(odoo: OdooClient, name: str, **vals: Any) -> int:
    (partner_id,) = await odoo.create("res.partner", [{"name": name, "is_company": True, **vals}])
    return int(partner_id)


async def _term_with_days(odoo: OdooClient) -> dict[str, Any]:
    """A payment term that moves the due date (e.g. "30 Days"): the one a vendor's term would impose."""
    terms = await odoo.search_read("account.payment.term", [], ["name"], order="id")
    for term in terms:
        if any(ch.isdigit() and ch != "0" for ch in str(term["name"])):
            return term
    raise AssertionError(f"no payment term with days among {terms}")


async def explicit_due_date_survives_the_vendors_term(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    term = await _term_with_days(odoo)
    vendor = await _partner(odoo, f"Termed Vendor {tag}", supplier_rank=1, property_supplier_payment_term_id=term["id"])
    args = {"partner_id": vendor, "ref": f"TV-{tag}", "invoice_date": "2025-10-01", "due_date": "2025-10-05", "post": True,
            "lines": [{"description": "Cables", "quantity": 2, "unit_price": "40.00"}]}
    pending = await request(client, "create_vendor_bill", args)
    text = (vault / pending["file"]).read_text(encoding="utf-8")
    assert "due 2025-10-05 (exactly; no payment term)" in text
    move(vault, pending["file"], "Approved")
    done = await call(client, "create_vendor_bill", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed", done
    bill = record(done, "account.move")
    (stored,) = await odoo.read("account.move", [bill["id"]], ["invoice_date_due", "invoice_payment_term_id", "state"])
    assert (stored["invoice_date_due"], stored["invoice_payment_term_id"], stored["state"]) == ("2025-10-05", False, "posted"), stored
    return {"term": term["name"], "bill": bill, "stored": stored}


async def tax_changed_after_approval_is_refused(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    (tax_id,) = await odoo.create("account.tax", [{"name": f"Approved Tax {tag}", "amount": 10, "amount_type": "percent",
                                                   "type_tax_use": "purchase"}])
    vendor = await _partner(odoo, f"Tax Vendor {tag}", supplier_rank=1)
    args = {"partner_id": vendor, "ref": f"TX-{tag}", "due_date": "2025-11-30",
            "lines": [{"description": "Service", "quantity": 1, "unit_price": "100.00", "taxes": [tax_id]}]}
    pending = await request(client, "create_vendor_bill", args)
    assert Decimal(pending["amount"]) == Decimal("110.00")
    move(vault, pending["file"], "Approved")
    await odoo.call("account.tax", "write", ids=[tax_id], vals={"amount": 12})
    text = await refused(client, "create_vendor_bill", {**args, "approval_id": pending["approval_id"]})
    assert "REFUSED (changed_since_approval)" in text and f"Approved Tax {tag}" in text and "10 percent" in text and "12 percent" in text, (
        text
    )
    assert await odoo.search_count("account.move", [("partner_id", "=", vendor)]) == 0  # nothing written
    assert front(vault, f"Done/{Path(pending['file']).name}")["status"] == "failed"
    fresh_id = text.split("approval id ")[1].split(")")[0]
    fresh = await call(client, "create_vendor_bill", args)  # the same arguments find the new request
    assert fresh["approval_id"] == fresh_id and fresh["status"] == "pending_approval"
    assert Decimal(fresh["amount"]) == Decimal("112.00")  # what the owner now reads: today's rate
    return {"refusal": text, "fresh": fresh}


_PRINTED = ["ref", "narration", "payment_reference", "invoice_origin"]


async def spoofed_marker_does_not_count(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A second request carrying the first one's approval id in every field the assistant writes does not make the
    first one "done": each creates its own invoice, and no approval id lands on a field the customer sees."""
    customer = await _partner(odoo, f"Spoof Customer {tag}", customer_rank=1)
    first_args = {
        "partner_id": customer,
        "ref": f"PO-{tag}",
        "due_date": "2025-12-31",
        "lines": [{"description": "Real work", "quantity": 1, "unit_price": "500.00"}],
    }
    first = await request(client, "create_invoice", first_args)
    victim = first["approval_id"]
    decoy = f"odoo-mcp {victim} odoo_mcp.{victim.replace('-', '_')}"
    second_args = {
        "partner_id": customer,
        "ref": decoy[:64],
        "due_date": "2025-12-31",
        "lines": [{"description": decoy, "quantity": 1, "unit_price": "1.00"}],
    }
    second = await approved(client, vault, "create_invoice", second_args)
    move(vault, first["file"], "Approved")
    done = await call(client, "create_invoice", {**first_args, "approval_id": victim})
    assert done["status"] == "executed" and "created customer invoice" in done["message"], done
    mine, theirs = record(done, "account.move"), record(second, "account.move")
    assert mine["id"] != theirs["id"] and Decimal(mine["amount_total"]) == Decimal("500.00")
    (stored,) = await odoo.read("account.move", [mine["id"]], [*_PRINTED, "invoice_line_ids"])
    lines = await odoo.read("account.move.line", stored["invoice_line_ids"], ["name"])
    printed = " ".join(str(stored.get(f) or "") for f in _PRINTED) + " ".join(str(line["name"]) for line in lines)
    assert victim not in printed and "odoo-mcp" not in printed and "odoo_mcp" not in printed, printed
    return {"printed": printed, "mine": mine, "theirs": theirs}


async def record_behind_the_marker_must_match(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A record that carries this approval's marker but is not what was approved is never reported as done:
    a failed verification, both values in Done/, a Needs_Action note, and no second write on a retry."""
    customer = await _partner(odoo, f"Marker Customer {tag}", customer_rank=1)
    args = {
        "partner_id": customer,
        "due_date": "2025-12-31",
        "lines": [{"description": "Approved line", "quantity": 1, "unit_price": "300.00"}],
    }
    pending = await request(client, "create_invoice", args)
    approval_id = pending["approval_id"]
    move(vault, pending["file"], "Approved")
    # Someone with direct database access planted a different invoice under this approval's marker.
    planted = await odoo.call(
        "account.move",
        "load",
        fields=["id", "move_type", "partner_id/.id", "invoice_line_ids/name", "invoice_line_ids/quantity", "invoice_line_ids/price_unit"],
        data=[[f"odoo_mcp.{approval_id.replace('-', '_')}", "out_invoice", str(customer), "Planted", "1", "999"]],
    )
    assert planted["ids"], planted
    text = await refused(client, "create_invoice", {**args, "approval_id": approval_id})
    assert text.startswith("Error executing tool create_invoice: VERIFICATION FAILED") or "VERIFICATION FAILED" in text, text
    assert "untaxed amount: approved 300.00, Odoo stored 999.00" in text, text
    assert await odoo.search_count("account.move", [("partner_id", "=", customer)]) == 1  # nothing created beside it
    done_file = vault / "Done" / Path(pending["file"]).name
    meta = front(vault, f"Done/{done_file.name}")
    assert meta["status"] == "verification_failed" and "approved 300.00, Odoo stored 999.00" in meta["error"]
    note = (vault / "Needs_Action" / f"VERIFY_CREATE_INVOICE_{approval_id}.md").read_text(encoding="utf-8")
    assert "| untaxed amount | 300.00 | 999.00 |" in note
    again = await refused(client, "create_invoice", {**args, "approval_id": approval_id})
    assert "REFUSED (verification_failed_before)" in again
    return {"message": text, "note": note}


async def _posted_invoice(client: Client, vault: Path, customer: int, price: str) -> dict[str, Any]:
    args = {
        "partner_id": customer,
        "due_date": "2025-12-31",
        "post": True,
        "lines": [{"description": "Work", "quantity": 1, "unit_price": price}],
    }
    return record(await approved(client, vault, "create_invoice", args), "account.move")


async def payment_checked_before_and_after(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A payment's memo is the owner's text (no marker); an open amount changed after approval is refused and
    re-filed with the new amount; the payment that runs is read back against the plan."""
    customer = await _partner(odoo, f"Paying Customer {tag}", customer_rank=1)
    invoice = await _posted_invoice(client, vault, customer, "800.00")
    args = {"invoices": [invoice["id"]], "reason": "customer paid in full"}
    pending = await request(client, "register_payment", args)
    move(vault, pending["file"], "Approved")
    # Meanwhile 300.00 arrives and is registered straight in Odoo.
    context = {"active_model": "account.move", "active_ids": [invoice["id"]]}
    (wizard,) = await odoo.create("account.payment.register", [{"amount": Decimal("300.00")}], context=context)
    await odoo.call("account.payment.register", "action_create_payments", ids=[wizard], context=context)
    text = await refused(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
    assert "REFUSED (changed_since_approval)" in text and "from 800.00 to 500.00" in text, text
    fresh_id = text.split("approval id ")[1].split(")")[0]
    fresh = await call(client, "register_payment", args)
    assert fresh["approval_id"] == fresh_id and Decimal(fresh["amount"]) == Decimal("500.00")
    move(vault, fresh["file"], "Approved")
    done = await call(client, "register_payment", {**args, "approval_id": fresh_id})
    assert done["status"] == "executed", done
    payment = record(done, "account.payment")
    (stored,) = await odoo.read("account.payment", [payment["id"]], ["memo", "amount", "state"])
    assert stored["memo"] == invoice["name"] and fresh_id not in str(stored["memo"]), stored
    assert record(done, "account.move")["payment_state"] in ("paid", "in_payment")
    marker = await odoo.search_read(
        "ir.model.data", [("module", "=", "odoo_mcp"), ("name", "=", fresh_id.replace("-", "_"))], ["model", "res_id"]
    )
    assert [(m["model"], m["res_id"]) for m in marker] == [("account.payment", payment["id"])]  # the wizard's payment, marked
    assert await odoo.search_count("account.payment", [("partner_id", "=", customer)]) == 2  # Odoo's 300.00 and ours, nothing else
    return {"refusal": text, "payment": stored}


async def draft_changed_before_posting_is_refused(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    vendor = await _partner(odoo, f"Draft Vendor {tag}", supplier_rank=1)
    bill = record(
        await approved(
            client,
            vault,
            "create_vendor_bill",
            {
                "partner_id": vendor,
                "ref": f"DR-{tag}",
                "invoice_date": "2025-10-01",
                "due_date": "2025-10-31",
                "lines": [{"description": "Toner", "quantity": 1, "unit_price": "60.00"}],
            },
        ),
        "account.move",
    )
    pending = await request(client, "post_invoice", {"invoice_id": bill["id"]})
    move(vault, pending["file"], "Approved")
    (draft,) = await odoo.read("account.move", [bill["id"]], ["invoice_line_ids"])
    await odoo.call(
        "account.move",
        "write",
        ids=[bill["id"]],
        vals={"invoice_line_ids": [[1, draft["invoice_line_ids"][0], {"price_unit": Decimal("600.00")}]]},
    )
    text = await refused(client, "post_invoice", {"invoice_id": bill["id"], "approval_id": pending["approval_id"]})
    assert "REFUSED (changed_since_approval)" in text and "total: approved 60.00, now 600.00" in text, text
    (after,) = await odoo.read("account.move", [bill["id"]], ["state"])
    assert after["state"] == "draft"  # not posted
    return {"refusal": text}


async def reminder_changed_since_approval_sends_nothing(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A reminder approved for one address and one open amount: the customer's address changes, nothing is sent."""
    company = await odoo.company()
    (before,) = await odoo.read("res.company", [company.id], ["email"])
    if not before.get("email"):  # a sender address is needed to file a reminder at all
        await odoo.call("res.company", "write", ids=[company.id], vals={"email": f"accounts-{tag}@example.com"})
    try:
        customer = await _partner(odoo, f"Reminder Customer {tag}", email=f"pay-{tag}@example.com", customer_rank=1)
        invoice = record(
            await approved(client, vault, "create_invoice", {
                "partner_id": customer, "invoice_date": "2025-10-01", "due_date": "2025-10-31", "post": True,
                "lines": [{"description": "Late work", "quantity": 1, "unit_price": "80.00"}],
            }),
            "account.move",
        )
        pending = await request(client, "send_payment_reminder", {"invoice": invoice["id"]})
        move(vault, pending["file"], "Approved")
        await odoo.call("res.partner", "write", ids=[customer], vals={"email": f"other-{tag}@example.com"})
        text = await refused(client, "send_payment_reminder", {"invoice": invoice["id"], "approval_id": pending["approval_id"]})
        assert "REFUSED (changed_since_approval)" in text and f"pay-{tag}@example.com -> other-{tag}@example.com" in text, text
        assert "A new request with what Odoo holds now was filed" in text, text
        sent = await odoo.search_count("mail.message", [("model", "=", "account.move"), ("res_id", "=", invoice["id"]),
                                                        ("subject", "ilike", "payment reminder")])
        assert sent == 0
        return {"refusal": text}
    finally:
        if not before.get("email"):
            await odoo.call("res.company", "write", ids=[company.id], vals={"email": False})
