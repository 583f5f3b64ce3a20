"""A sandbox Odoo 19: an in-process stand-in that answers like a real Odoo 19, with demo books.

It lets a new user try the server without Docker and lets tests run end to end over HTTP
(`httpx` + `odoo.transport()`, no socket). Everything it holds is SANDBOX DATA (a fictional
company); the credentials below are public sandbox values, not secrets.

    odoo = SandboxOdoo(today=datetime.date(2026, 11, 22))
    async with httpx.AsyncClient(transport=odoo.transport(), base_url="http://sandbox") as http:
        await http.post("/json/2/res.partner/search_read", json={"domain": [], "fields": ["name"]},
                        headers={"Authorization": f"bearer {SANDBOX_API_KEY}"})

Only the standard library is imported here (httpx is imported when `transport()` is called).
"""

from __future__ import annotations

from .app import SandboxOdoo
from .constants import SANDBOX_API_KEY, SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_PASSWORD, SANDBOX_UID
from .dispatch import Call

__all__ = [
    "SANDBOX_API_KEY",
    "SANDBOX_DB",
    "SANDBOX_LOGIN",
    "SANDBOX_PASSWORD",
    "SANDBOX_UID",
    "Call",
    "SandboxOdoo",
]
