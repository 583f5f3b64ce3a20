"""Compact text of the financial statements: a header line with the totals, then one `|` line per record.

Every value that came from Odoo (names, codes, currencies) goes through `t()`, so a name cannot start
a row or add a column.
"""

from __future__ import annotations

from ..accounting.statements_models import AccountRef, BalanceSheet, CashPosition, TaxSummary, TrialBalance
from .render import t


def _account(account: AccountRef | None) -> str:
    return f"{account.id}|{t(account.code)}|{t(account.name)}" if account else "||"


def cash_position(r: CashPosition) -> str:
    lines = [
        f"company {t(r.company)}: cash and bank as of {r.as_of}: {r.total} {t(r.currency)} in {len(r.journals)} journals ({r.basis})",
        f"journal_id|code|journal|type|account_id|account code|account|balance {t(r.currency)}|own currency|balance in own currency|"
        "statement lines to reconcile (amount count)|payments in process (currency amount count)",
    ]
    for j in r.journals:
        own = f"{j.balance_in_currency}" if j.balance_in_currency is not None else ""
        pending = "; ".join(f"{t(p.currency)} {p.amount} ({p.count})" for p in j.payments_in_process)
        lines.append(
            f"{j.id}|{t(j.code)}|{t(j.name)}|{t(j.type)}|{_account(j.account)}|{j.balance}|{t(j.currency)}|{own}|"
            f"{j.statement_lines_to_reconcile_amount} ({j.statement_lines_to_reconcile})|{pending}"
        )
    return "\n".join(lines)


def balance_sheet(r: BalanceSheet) -> str:
    verdict = "balanced: assets = liabilities + equity" if r.balanced else f"NOT balanced: difference {r.difference}"
    lines = [
        f"company {t(r.company)}: balance sheet as of {r.as_of} ({t(r.currency)}): assets {r.assets} = liabilities "
        f"{r.liabilities} + equity {r.equity} ({verdict}); current year earnings {r.current_year_earnings} "
        f"(fiscal year from {r.fiscal_year_start}), previous years {r.previous_years_earnings}",
        f"basis: {r.basis}",
        "by type: " + "; ".join(f"{b.section}/{b.account_type} {b.amount}" for b in r.by_type),
        "section|type|account_id|code|account|amount",
    ]
    for line in r.lines:
        account = _account(line.account) if line.account else f"||{t(line.label)}"
        lines.append(f"{line.section}|{line.account_type}|{account}|{line.amount}")
    return "\n".join(lines)


def trial_balance(r: TrialBalance) -> str:
    verdict = "balanced" if r.balanced else "NOT balanced"
    lines = [
        f"company {t(r.company)}: trial balance {r.period.date_from}..{r.period.date_to} ({t(r.currency)}): opening {r.opening}, "
        f"debit {r.debit}, credit {r.credit}, closing {r.closing} ({verdict}; {r.basis})",
        "account_id|code|account|type|opening|debit|credit|closing",
    ]
    lines += [
        f"{_account(line.account)}|{t(line.account.account_type)}|{line.opening}|{line.debit}|{line.credit}|{line.closing}"
        for line in r.lines
    ]
    return "\n".join(lines)


def tax_summary(r: TaxSummary) -> str:
    lines = [
        f"company {t(r.company)}: taxes {r.period.date_from}..{r.period.date_to} ({t(r.currency)}): collected {r.collected} "
        f"on sales base {r.sales_base}, paid {r.paid} on purchases base {r.purchases_base}, net due {r.net_due} ({r.basis})",
        "tax_id|tax|use|computation|rate|base|tax amount|items",
    ]
    lines += [
        f"{x.id}|{t(x.name)}|{t(x.type_tax_use)}|{t(x.amount_type)}|{x.rate if x.rate is not None else ''}|{x.base}|{x.tax}|{x.items}"
        for x in r.taxes
    ]
    return "\n".join(lines)
