"""What the three e-mail actions share: who sends, who receives, sending once, reading back what Odoo sent.

An e-mail is a `mail.message` Odoo posts on a document's chatter and delivers to the recipients
(`mail.mail`, then a `mail.notification` per recipient saying sent, queued or failed). Sending
cannot be atomic with its marker, so it is handled like a payment: the message is marked with the
approval's external id right after it is posted, and an attempt that was cut off is never sent
again on the same approval; messages that look like it are listed for the owner to check instead.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Awaitable, Callable
from decimal import Decimal
from email.utils import parseaddr
from typing import Any

from ..odoo import Many2one, OdooClient
from . import markers
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Mismatch, Outcome, Proposal, StaleRequest, compare
from .plans import MailPlan, Recipient

MESSAGE = "mail.message"
_MESSAGE_READ = ["subject", "partner_ids", "attachment_ids", "email_from", "model", "res_id", "message_type"]
FAILED = ("exception", "bounce")


def address(sender: str) -> str:
    """The bare address of `"Name" <a@b>` (Odoo may encode the name; the address is what must match)."""
    return parseaddr(sender)[1].lower()


def addresses(recipients: list[Recipient]) -> str:
    """The recipients' addresses on one line, as headlines, requests and outcomes show them."""
    return ", ".join(r.email for r in recipients)


def formatted(name: str, email: str) -> str:
    """Odoo's `email_formatted`: the name in quotes, then the address."""
    return f'"{name.replace(chr(34), chr(39))}" <{email}>'


async def company_sender(books: Books) -> str:
    """The company's own address: reminders and statements come from the company, not from a user."""
    company = await books.accounting.company()
    rows = await books.client.read("res.company", [company.id], ["name", "email"])
    email = (rows[0].get("email") if rows else None) or None
    if not email:
        raise InvalidRequest(
            f"the company {company.name} has no e-mail address to send from: set one in Odoo (Settings > Companies), "
            "then file the request again"
        )
    return formatted(str(rows[0].get("name") or company.name), str(email))


async def partner_recipients(client: OdooClient, partner_id: int) -> list[Recipient]:
    """The partner if it has an address, else its company (commercial entity); refused when neither has one."""
    rows = await client.read("res.partner", [partner_id], ["name", "email", "commercial_partner_id"])
    if not rows:
        raise InvalidRequest(f"partner {partner_id} does not exist")
    row = rows[0]
    if row.get("email"):
        return [Recipient(id=int(row["id"]), name=str(row.get("name") or ""), email=str(row["email"]))]
    company = Many2one.parse(row.get("commercial_partner_id"))
    if company.id and company.id != partner_id:
        parents = await client.read("res.partner", [company.id], ["name", "email"])
        if parents and parents[0].get("email"):
            return [Recipient(id=company.id, name=str(parents[0].get("name") or ""), email=str(parents[0]["email"]))]
    raise InvalidRequest(no_email(str(row.get("name") or partner_id), partner_id))


def no_email(name: str, partner_id: int) -> str:
    return f"{name} (partner id {partner_id}) has no e-mail address: add one in Odoo, then file the request again"


async def recipients_now(client: OdooClient, approved: list[Recipient]) -> None:
    """Refuse when a recipient's address changed since the owner approved sending to it."""
    rows = {int(r["id"]): r for r in await client.read("res.partner", [r.id for r in approved], ["email"])}
    for recipient in approved:
        now = str((rows.get(recipient.id) or {}).get("email") or "")
        if now != recipient.email:
            raise ChangedSinceApproval(
                f"the e-mail address of {recipient.name} changed since the request ({recipient.email} -> {now or 'none'}); nothing was sent"
            )


def html_text(value: object) -> str:
    """A value from Odoo or the request inside the HTML the customer reads: escaped, never markup."""
    return html.escape(str(value), quote=True)


async def last_message_id(client: OdooClient, plan: MailPlan) -> int:
    rows = await client.search_read(MESSAGE, [("model", "=", plan.model), ("res_id", "=", plan.res_id)], ["id"], limit=1, order="id desc")
    return int(rows[0]["id"]) if rows else 0


async def post_message(client: OdooClient, plan: MailPlan, body: str, attachments: list[tuple[str, bytes]]) -> None:
    """Post the e-mail on the document with Odoo's `message_post` (recipients notified by e-mail, PDFs attached).

    The PDFs are uploaded first as pending composer attachments (`mail.compose.message`, id 0), the
    way Odoo's composer does; `message_post` moves them onto the document and the message.
    """
    uploaded = []
    for name, content in attachments:
        uploaded += await client.create("ir.attachment", [{
            "name": name, "datas": base64.b64encode(content).decode("ascii"), "mimetype": "application/pdf",
            "res_model": "mail.compose.message", "res_id": 0,
        }])
    await client.call(
        plan.model, "message_post", ids=[plan.res_id], body=body, body_is_html=True, subject=plan.subject,
        message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=[r.id for r in plan.recipients],
        email_from=plan.sender, attachment_ids=uploaded,
    )


async def sent_message(client: OdooClient, plan: MailPlan, after: int) -> int:
    rows = await client.search_read(
        MESSAGE,
        [("model", "=", plan.model), ("res_id", "=", plan.res_id), ("id", ">", after), ("message_type", "=", "comment"),
         ("subject", "=", plan.subject)],
        ["id"], limit=1, order="id desc",
    )
    if not rows:
        raise StaleRequest(f"Odoo accepted the e-mail but no message '{plan.subject}' is on the document; check its chatter in Odoo")
    return int(rows[0]["id"])


async def read_back(client: OdooClient, plan: MailPlan, message_id: int) -> tuple[dict[str, Any], list[Mismatch]]:
    """The message as Odoo stored and delivered it: subject, sender, recipients, attachment, each recipient's delivery."""
    rows = await client.read(MESSAGE, [message_id], _MESSAGE_READ)
    msg: dict[str, Any] = rows[0] if rows else {"id": message_id}
    attachment_ids = [int(i) for i in msg.get("attachment_ids") or []]
    files = await client.read("ir.attachment", attachment_ids, ["name", "file_size"]) if attachment_ids else []
    notes = await client.search_read("mail.notification", [("mail_message_id", "=", message_id)],
                                     ["res_partner_id", "notification_status", "failure_reason"])
    delivery = {Many2one.parse(n.get("res_partner_id")).id: n for n in notes}
    checks: list[tuple[str, Any, Any]] = [
        ("document", f"{plan.model} {plan.res_id}", f"{msg.get('model')} {msg.get('res_id')}"),
        ("subject", plan.subject, msg.get("subject") or None),
        ("sender", address(plan.sender), address(str(msg.get("email_from") or ""))),
        ("recipients", sorted(r.id for r in plan.recipients), sorted(int(i) for i in msg.get("partner_ids") or [])),
    ]
    if plan.attachment:
        names = [str(f.get("name")) for f in files if int(f.get("file_size") or 0) > 0]
        checks.append(("attachment", plan.attachment, plan.attachment if plan.attachment in names else ", ".join(names) or None))
    states = []
    for recipient in plan.recipients:
        note = delivery.get(recipient.id) or {}
        status = str(note.get("notification_status") or "no e-mail notification")
        reason = f" ({note.get('failure_reason')})" if note.get("failure_reason") else ""
        states.append(f"{recipient.email}: {status}{reason}")
        delivered = f"{status}{reason}" if status in FAILED or not note else "sent or queued"
        checks.append((f"delivery to {recipient.email}", "sent or queued", delivered))
    size = sum(int(f.get("file_size") or 0) for f in files)
    record = {
        "model": MESSAGE,
        "id": message_id,
        "name": msg.get("subject") or plan.subject,
        "state": "; ".join(states),
        "partner": ", ".join(r.name for r in plan.recipients),
        "attachments": [f"{f.get('name')} ({int(f.get('file_size') or 0)} bytes)" for f in files],
        "size": size,
    }
    return record, compare(checks)


async def run_once(
    books: Books,
    plan: MailPlan,
    attempt: Attempt,
    *,
    what: str,
    recheck: Callable[[], Awaitable[None]],
    send: Callable[[], Awaitable[None]],
    also: Callable[[], Awaitable[list[dict[str, Any]]]] | None = None,
) -> Outcome:
    """Find the marked message, or re-check the facts, send once, mark, read back."""
    client = books.client
    found = await markers.find(client, MESSAGE, attempt.approval_id)
    if found is not None:
        record, mismatches = await read_back(client, plan, found)
        return Outcome(
            [record, *(await also() if also else [])],
            f"found {what} already sent for this approval (message {found}); nothing sent twice",
            found_existing=True,
            mismatches=mismatches,
        )
    if attempt.resume and not attempt.dry_run:
        maybe = await client.search_read(
            MESSAGE, [("model", "=", plan.model), ("res_id", "=", plan.res_id), ("subject", "=", plan.subject)],
            ["date"], limit=5, order="id desc",
        )
        seen = ", ".join(f"message {m['id']} of {m.get('date')}" for m in maybe)
        listed = f" Odoo holds messages that look like it: {seen}; check them." if maybe else ""
        raise StaleRequest(
            "an earlier attempt was interrupted and Odoo holds no e-mail marked with this approval; an e-mail is never sent "
            f"again on the same approval: check the document's chatter in Odoo, then file a new request if it is still due.{listed}"
        )
    await recheck()
    await recipients_now(client, plan.recipients)
    if attempt.dry_run:
        return Outcome([], f"would send {what} to {addresses(plan.recipients)}", dry_run=True)
    before = await last_message_id(client, plan)
    await send()
    message_id = await sent_message(client, plan, before)
    marked = await markers.attach(client, MESSAGE, message_id, attempt.approval_id)
    record, mismatches = await read_back(client, plan, message_id)
    unmarked = "" if marked else " (not marked with the approval: the API user may not create external ids)"
    return Outcome(
        [record, *(await also() if also else [])],
        f"sent {what} to {addresses(plan.recipients)}: '{plan.subject}'"
        f"{', with ' + plan.attachment if plan.attachment else ''}{unmarked}",
        mismatches=mismatches,
    )


async def sent_before(client: OdooClient, model: str, res_id: int, subject: tuple[str, str], what: str) -> list[str]:
    """A flag for the owner when e-mails like this one (`subject`: operator and value) already went out from the document."""
    rows = await client.search_read(
        MESSAGE, [("model", "=", model), ("res_id", "=", res_id), ("message_type", "=", "comment"), ("subject", *subject)],
        ["date", "subject"], limit=3, order="id desc",
    )
    if not rows:
        return []
    seen = "; ".join(f"{str(r.get('date') or '?')[:16]} '{r.get('subject')}'" for r in rows)
    return [f"ALREADY SENT: {what} went out before from this record ({seen}). Approve only if it should go again."]


def proposal(
    action: str, plan: MailPlan, *, headline: str, details: list[str], amount: Decimal, currency: str, flags: list[str]
) -> Proposal:
    """An e-mail request: the e-mail itself (to, from, subject, attachment) first, then what `details` says about the document."""
    return Proposal(
        action=action,
        headline=headline,
        details=[
            f"To: {', '.join(f'{r.name} <{r.email}>' for r in plan.recipients)}",
            f"From: {plan.sender}",
            f"Subject: {plan.subject}",
            f"Attachment: {plan.attachment or 'none'}",
            *details,
        ],
        amount=amount,
        currency=currency,
        recipient=addresses(plan.recipients),
        target=f"{plan.model} {plan.res_id}",
        plan=plan,
        flags=flags,
    )
