"""What `odoo-mcp setup` is asked to do, checked before anything is sent to Odoo."""

from __future__ import annotations

import datetime as dt
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# Odoo's own rule for database names (odoo/service/db.py, DBNAME_PATTERN in the web manager).
DBNAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
# The key durations Odoo's "New API Key" wizard offers an administrator (days; 0 = no expiry).
API_KEY_DAYS = (0, 1, 7, 30, 90, 180, 365)


class SetupError(Exception):
    """A known failure: one line that says what went wrong and what to do, never a secret."""


class Secrets(Protocol):
    """Where passwords come from: the CLI reads the environment or prompts, tests hand them in.

    Asked lazily so that a rerun against an existing database never needs the master password.
    """

    def master_password(self) -> str: ...

    def admin_password(self, *, new_database: bool) -> str: ...


@dataclass(frozen=True)
class SetupOptions:
    url: str
    database: str
    env_file: Path
    login: str = "admin"
    lang: str = "en_US"
    country: str | None = None  # ISO 3166 alpha-2, e.g. "US"; sets the company's country and currency at creation
    company_name: str | None = None
    currency: str | None = None  # ISO 4217, e.g. "EUR"
    force: bool = False
    create_api_key: bool = True
    api_key_days: int = 0
    api_key_name: str = field(default_factory=lambda: f"odoo-mcp on {socket.gethostname()} {dt.date.today():%Y-%m-%d}")
    timeout: float = 600.0

    def validate(self) -> None:
        """Reject what Odoo would reject (or half-do) before anything is sent."""
        if not DBNAME.match(self.database):
            raise SetupError(
                f"{self.database!r} is not a valid Odoo database name: use letters, digits, '_', '-' or '.'"
            )
        if self.country is not None and not re.fullmatch(r"[A-Za-z]{2}", self.country):
            raise SetupError(f"--country must be a two-letter ISO code such as US or BE, got {self.country!r}")
        if self.currency is not None and not re.fullmatch(r"[A-Za-z]{3}", self.currency):
            raise SetupError(f"--currency must be a three-letter ISO code such as USD or EUR, got {self.currency!r}")
        if self.api_key_days not in API_KEY_DAYS:
            raise SetupError(f"--api-key-days must be one of {', '.join(map(str, API_KEY_DAYS))} (0 = no expiry)")
