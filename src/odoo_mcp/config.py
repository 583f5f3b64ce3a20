"""Settings from the environment and `.env`, declared once on pydantic-settings.

Every setting is a field named after its environment variable (`validation_alias`), read once,
validated, and reported by that name when wrong, so a misconfigured `.mcp.json` (where an unset
`${VAR}` arrives as literal text) fails with one line that says what to fix. Secrets are
`SecretStr`: they never appear in a repr, a log or an error (`hide_input_in_errors`, and
pydantic-settings' own source dump is kept below DEBUG, see the end of this module).

Where values come from is decided per call, not by the class: `load_settings` reads `.env` and the
process environment with pydantic-settings' own sources (the environment wins), while
`settings_from_mapping` takes exactly the mapping it is given (tests, `odoo-mcp doctor`), so a
stray variable in the caller's environment or a `.env` in the working directory never leaks in.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, SecretStr, ValidationError, model_validator
from pydantic_core import PydanticUseDefault
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

SANDBOX_URL = "sandbox"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the setting, never its secret value."""


class Protocol(str, Enum):
    AUTO = "auto"
    JSON2 = "json2"
    JSONRPC = "jsonrpc"


class _Refused(ValueError):
    """A value the settings refuse; its text follows the variable's name (`ODOO_TIMEOUT must be ...`)."""


# -- one parser per kind of value; each receives the raw text of one variable --------------------------


def _text_of(value: object) -> str:
    """The raw text, stripped. An unexpanded `${VAR}` is refused for every setting alike."""
    text = str(value).strip()
    if text.startswith("${") and text.endswith("}"):
        raise _Refused(
            f"arrived as the literal text {text!r}: the variable it refers to is not set "
            "in the environment that started the server"
        )
    return text


def _http_address(text: str, *, credentials: str, example: str) -> str:
    """An http(s) address without credentials, trailing slash dropped; the refusals never echo a password."""
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise _Refused(f"must not contain a user or password (user:password@host){credentials}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Refused(f"must look like {example}, got {text!r}")
    return text.rstrip("/")


def _web_url(value: object) -> object:
    """An http(s) address other than Odoo's (OAuth, the public URL)."""
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    if not text:
        raise PydanticUseDefault()
    return _http_address(text, credentials="", example="https://auth.example.com")


def _optional_text(value: object) -> object:
    """Text; empty means unset (the field's default)."""
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    if not text:
        raise PydanticUseDefault()
    return text


def _url(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    if text.lower() == SANDBOX_URL:
        return SANDBOX_URL
    # Credentials belong in their own settings, never in the URL.
    return _http_address(
        text,
        credentials=": give the key in ODOO_API_KEY, or ODOO_LOGIN and ODOO_PASSWORD",
        example="https://odoo.example.com (or be 'sandbox')",
    )


def _protocol(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    try:
        return Protocol(text.lower() or "auto")
    except ValueError:
        raise _Refused(f"must be one of auto, json2, jsonrpc; got {text!r}") from None


def _path(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    if not text:
        raise PydanticUseDefault()
    return Path(text).expanduser()


def _seconds(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    try:
        number = float(text)
    except ValueError:
        raise _Refused(f"must be a number, got {text!r}") from None
    if number <= 0:
        raise _Refused(f"must be positive, got {text!r}")
    return number


def _count(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    try:
        number = int(text)
    except ValueError:
        raise _Refused(f"must be a whole number, got {text!r}") from None
    if number < 0:
        raise _Refused(f"must be positive, got {text!r}")
    return number


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise _Refused(f"must be true or false, got {text!r}")


_STATE_URL_FORM = "postgresql://user:password@host:5432/database"


def _state_url(value: object) -> object:
    """A PostgreSQL address for the shared request store. Never echoed: it holds a password."""
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    if not text:
        raise PydanticUseDefault()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - parsing it is the check
    except ValueError:  # a port that is no number, a broken [IPv6] host: the parser's message may quote the value
        raise _Refused(f"must be a PostgreSQL address, {_STATE_URL_FORM} (the host or port cannot be read)") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise _Refused(f"must be a PostgreSQL address, {_STATE_URL_FORM} (the scheme is not postgresql://)")
    if not parts.hostname:
        raise _Refused(f"must be a PostgreSQL address, {_STATE_URL_FORM} (no host)")
    if not parts.path.strip("/"):
        raise _Refused(f"must be a PostgreSQL address, {_STATE_URL_FORM} (no database name)")
    return SecretStr(text)


def masked_url(url: str) -> str:
    """`url` with its password replaced by `***`: what may be shown of a database address."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}").geturl()


def _level(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _text_of(value)
    upper = text.upper() or "INFO"
    if upper not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise _Refused(f"must be DEBUG, INFO, WARNING or ERROR, got {text!r}")
    return upper


Url = Annotated[str, BeforeValidator(_url)]
Text = Annotated[str | None, BeforeValidator(_optional_text)]
Secret = Annotated[SecretStr | None, BeforeValidator(_optional_text)]
WebUrl = Annotated[str | None, BeforeValidator(_web_url)]
Folder = Annotated[Path, BeforeValidator(_path)]
Seconds = Annotated[float, BeforeValidator(_seconds)]
Count = Annotated[int, BeforeValidator(_count)]
Flag = Annotated[bool, BeforeValidator(_flag)]
DatabaseUrl = Annotated[SecretStr | None, BeforeValidator(_state_url)]

# What a required setting's absence means to the person reading the error.
_WHEN_UNSET = {"ODOO_URL": "give your Odoo's address, or 'sandbox' to try the demo data"}


@dataclass(frozen=True)
class OAuthSettings:
    issuer: str
    introspection_url: str
    public_url: str
    client_id: str
    client_secret: SecretStr


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True,
        case_sensitive=True,  # ODOO_URL, not odoo_url: the names the docs and `.env.example` use
        extra="ignore",
        validate_default=False,
        hide_input_in_errors=True,  # a pydantic error must never carry a secret's value
    )

    url: Url = Field(validation_alias="ODOO_URL")
    database: Text = Field(None, validation_alias="ODOO_DB")
    login: Text = Field(None, validation_alias="ODOO_LOGIN")
    password: Secret = Field(None, validation_alias="ODOO_PASSWORD")
    api_key: Secret = Field(None, validation_alias="ODOO_API_KEY")
    protocol: Annotated[Protocol, BeforeValidator(_protocol)] = Field(Protocol.AUTO, validation_alias="ODOO_PROTOCOL")
    # id or exact name; None = the API user's default company
    company: Text = Field(None, validation_alias="ODOO_COMPANY")
    vault_path: Folder = Field(Path("AI_Employee_Vault"), validation_alias="VAULT_PATH")
    state_dir: Folder = Field(Path(".state"), validation_alias="ODOO_MCP_STATE_DIR")
    # The approval request store shared by several instances (PostgreSQL); None: SQLite in state_dir.
    state_url: DatabaseUrl = Field(None, validation_alias="ODOO_MCP_STATE_URL")
    timeout: Seconds = Field(30.0, validation_alias="ODOO_TIMEOUT")
    connect_timeout: Seconds = Field(5.0, validation_alias="ODOO_CONNECT_TIMEOUT")
    read_retries: Count = Field(2, validation_alias="ODOO_READ_RETRIES")
    dry_run: Flag = Field(False, validation_alias="DRY_RUN")
    max_payments_per_hour: Count = Field(3, validation_alias="MAX_PAYMENTS_PER_HOUR")
    approval_ttl_hours: Seconds = Field(72.0, validation_alias="APPROVAL_TTL_HOURS")
    signed_approvals: Flag = Field(False, validation_alias="SIGNED_APPROVALS")
    sandbox_state: Annotated[Path | None, BeforeValidator(_path)] = Field(None, validation_alias="ODOO_SANDBOX_STATE")
    log_level: Annotated[str, BeforeValidator(_level)] = Field("INFO", validation_alias="LOG_LEVEL")
    # `serve --http` with OAuth instead of local tokens (server/http.py, docs/http.md)
    public_url: WebUrl = Field(None, validation_alias="ODOO_MCP_PUBLIC_URL")
    oauth_issuer: WebUrl = Field(None, validation_alias="ODOO_MCP_OAUTH_ISSUER")
    oauth_introspection_url: WebUrl = Field(None, validation_alias="ODOO_MCP_OAUTH_INTROSPECTION_URL")
    oauth_client_id: Text = Field(None, validation_alias="ODOO_MCP_OAUTH_CLIENT_ID")
    oauth_client_secret: Secret = Field(None, validation_alias="ODOO_MCP_OAUTH_CLIENT_SECRET")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values passed in: `load_settings` gathers them (see the module docstring)."""
        return (init_settings,)

    @model_validator(mode="after")
    def _rules_between_settings(self) -> Settings:
        """The single place where rules between settings live; the sandbox needs nothing else."""
        if self.oauth_issuer or self.oauth_introspection_url:
            needed = {
                "ODOO_MCP_OAUTH_ISSUER": self.oauth_issuer,
                "ODOO_MCP_OAUTH_INTROSPECTION_URL": self.oauth_introspection_url,
                "ODOO_MCP_PUBLIC_URL": self.public_url,
                "ODOO_MCP_OAUTH_CLIENT_ID": self.oauth_client_id,
                "ODOO_MCP_OAUTH_CLIENT_SECRET": self.oauth_client_secret,
            }
            for name, value in needed.items():
                if not value:
                    raise _Refused(
                        f"{name} is not set: OAuth needs the issuer, its introspection endpoint, this server's "
                        "public URL, and the client id and secret it introspects tokens with"
                    )
        if self.is_sandbox:
            return self
        if not self.database:
            raise _Refused("ODOO_DB is not set: give the name of your Odoo database")
        if self.protocol is Protocol.JSON2 and not self.api_key:
            raise _Refused("ODOO_API_KEY is not set: JSON-2 (ODOO_PROTOCOL=json2) needs an API key")
        if self.protocol is Protocol.JSONRPC:
            if not self.login:
                raise _Refused("ODOO_LOGIN is not set: JSON-RPC needs the user's login")
            if not (self.password or self.api_key):
                raise _Refused("ODOO_PASSWORD is not set: JSON-RPC needs a password or ODOO_API_KEY")
        if self.protocol is Protocol.AUTO and not self.api_key and not (self.login and self.password):
            raise _Refused("ODOO_API_KEY is not set: give an API key (recommended), or ODOO_LOGIN and ODOO_PASSWORD")
        return self

    @property
    def is_sandbox(self) -> bool:
        return self.url == SANDBOX_URL

    @property
    def request_store_path(self) -> Path:
        """The approval request store (`approvals.request_store`); an older `ledger.sqlite3` is moved here when opened."""
        return self.state_dir / "requests.sqlite3"

    @property
    def signing_key_path(self) -> Path:
        """The owner's approval signing key: a file, never in the shared store (docs/approvals.md says why);
        instances sharing a PostgreSQL store must each hold the same file."""
        return self.state_dir / "approval-signing.key"

    @property
    def oauth(self) -> OAuthSettings | None:
        """The OAuth resource-server settings as one value when ODOO_MCP_OAUTH_ISSUER is set (the rules above
        checked that the rest is), else None: `serve --http` then uses local tokens."""
        if not (self.oauth_issuer and self.oauth_introspection_url and self.public_url and self.oauth_client_id
                and self.oauth_client_secret):
            return None
        return OAuthSettings(self.oauth_issuer, self.oauth_introspection_url, self.public_url, self.oauth_client_id,
                             self.oauth_client_secret)

    @property
    def request_store_shown(self) -> str:
        """Where the approval request store is, as shown to a person (the PostgreSQL password masked)."""
        if self.state_url is not None:
            return f"PostgreSQL {masked_url(self.state_url.get_secret_value())}"
        return f"SQLite {self.request_store_path}"

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
            "request_store": self.request_store_shown,
            "dry_run": self.dry_run,
            "http_auth": f"OAuth via {self.oauth_issuer}" if self.oauth_issuer else "local tokens (odoo-mcp tokens)",
            "oauth_client_secret": "set" if self.oauth_client_secret else "not set",
        }


# Every environment variable the settings are read from (doctor flags the unknown ones, likely typos).
SETTING_NAMES: frozenset[str] = frozenset(str(f.validation_alias) for f in Settings.model_fields.values())


def _config_error(exc: ValidationError) -> ConfigError:
    """The first problem as one line naming the variable; a missing value is reported after a wrong one."""
    errors = sorted(exc.errors(include_url=False, include_input=False), key=lambda e: e["type"] == "missing")
    first = errors[0]
    name = ".".join(str(part) for part in first["loc"])
    if first["type"] == "missing":
        return ConfigError(f"{name} is not set: {_WHEN_UNSET.get(name, 'it is required')}")
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, _Refused):
        return ConfigError(f"{name} {cause}" if name else str(cause))
    return ConfigError(f"{name}: {first['msg']}" if name else str(first["msg"]))


def settings_from_mapping(env: Mapping[str, str]) -> Settings:
    """Settings from exactly `env` (nothing else is read); `ConfigError` names the first bad setting."""
    given: dict[str, Any] = {name: value for name, value in env.items() if name in SETTING_NAMES}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise _config_error(exc) from None


def load_settings(env_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `.env` (if present) overlaid by the real environment (or `environ`), which wins."""
    path = env_file if env_file is not None else Path(".env")
    from_file = DotEnvSettingsSource(Settings, env_file=path if path.is_file() else None)()
    from_environment = EnvSettingsSource(Settings)() if environ is None else environ
    return settings_from_mapping({**from_file, **from_environment})


# pydantic-settings logs every source's raw values at DEBUG when PYDANTIC_SETTINGS_DEBUG is set:
# those values include the API key and password, so its logger never goes below INFO.
logging.getLogger("pydantic_settings").setLevel(logging.INFO)
