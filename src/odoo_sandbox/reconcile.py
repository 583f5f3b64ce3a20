"""Reconciliation as Odoo 19 does it (`account.move.line._prepare_reconciliation_single_partial`).

Debit and credit items of one account are matched pairwise, oldest due first, each match an
`account.partial.reconcile`: `amount` in the company currency, `debit_amount_currency` /
`credit_amount_currency` in each item's own currency, `max_date` the later of the two items' dates.
When both items are in the same foreign currency they are matched in that currency, and each side's
company-currency share follows its own accounting rate (`amount_currency / balance`): the two shares
differ when the rate moved between invoice and payment, and the difference is booked as a separate,
posted "Exchange Difference" entry (gain or loss account of the company) whose item is reconciled
with the item it corrects. Money is `Decimal`, rounded to the cent like the company currency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from . import accounting, currency
from .errors import UserError
from .records import Database, Row
from .values import money

ZERO = Decimal(0)
HALF_CENT = Decimal("0.005")
LABEL = "Currency exchange rate difference"


def _date(db: Database, line: Row) -> str:
    return str(db.value("account.move.line", line, "date"))


def _company_currency(db: Database, line: Row) -> int:
    move = db.tables["account.move"][line["move_id"]]
    return currency.company_currency(db, move["company_id"])


def reconcile(db: Database, line_ids: list[int]) -> None:
    """Match debit and credit residuals of the same account, oldest due date first."""
    lines = db.browse_rows("account.move.line", line_ids)
    by_account: dict[int, list[Row]] = {}
    for line in lines:
        by_account.setdefault(line["account_id"], []).append(line)
    touched: set[int] = set()
    for account_lines in by_account.values():
        ordered = sorted(account_lines, key=lambda line: (line.get("date_maturity") or _date(db, line), line["id"]))
        state = {
            line["id"]: [Decimal(line["amount_residual"]), Decimal(line["amount_residual_currency"])] for line in ordered
        }
        debits = [line for line in ordered if state[line["id"]][0] > 0 or state[line["id"]][1] > 0]
        credits = [line for line in ordered if line not in debits and (state[line["id"]][0] < 0 or state[line["id"]][1] < 0)]
        i = j = 0
        while i < len(debits) and j < len(credits):
            debit, credit = debits[i], credits[j]
            touched.update(_match(db, debit, credit, state[debit["id"]], state[credit["id"]]))
            if _settled(state[debit["id"]]):
                i += 1
            if _settled(state[credit["id"]]):
                j += 1
    for move_id in sorted(touched):
        accounting.compute_totals(db, move_id)


def _settled(residuals: list[Decimal]) -> bool:
    return money(residuals[0]) == 0 and money(residuals[1]) == 0


def _accounting_rate(line: Row) -> Decimal | None:
    balance, amount_currency = Decimal(line["balance"]), Decimal(line["amount_currency"])
    return abs(amount_currency / balance) if money(balance) and money(amount_currency) else None


def _match(db: Database, debit: Row, credit: Row, d: list[Decimal], c: list[Decimal]) -> set[int]:
    """One partial between two items (their residuals `[company, currency]` are updated in place)."""
    company_currency = _company_currency(db, debit)
    foreign = debit["currency_id"] == credit["currency_id"] != company_currency and money(d[1]) and money(c[1])
    exchange: list[tuple[Row, Decimal]] = []
    if foreign:
        debit_rate, credit_rate = _accounting_rate(debit), _accounting_rate(credit)
        min_recon = min(d[1], -c[1])
        debit_full, credit_full = money(d[1]) <= money(-c[1]), money(d[1]) >= money(-c[1])
        d_low, d_mid, d_high = _range(min_recon, debit_rate)
        c_low, c_mid, c_high = _range(min_recon, credit_rate)
        partial_debit, partial_credit = min(d_mid, d[0]), min(c_mid, -c[0])
        amount = min(partial_debit, partial_credit)
        if c_low <= partial_debit <= c_high and d_low <= partial_credit <= d_high:  # only rounding apart
            amount = partial_debit = partial_credit = min(d[0], -c[0])
        debit_currency_amount = credit_currency_amount = min_recon
        fix = d[0] - amount if debit_full else partial_debit - amount
        if money(fix) != 0 and (debit_full or fix > 0):
            exchange.append((debit, fix))
            d[0] -= fix
        fix = c[0] + amount if credit_full else amount - partial_credit
        if money(fix) != 0 and (credit_full or fix < 0):
            exchange.append((credit, fix))
            c[0] -= fix
    else:
        amount = min(d[0], -c[0])
        debit_currency_amount = _in_currency(debit, amount, d[1], company_currency)
        credit_currency_amount = _in_currency(credit, amount, -c[1], company_currency)
    d[0], d[1] = d[0] - amount, d[1] - debit_currency_amount
    c[0], c[1] = c[0] + amount, c[1] + credit_currency_amount
    _partial(db, debit, credit, amount, debit_currency_amount, credit_currency_amount)
    touched = {debit["move_id"], credit["move_id"]}
    for line, fix in exchange:
        touched |= _exchange_difference(db, line, fix, max(_date(db, debit), _date(db, credit)))
    return touched


def _range(amount_currency: Decimal, rate: Decimal | None) -> tuple[Decimal, Decimal, Decimal]:
    """`get_amount_range_after_rate`: what a rounded foreign amount may stand for in the company currency."""
    if not rate:
        return ZERO, ZERO, ZERO
    return money((amount_currency - HALF_CENT) / rate), money(amount_currency / rate), money((amount_currency + HALF_CENT) / rate)


def _in_currency(line: Row, amount: Decimal, left: Decimal, company_currency: int) -> Decimal:
    """A company-currency match expressed in the item's currency (its own accounting rate)."""
    if line["currency_id"] == company_currency:
        return amount
    rate = _accounting_rate(line)
    return min(money(rate * amount), left) if rate else ZERO


def _partial(db: Database, debit: Row, credit: Row, amount: Decimal, debit_cur: Decimal, credit_cur: Decimal) -> None:
    move = db.tables["account.move"][debit["move_id"]]
    now = db.now()
    db.insert(
        "account.partial.reconcile",
        {
            "debit_move_id": debit["id"],
            "credit_move_id": credit["id"],
            "amount": amount,
            "debit_amount_currency": debit_cur,
            "credit_amount_currency": credit_cur,
            "max_date": max(_date(db, debit), _date(db, credit)),
            "company_id": move["company_id"],
            "create_date": now,
            "write_date": now,
            "create_uid": 2,
            "write_uid": 2,
        },
    )


def _exchange_date(db: Database, day: str) -> str:
    """The exchange journal's accounting date (monthly sequence): a past month's entry goes to its last day."""
    when, today = dt.date.fromisoformat(day), db.today
    if (today.year, today.month) > (when.year, when.month):
        return accounting.last_day_of_month(when).isoformat()
    return max(when, today).isoformat()


def _exchange_difference(db: Database, line: Row, residual: Decimal, day: str) -> set[int]:
    """`_prepare_exchange_difference_move_vals` + posting + reconciling the corrected item."""
    line = db.tables["account.move.line"][line["id"]]
    move = db.tables["account.move"][line["move_id"]]
    company = db.tables["res.company"][move["company_id"]]
    journal_id = company.get("currency_exchange_journal_id")
    account_id = company.get(
        "expense_currency_exchange_account_id" if residual > 0 else "income_currency_exchange_account_id"
    )
    if not journal_id or not account_id:
        raise UserError("You should configure the 'Exchange Gain or Loss Journal' in your company settings, to manage"
                        " automatically the booking of accounting entries related to differences between exchange rates.")
    residual_currency = residual if line["currency_id"] == currency.company_currency(db, move["company_id"]) else ZERO
    now = db.now()
    stamp: dict[str, Any] = {"create_date": now, "write_date": now, "create_uid": 2, "write_uid": 2}
    date = max(_exchange_date(db, day), _date(db, line))
    exchange_id = db.insert(
        "account.move",
        {**stamp, "move_type": "entry", "state": "draft", "name": "/", "journal_id": journal_id,
         "company_id": move["company_id"], "currency_id": currency.company_currency(db, move["company_id"]),
         "date": date, "auto_post": "no", "payment_state": "not_paid"},
    )
    fix_id = 0
    for sequence, (account, balance, in_currency) in enumerate(
        ((line["account_id"], -residual, -residual_currency), (account_id, residual, residual_currency))
    ):
        rid = db.insert(
            "account.move.line",
            {**stamp, "move_id": exchange_id, "name": LABEL, "display_type": "product", "account_id": account,
             "partner_id": line.get("partner_id"), "currency_id": line["currency_id"], "balance": balance,
             "amount_currency": in_currency, "debit": max(balance, ZERO), "credit": max(-balance, ZERO),
             "quantity": Decimal(1), "sequence": sequence, "date_maturity": date},
        )
        fix_id = fix_id or rid
    accounting.post(db, [exchange_id])
    fix = db.tables["account.move.line"][fix_id]
    debit, credit = (line, fix) if residual > 0 else (fix, line)
    _partial(db, debit, credit, abs(residual), ZERO, ZERO)
    return {exchange_id, line["move_id"]}
