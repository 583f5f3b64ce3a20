"""Settings from the environment and `.env`.

Every setting is read once, validated, and reported by its environment name when wrong, so a
misconfigured `.mcp.json` (where an unset `${VAR}` arrives as literal text) fails with one line
that says what to fix. Secrets are `SecretStr`: they never appear in a repr, a log or an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, SecretStr

SANDBOX_URL = "sandbox"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the setting, never its secret value."""


class Protocol(str, Enum):
    AUTO = "auto"
    JSON2 = "json2"
    JSONRPC = "jsonrpc"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    database: str | None = None
    login: str | None = None
    password: SecretStr | None = None
    api_key: SecretStr | None = None
    protocol: Protocol = Protocol.AUTO
    company: str | None = None  # id or exact name; None = the API user's default company
    vault_path: Path = Path("AI_Employee_Vault")
    state_dir: Path = Path(".state")
    timeout: float = 30.0
    connect_timeout: float = 5.0
    read_retries: int = 2
    dry_run: bool = False
    max_payments_per_hour: int = 3
    approval_ttl_hours: float = 72.0
    signed_approvals: bool = False
    sandbox_state: Path | None = None
    log_level: str = "INFO"

    @property
    def is_sandbox(self) -> bool:
        return self.url == SANDBOX_URL

    @property
    def ledger_path(self) -> Path:
        return self.state_dir / "ledger.sqlite3"

    @property
    def signing_key_path(self) -> Path:
        return self.state_dir / "approval-signing.key"

    def describe(self) -> dict[str, Any]:
        """What may be shown to a user: no secret, only whether one is set."""
        return {
            "url": self.url,
            "database": self.database,
            "login": self.login,
            "protocol": self.protocol.value,
            "company": self.company or "the user's default company",
            "api_key": "set" if self.api_key else "not set",
            "password": "set" if self.password else "not set",
            "vault_path": str(self.vault_path),
            "dry_run": self.dry_run,
        }


# env name -> (field, kind). Kinds drive parsing and the message for a bad value.
_FIELDS: dict[str, tuple[str, str]] = {
    "ODOO_URL": ("url", "url"),
    "ODOO_DB": ("database", "text"),
    "ODOO_LOGIN": ("login", "text"),
    "ODOO_PASSWORD": ("password", "secret"),
    "ODOO_API_KEY": ("api_key", "secret"),
    "ODOO_PROTOCOL": ("protocol", "protocol"),
    "ODOO_COMPANY": ("company", "text"),
    "VAULT_PATH": ("vault_path", "path"),
    "ODOO_MCP_STATE_DIR": ("state_dir", "path"),
    "ODOO_TIMEOUT": ("timeout", "seconds"),
    "ODOO_CONNECT_TIMEOUT": ("connect_timeout", "seconds"),
    "ODOO_READ_RETRIES": ("read_retries", "count"),
    "DRY_RUN": ("dry_run", "bool"),
    "MAX_PAYMENTS_PER_HOUR": ("max_payments_per_hour", "count"),
    "APPROVAL_TTL_HOURS": ("approval_ttl_hours", "seconds"),
    "SIGNED_APPROVALS": ("signed_approvals", "bool"),
    "ODOO_SANDBOX_STATE": ("sandbox_state", "path"),
    "LOG_LEVEL": ("log_level", "level"),
}
# Every environment variable the settings are read from (doctor flags the unknown ones, likely typos).
SETTING_NAMES: frozenset[str] = frozenset(_FIELDS)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _parse(env_name: str, kind: str, raw: str) -> Any:
    value = raw.strip()
    if value.startswith("${") and value.endswith("}"):
        raise ConfigError(
            f"{env_name} arrived as the literal text {value!r}: the variable it refers to is not set "
            "in the environment that started the server"
        )
    if kind in ("text", "secret"):
        if not value:
            return None
        return SecretStr(value) if kind == "secret" else value
    if kind == "url":
        if value.lower() == SANDBOX_URL:
            return SANDBOX_URL
        parts = urlsplit(value)
        if "@" in parts.netloc:
            # Never echo the value: it holds a password. Credentials belong in their own settings.
            raise ConfigError(
                "ODOO_URL must not contain a user or password (user:password@host): "
                "give the key in ODOO_API_KEY, or ODOO_LOGIN and ODOO_PASSWORD"
            )
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"ODOO_URL must look like https://odoo.example.com (or be 'sandbox'), got {value!r}"
            )
        return value.rstrip("/")
    if kind == "protocol":
        try:
            return Protocol(value.lower() or "auto")
        except ValueError:
            raise ConfigError(f"{env_name} must be one of auto, json2, jsonrpc; got {value!r}") from None
    if kind == "path":
        return Path(value).expanduser() if value else None
    if kind in ("seconds", "count"):
        try:
            number = float(value) if kind == "seconds" else int(value)
        except ValueError:
            raise ConfigError(f"{env_name} must be a {'number' if kind == 'seconds' else 'whole number'}, got {value!r}") from None
        if number <= 0 and not (kind == "count" and number == 0):
            raise ConfigError(f"{env_name} must be positive, got {value!r}")
        return number
    if kind == "bool":
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConfigError(f"{env_name} must be true or false, got {value!r}")
    if kind == "level":
        upper = value.upper() or "INFO"
        if upper not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ConfigError(f"{env_name} must be DEBUG, INFO, WARNING or ERROR, got {value!r}")
        return upper
    raise AssertionError(kind)


def settings_from_mapping(env: Mapping[str, str]) -> Settings:
    """Build settings from a plain mapping; the single place where rules between settings live."""
    values: dict[str, Any] = {}
    for env_name, (field, kind) in _FIELDS.items():
        raw = env.get(env_name)
        if raw is None:
            continue
        parsed = _parse(env_name, kind, raw)
        if parsed is not None:
            values[field] = parsed
    if "url" not in values:
        raise ConfigError("ODOO_URL is not set: give your Odoo's address, or 'sandbox' to try the demo data")
    settings = Settings(**values)
    if settings.is_sandbox:
        return settings
    if not settings.database:
        raise ConfigError("ODOO_DB is not set: give the name of your Odoo database")
    if settings.protocol is Protocol.JSON2 and not settings.api_key:
        raise ConfigError("ODOO_API_KEY is not set: JSON-2 (ODOO_PROTOCOL=json2) needs an API key")
    if settings.protocol is Protocol.JSONRPC:
        if not settings.login:
            raise ConfigError("ODOO_LOGIN is not set: JSON-RPC needs the user's login")
        if not (settings.password or settings.api_key):
            raise ConfigError("ODOO_PASSWORD is not set: JSON-RPC needs a password or ODOO_API_KEY")
    if settings.protocol is Protocol.AUTO and not settings.api_key:
        if not (settings.login and settings.password):
            raise ConfigError(
                "ODOO_API_KEY is not set: give an API key (recommended), or ODOO_LOGIN and ODOO_PASSWORD"
            )
    return settings


def load_settings(env_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `.env` (if present) overlaid by the real environment, which wins."""
    from dotenv import dotenv_values

    merged: dict[str, str] = {}
    path = env_file if env_file is not None else Path(".env")
    if path.is_file():
        merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return settings_from_mapping(merged)
