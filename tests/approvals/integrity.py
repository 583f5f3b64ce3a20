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


# -- issue 13: credit notes, cancel, reset to draft, due dates, duplicate flags ----------------------------------------


async def _sale_tax(odoo: OdooClient) -> tuple[int, Decimal]:
    rows = await odoo.search_read("account.tax", [("type_tax_use", "=", "sale"), ("amount_type", "=", "percent"), ("amount", ">", 0),
                                                  ("price_include", "=", False)], ["amount"], limit=1, order="id")
    assert rows, "no plain percentage sale tax"
    return int(rows[0]["id"]), Decimal(str(rows[0]["amount"]))


async def _move(odoo: OdooClient, move_id: int, *fields: str) -> dict[str, Any]:
    (row,) = await odoo.read("account.move", [move_id], list(fields))
    return row


async def _pay_directly(odoo: OdooClient, move_id: int, amount: str) -> None:
    """Someone registers a payment straight in Odoo (not through the approvals)."""
    context = {"active_model": "account.move", "active_ids": [move_id]}
    (wizard,) = await odoo.create("account.payment.register", [{"amount": Decimal(amount)}], context=context)
    await odoo.call("account.payment.register", "action_create_payments", ids=[wizard], context=context)


def _done_text(vault: Path, result: dict[str, Any]) -> str:
    assert result["file"].startswith("Done/"), result
    text = (vault / result["file"]).read_text(encoding="utf-8")
    assert front(vault, result["file"])["status"] == "done", text
    return text


async def partial_credit_note_is_matched_and_a_changed_invoice_refused(client: Client, odoo: OdooClient, vault: Path,
                                                                        tag: str) -> dict[str, Any]:
    """A partial credit note (untaxed amount, the invoice's tax) made by Odoo's reversal, posted and matched against the
    invoice; a full credit requested next is refused once a payment changed the invoice, nothing credited."""
    tax_id, rate = await _sale_tax(odoo)
    customer = await _partner(odoo, f"Credit Customer {tag}", customer_rank=1)
    invoice = record(await approved(client, vault, "create_invoice", {
        "partner_id": customer, "due_date": "2026-12-31", "post": True,
        "lines": [{"description": "Chairs", "quantity": 4, "unit_price": "250.00", "taxes": [tax_id]}]}), "account.move")
    total = Decimal(invoice["amount_total"])
    args = {"invoice": invoice["name"], "reason": f"Two chairs damaged {tag}", "untaxed_amount": "125.40"}
    pending = await request(client, "create_credit_note", args)
    text = (vault / pending["file"]).read_text(encoding="utf-8")
    credit = Decimal("125.40") + (Decimal("125.40") * rate / 100).quantize(Decimal("0.01"))
    assert invoice["name"] in text and f"Two chairs damaged {tag}" in text and "posted" in text, text
    assert f"its open amount goes from {total:,} {''}".strip() in text or f"from {total:,}" in text, text
    assert Decimal(pending["amount"]) == credit, pending
    move(vault, pending["file"], "Approved")
    done = await call(client, "create_credit_note", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed", done
    note = done["records"][0]
    stored = await _move(odoo, note["id"], "move_type", "state", "reversed_entry_id", "amount_total", "ref", "amount_residual")
    assert stored["move_type"] == "out_refund" and stored["state"] == "posted" and stored["reversed_entry_id"][0] == invoice["id"], stored
    assert Decimal(str(stored["amount_total"])) == credit and f"Two chairs damaged {tag}" in stored["ref"], stored
    after = await _move(odoo, invoice["id"], "amount_residual", "payment_state")
    assert Decimal(str(after["amount_residual"])) == total - credit and after["payment_state"] == "partial", after
    done_text = _done_text(vault, done)
    # a full credit for the rest, approved, but a payment arrives first: refused, nothing credited
    full = {"invoice": invoice["id"], "reason": f"Order cancelled {tag}"}
    pending = await request(client, "create_credit_note", full)
    assert "ALREADY CREDITED" in (vault / pending["file"]).read_text(encoding="utf-8")
    move(vault, pending["file"], "Approved")
    await _pay_directly(odoo, invoice["id"], "100.00")
    refusal = await refused(client, "create_credit_note", {**full, "approval_id": pending["approval_id"]})
    assert "REFUSED (changed_since_approval)" in refusal and "amount residual" in refusal, refusal
    assert await odoo.search_count("account.move", [("reversed_entry_id", "=", invoice["id"])]) == 1
    return {"credit_note": note, "invoice_after": after, "done": done_text, "refusal": refusal}


async def vendor_refund_reverses_the_whole_bill(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    vendor = await _partner(odoo, f"Refund Vendor {tag}", supplier_rank=1)
    bill = record(await approved(client, vault, "create_vendor_bill", {
        "partner_id": vendor, "ref": f"RF-{tag}", "invoice_date": "2026-11-02", "due_date": "2026-12-02", "post": True,
        "lines": [{"description": "Desk", "quantity": 1, "unit_price": "410.00"},
                  {"description": "Lamp", "quantity": 2, "unit_price": "35.25"}]}), "account.move")
    done = await approved(client, vault, "create_credit_note", {"invoice": bill["id"], "reason": "Returned to the vendor"})
    refund = done["records"][0]
    stored = await _move(odoo, refund["id"], "move_type", "state", "amount_total", "reversed_entry_id")
    original = await _move(odoo, bill["id"], "amount_residual", "payment_state", "amount_total")
    assert stored["move_type"] == "in_refund" and stored["state"] == "posted", stored
    assert Decimal(str(stored["amount_total"])) == Decimal(str(original["amount_total"])) == Decimal("480.50")
    assert Decimal(str(original["amount_residual"])) == 0 and original["payment_state"] == "reversed", original
    return {"refund": refund, "bill_after": original, "done": _done_text(vault, done)}


async def cancel_and_reset_where_odoo_allows(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A posted invoice is cancelled (Odoo goes through draft), then reset to draft; a paid one is refused before the
    owner is asked; a payment arriving after approval refuses the cancel, nothing written."""
    customer = await _partner(odoo, f"Cancel Customer {tag}", customer_rank=1)
    base = {"partner_id": customer, "due_date": "2026-12-31", "post": True}
    first = record(await approved(client, vault, "create_invoice", {**base, "lines": [{"description": "Wrong", "unit_price": "90.00"}]}),
                   "account.move")
    cancelled = await approved(client, vault, "cancel_document", {"document": first["name"], "reason": "issued by mistake"})
    assert (await _move(odoo, first["id"], "state"))["state"] == "cancel"
    reset = await approved(client, vault, "reset_to_draft", {"document": first["id"]})
    assert (await _move(odoo, first["id"], "state"))["state"] == "draft"
    paid = record(await approved(client, vault, "create_invoice", {**base, "lines": [{"description": "Paid", "unit_price": "70.00"}]}),
                  "account.move")
    await _pay_directly(odoo, paid["id"], "70.00")
    text = await refused(client, "cancel_document", {"document": paid["id"]})
    assert "payment or credit note is matched" in text and not list((vault / "Pending_Approval").glob("*.md")), text
    third = record(await approved(client, vault, "create_invoice", {**base, "lines": [{"description": "Later", "unit_price": "55.00"}]}),
                   "account.move")
    pending = await request(client, "cancel_document", {"document": third["id"]})
    move(vault, pending["file"], "Approved")
    await _pay_directly(odoo, third["id"], "20.00")
    refusal = await refused(client, "cancel_document", {"document": third["id"], "approval_id": pending["approval_id"]})
    assert "REFUSED (changed_since_approval)" in refusal, refusal
    assert (await _move(odoo, third["id"], "state"))["state"] == "posted"
    return {"cancelled": _done_text(vault, cancelled), "reset": _done_text(vault, reset), "refused_paid": text, "refusal": refusal}


async def _due(odoo: OdooClient, move_id: int) -> tuple[str, list[str]]:
    row = await _move(odoo, move_id, "invoice_date_due")
    items = await odoo.search_read("account.move.line", [("move_id", "=", move_id), ("display_type", "=", "payment_term")],
                                   ["date_maturity"])
    return row["invoice_date_due"], [i["date_maturity"] for i in items]


async def due_date_moves_on_posted_documents(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A posted bill with its vendor's payment term and a posted invoice without one get a new due date (document and
    receivable/payable item, read back); a posted document's term is refused; a due date changed in Odoo after approval
    refuses the change."""
    term = await _term_with_days(odoo)
    vendor = await _partner(odoo, f"Due Vendor {tag}", supplier_rank=1, property_supplier_payment_term_id=term["id"])
    bill = record(await approved(client, vault, "create_vendor_bill", {
        "partner_id": vendor, "ref": f"DD-{tag}", "invoice_date": "2026-11-03", "post": True,
        "lines": [{"description": "Paper", "unit_price": "80.00"}]}), "account.move")
    before = await _due(odoo, bill["id"])
    done = await approved(client, vault, "change_due_date", {"document": bill["name"], "due_date": "2027-01-15",
                                                             "reason": "vendor agreed to wait"})
    assert await _due(odoo, bill["id"]) == ("2027-01-15", ["2027-01-15"]) != before
    assert (await _move(odoo, bill["id"], "invoice_payment_term_id"))["invoice_payment_term_id"][0] == term["id"]  # the term stays
    text = await refused(client, "change_due_date", {"document": bill["id"], "payment_term": term["name"]})
    assert "payment term of a posted document" in text, text
    customer = await _partner(odoo, f"Due Customer {tag}", customer_rank=1)
    invoice = record(await approved(client, vault, "create_invoice", {
        "partner_id": customer, "due_date": "2026-12-10", "post": True, "lines": [{"description": "Work", "unit_price": "300.00"}]}),
        "account.move")
    moved = await approved(client, vault, "change_due_date", {"document": invoice["id"], "due_date": "2026-12-24"})
    assert await _due(odoo, invoice["id"]) == ("2026-12-24", ["2026-12-24"])
    pending = await request(client, "change_due_date", {"document": invoice["id"], "due_date": "2027-01-31"})
    move(vault, pending["file"], "Approved")
    await odoo.call("account.move", "write", ids=[invoice["id"]], vals={"invoice_date_due": "2027-01-05"})
    refusal = await refused(client, "change_due_date", {"document": invoice["id"], "due_date": "2027-01-31",
                                                        "approval_id": pending["approval_id"]})
    assert "REFUSED (changed_since_approval)" in refusal and "due date: approved 2026-12-24, now 2027-01-05" in refusal, refusal
    assert (await _due(odoo, invoice["id"]))[0] == "2027-01-05"
    draft = record(await approved(client, vault, "create_invoice", {
        "partner_id": customer, "invoice_date": "2026-11-10", "due_date": "2026-11-10",
        "lines": [{"description": "Draft", "unit_price": "9"}]}),
        "account.move")
    termed = await approved(client, vault, "change_due_date", {"document": draft["id"], "payment_term": term["id"]})
    stored = await _move(odoo, draft["id"], "invoice_payment_term_id", "invoice_date_due")
    assert stored["invoice_payment_term_id"][0] == term["id"] and stored["invoice_date_due"] > "2026-11-10", stored
    assert termed["records"][0]["date"] == stored["invoice_date_due"], termed  # the due date Odoo computed, read back
    return {"bill": _done_text(vault, done), "invoice": _done_text(vault, moved), "refusal": refusal, "draft_term": stored}


async def duplicates_are_flagged_in_the_request(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    vendor = await _partner(odoo, f"Dup Vendor {tag}", supplier_rank=1)
    bill = {"partner_id": vendor, "ref": f"DUP-{tag}", "invoice_date": "2026-11-05", "due_date": "2026-12-05",
            "lines": [{"description": "Ink", "unit_price": "33.00"}]}
    first = record(await approved(client, vault, "create_vendor_bill", bill), "account.move")
    again = await request(client, "create_vendor_bill",
                          {**bill, "ref": f"dup-{tag}", "lines": [{"description": "Ink", "unit_price": "34"}]})
    text = (vault / again["file"]).read_text(encoding="utf-8")
    assert "POSSIBLE DUPLICATE" in text and f"reference dup-{tag}" in text and f"draft id {first['id']}" in text, text
    customer = await _partner(odoo, f"Dup Customer {tag}", customer_rank=1)
    invoice = {"partner_id": customer, "invoice_date": "2026-11-20", "due_date": "2026-12-20",
               "lines": [{"description": "Audit", "unit_price": "640.00"}]}
    made = record(await approved(client, vault, "create_invoice", invoice), "account.move")
    twin = await request(client, "create_invoice", {**invoice, "invoice_date": "2026-11-28",
                                                    "lines": [{"description": "Audit again", "unit_price": "640"}]})
    twin_text = (vault / twin["file"]).read_text(encoding="utf-8")
    assert "same total 640.00 within 30 days" in twin_text and f"draft id {made['id']}" in twin_text, twin_text
    other = await request(client, "create_invoice", {**invoice, "lines": [{"description": "Other", "unit_price": "641"}]})
    assert "POSSIBLE DUPLICATE" not in (vault / other["file"]).read_text(encoding="utf-8")
    return {"bill_flag": text.split("> [!warning]")[1][:300], "invoice_flag": twin_text.split("> [!warning]")[1][:300]}


async def locked_period_is_refused_before_asking(client: Client, odoo: OdooClient, vault: Path, tag: str) -> dict[str, Any]:
    """A posted invoice in a period locked for sales: cancel and reset to draft are refused with the lock date before
    the owner is asked (Odoo would refuse them); a credit note, dated today, is still offered."""
    customer = await _partner(odoo, f"Locked Customer {tag}", customer_rank=1)
    invoice = record(await approved(client, vault, "create_invoice", {
        "partner_id": customer, "invoice_date": "2024-03-15", "due_date": "2024-04-15", "post": True,
        "lines": [{"description": "Old work", "unit_price": "150.00"}]}), "account.move")
    company = (await odoo.company()).id
    (before,) = await odoo.read("res.company", [company], ["sale_lock_date"])
    await odoo.call("res.company", "write", ids=[company], vals={"sale_lock_date": "2024-03-31"})
    try:
        cancel = await refused(client, "cancel_document", {"document": invoice["name"]})
        reset = await refused(client, "reset_to_draft", {"document": invoice["id"]})
        offered = await request(client, "create_credit_note", {"invoice": invoice["id"], "reason": "old work disputed"})
    finally:
        await odoo.call("res.company", "write", ids=[company], vals={"sale_lock_date": before["sale_lock_date"]})
    for text in (cancel, reset):
        assert "REFUSED (invalid_request)" in text and "locked period (sale lock date 2024-03-31)" in text, text
    assert (await _move(odoo, invoice["id"], "state"))["state"] == "posted"
    assert offered["status"] == "pending_approval"
    return {"cancel": cancel, "reset": reset}
