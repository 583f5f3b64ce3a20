"""Compact text for the model to read; the typed answer travels as structured content beside it.

Pretty-printed JSON spends most of a model's context on punctuation and repeated keys; a
header line plus one line a record carries the same facts in a third of the size.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..accounting.models import (
    MoveDetail,
    MoveList,
    OverdueReport,
    PartnerBalances,
    PaymentList,
    PeriodTotal,
    ProfitAndLoss,
    ServerStatus,
)
from ..vault.neutral import tool_field


def t(value: object) -> str:
    """A value from Odoo (or the assistant) as one field of a `|`-separated line: whitespace of any
    kind, line separators included, folded to one space, control and invisible characters dropped,
    and `|` escaped, so a name can never start a new line or add a column. None is empty. (The rule
    lives in `vault.neutral`, beside the ones for Markdown and file names.)"""
    return tool_field(value)


def _page(what: str, company: str, total: int, count: int, offset: int, next_offset: int | None) -> str:
    head = f"company {t(company)}: {total} {what} match"
    head += f"; showing {offset + 1}-{offset + count}" if count else ""
    return head + (f"; next page: offset={next_offset}" if next_offset is not None else "")


def _links(urls: Iterable[str | None]) -> list[str]:
    """One line giving the address pattern instead of a full link on every row (the rows carry ids)."""
    first = next((url for url in urls if url), None)
    return [f"open in Odoo: {first.rsplit('/', 1)[0]}/<id>"] if first else []


def moves(result: MoveList, what: str) -> str:
    lines = [_page(what, result.company, result.total, len(result.items), result.offset, result.next_offset)]
    if result.items:
        lines.append(
            "credit notes/refunds negative; amounts in the document's currency, then in the company's "
            f"({result.company_currency})"
        )
        lines += _links(m.url for m in result.items)
        ref = "vendor ref" if "bill" in what else "ref"
        lines.append(f"id|number|partner|{ref}|date|due|state/payment|untaxed|total|open|cur|untaxed {result.company_currency}|"
                     f"total {result.company_currency}|open {result.company_currency}")
    for m in result.items:
        lines.append(
            f"{m.id}|{t(m.number)}|{t(m.partner)}|{t(m.ref)}|{m.invoice_date or ''}|{m.due_date or ''}|"
            f"{t(m.state)}/{t(m.payment_state)}|{m.untaxed}|{m.total}|{m.residual}|{t(m.currency)}|"
            f"{m.untaxed_company_currency}|{m.total_company_currency}|{m.residual_company_currency}"
        )
    return "\n".join(lines)


def move_detail(m: MoveDetail) -> str:
    lines = [
        f"{t(m.number)} ({m.move_type}, id {m.id}) {t(m.partner)} [partner {m.partner_id}]",
        f"state {t(m.state)}, payment {t(m.payment_state)}; date {m.invoice_date}, due {m.due_date}; ref {t(m.ref) or '-'}",
        f"untaxed {m.untaxed} + tax {m.tax} = total {m.total} {t(m.currency)}; open {m.residual}"
        + (f"; open in Odoo: {m.url}" if m.url else ""),
        f"in company currency ({t(m.company)} {t(m.company_currency)}): untaxed {m.untaxed_company_currency}, "
        f"total {m.total_company_currency}, open {m.residual_company_currency}",
        "description|qty|unit price|disc%|taxes|subtotal|total",
    ]
    for line in m.lines:
        lines.append(
            f"{t(line.description)}|{line.quantity}|{line.unit_price}|{line.discount_pct}|{t(','.join(line.taxes))}|{line.subtotal}|{line.total}"
        )
    return "\n".join(lines)


def payments(result: PaymentList) -> str:
    lines = [_page("payments", result.company, result.total, len(result.items), result.offset, result.next_offset)]
    if result.items:
        lines += _links(p.url for p in result.items)
        lines.append(f"id|name|date|partner|direction|amount|cur|{result.company_currency}|state|memo")
    for p in result.items:
        lines.append(
            f"{p.id}|{t(p.name)}|{p.date or ''}|{t(p.partner)}|{p.direction}|{p.amount}|{t(p.currency)}|"
            f"{p.amount_company_currency}|{t(p.state)}|{t(p.memo)}"
        )
    return "\n".join(lines)


def period_total(result: PeriodTotal) -> str:
    lines = [
        f"company {t(result.company)}: {result.kind} {result.period.date_from}..{result.period.date_to}: {result.amount} {result.currency} "
        f"({result.count} documents; {result.basis})",
        "month|amount|count",
    ]
    lines += [f"{m.month}|{m.amount}|{m.count}" for m in result.months]
    return "\n".join(lines)


def overdue(result: OverdueReport) -> str:
    what = "customer invoices overdue" if result.side == "receivable" else "vendor bills overdue (we owe)"
    lines = [
        f"company {t(result.company)}: {what} as of {result.as_of}: {result.total} {result.currency} in {result.count} documents "
        f"({result.basis})",
        "buckets: " + "; ".join(f"{b.label} days {b.amount} ({b.count})" for b in result.buckets),
    ]
    if result.invoices:
        shown = f"showing {result.offset + 1}-{result.offset + len(result.invoices)} of {result.count}"
        lines.append(shown + (f"; next page: offset={result.next_offset}" if result.next_offset is not None else ""))
        lines += _links(i.url for i in result.invoices)
        lines.append("id|number|partner|due|days|open")
    lines += [f"{i.id}|{t(i.number)}|{t(i.partner)}|{i.due_date}|{i.days_overdue}|{i.residual}" for i in result.invoices]
    return "\n".join(lines)


def partner_balances(result: PartnerBalances) -> str:
    who = "customers owing us" if result.side == "receivable" else "vendors we owe"
    lines = [
        _page(who, result.company, result.total, len(result.items), result.offset, result.next_offset),
        f"as of {result.as_of}, {result.currency}: open {result.open}, overdue {result.overdue} across all pages ({result.basis})",
    ]
    if result.items:
        lines += _links(p.url for p in result.items)
        lines.append("partner_id|partner|open|overdue|docs|oldest due|1-30|31-60|61-90|90+")
    for p in result.items:
        buckets = "|".join(str(b.amount) for b in p.buckets)
        lines.append(f"{p.partner_id or ''}|{t(p.partner)}|{p.open}|{p.overdue}|{p.documents}|{p.oldest_due or ''}|{buckets}")
    return "\n".join(lines)


def profit_and_loss(result: ProfitAndLoss) -> str:
    lines = [
        f"company {t(result.company)}: profit and loss {result.period.date_from}..{result.period.date_to} ({result.currency}): "
        f"income {result.income} - expenses {result.expenses} = net {result.net_profit}",
        "section|account|amount",
    ]
    lines += [f"{line.section}|{t(line.account)}|{line.amount}" for line in result.lines]
    return "\n".join(lines)


def status(s: ServerStatus) -> str:
    if not s.reachable or s.error:
        return f"Odoo at {s.url} {'unreachable' if not s.reachable else 'error'}: {t(s.error)}"
    label = " [SANDBOX: demo data, not a real company]" if s.sandbox else ""
    dry = " [DRY RUN: writes are simulated]" if s.dry_run else ""
    others = "; companies the user may see: " + ", ".join(f"{t(c.name)} (id {c.id}, {t(c.currency)})" for c in s.companies)
    return (
        f"Odoo {t(s.odoo_version)} at {s.url}, database {s.database}, protocol {s.protocol}, user {t(s.user)}, "
        f"company {t(s.company)} (id {s.company_id}, {t(s.currency)}){label}{dry}" + (others if len(s.companies) > 1 else "")
    )
