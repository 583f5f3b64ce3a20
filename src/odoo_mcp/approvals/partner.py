"""create_partner: a customer or vendor, created with its marker, compared with the plan afterwards."""

from __future__ import annotations

from ..odoo import Domain, Many2one
from . import markers
from .base import Attempt, Books, InvalidRequest, Outcome, Proposal, compare
from .inputs import CreatePartner
from .plans import PartnerPlan

_CONTACT = ("email", "phone", "vat", "street", "city", "zip")
_READ = ["name", "is_company", "customer_rank", "supplier_rank", "country_id", *_CONTACT]


async def propose(books: Books, q: CreatePartner) -> Proposal:
    client = books.client
    country_id, country = None, None
    if q.country_code:
        countries = await client.search_read("res.country", [("code", "=", q.country_code)], ["name"], limit=1)
        if not countries:
            raise InvalidRequest(f"no country with code {q.country_code}")
        country_id, country = int(countries[0]["id"]), str(countries[0]["name"])
    company = await books.accounting.company()
    plan = PartnerPlan(company_id=company.id, name=q.name, is_company=q.is_company, customer=q.role in ("customer", "both"),
                       vendor=q.role in ("vendor", "both"), country_id=country_id, country=country,
                       **{key: getattr(q, key) for key in _CONTACT})
    details = [f"Name: {q.name} ({'company' if q.is_company else 'individual'}), {q.role}"]
    if country:
        details.append(f"Country: {country}")
    details += [f"{key.capitalize()}: {getattr(q, key)}" for key in _CONTACT if getattr(q, key)]
    same: Domain = [("name", "ilike", q.name)]
    twins = [row for row in await client.search_read("res.partner", same, ["name"], limit=20)
             if str(row.get("name", "")).strip().lower() == q.name.lower()]
    flags = []
    if twins:
        flags.append(f"POSSIBLE DUPLICATE: a partner named {q.name} already exists (id {', '.join(str(t['id']) for t in twins)})")
    return Proposal(action="create_partner", headline=f"Create the {q.role} {q.name} in Odoo.", details=details, amount=None,
                    currency=None, recipient=q.name, target=f"res.partner (new) {q.name}", plan=plan, flags=flags)


def _load_row(plan: PartnerPlan) -> tuple[list[str], list[str]]:
    fields = ["name", "is_company", "customer_rank", "supplier_rank", "country_id/.id", *_CONTACT]
    values = [plan.name, "1" if plan.is_company else "0", "1" if plan.customer else "0", "1" if plan.vendor else "0",
              str(plan.country_id or ""), *[getattr(plan, key) or "" for key in _CONTACT]]
    return fields, values


async def run(books: Books, plan: PartnerPlan, attempt: Attempt) -> Outcome:
    client = books.client
    found = await markers.find(client, "res.partner", attempt.approval_id)
    if found is None and attempt.dry_run:
        return Outcome([], f"would create partner {plan.name}", dry_run=True)
    if found is None:
        fields, values = _load_row(plan)
        partner_id = await markers.create(client, "res.partner", fields, [values], attempt.approval_id)
    else:
        partner_id = found
    rows = await client.read("res.partner", [partner_id], _READ)
    stored = rows[0] if rows else {}
    mismatches = compare([
        ("name", plan.name, stored.get("name")),
        ("is_company", plan.is_company, bool(stored.get("is_company"))),
        *([("customer", True, bool(stored.get("customer_rank")))] if plan.customer else []),
        *([("vendor", True, bool(stored.get("supplier_rank")))] if plan.vendor else []),
        ("country", plan.country_id, Many2one.parse(stored.get("country_id")).id),
        *[(key, getattr(plan, key), stored.get(key) or None) for key in _CONTACT],
    ])
    record = {"model": "res.partner", "id": partner_id, "name": stored.get("name") or plan.name}
    verb = "found partner already created for this approval:" if found else "created partner"
    return Outcome([record], f"{verb} {plan.name} (id {partner_id})", found_existing=found is not None, mismatches=mismatches)
