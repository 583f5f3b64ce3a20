"""Fixed values of the sandbox Odoo.

Every value here is a SANDBOX value: the database name, login, password and API key below
open nothing but the in-process stand-in, and they are public on purpose so that a new user
can try the server without any secret.
"""

from __future__ import annotations

from typing import Final

#: Name of the only database the sandbox serves (sandbox value).
SANDBOX_DB: Final = "sandbox"
#: Login of the sandbox administrator (sandbox value).
SANDBOX_LOGIN: Final = "sandbox"
#: Password of the sandbox administrator (sandbox value, not a secret).
SANDBOX_PASSWORD: Final = "sandbox"
#: API key accepted by the sandbox, for /json/2 and as a /jsonrpc password (sandbox value, not a secret).
SANDBOX_API_KEY: Final = "sandbox-api-key"
#: The sandbox administrator's user id, as on a fresh Odoo (uid 1 is the superuser, 2 the admin).
SANDBOX_UID: Final = 2

#: What Odoo 19.0 final reports as `version_info`.
VERSION_INFO: Final = (19, 0, 0, "final", 0, "")
SERVER_VERSION: Final = "19.0"

#: Company currency precision; every monetary value is rounded to this before it is emitted.
CURRENCY_DECIMALS: Final = 2

#: Seed used for the deterministic demo data; the same `today` always gives the same books.
SEED: Final = 19_2026
