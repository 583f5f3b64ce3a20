"""Settings: one clear line naming the setting; secrets never shown."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from odoo_mcp.config import SETTING_NAMES, ConfigError, Protocol, load_settings, settings_from_mapping

BASE = {"ODOO_URL": "https://odoo.example.com/", "ODOO_DB": "books", "ODOO_API_KEY": "k-secret-123"}


def test_minimal_api_key_settings() -> None:
    s = settings_from_mapping(BASE)
    assert s.url == "https://odoo.example.com"
    assert s.protocol is Protocol.AUTO
    assert s.api_key is not None and s.api_key.get_secret_value() == "k-secret-123"


def test_secret_never_in_repr_or_describe() -> None:
    s = settings_from_mapping({**BASE, "ODOO_PASSWORD": "pw-secret-456", "ODOO_LOGIN": "me"})
    shown = repr(s) + str(s.describe())
    assert "k-secret-123" not in shown and "pw-secret-456" not in shown
    assert s.describe()["api_key"] == "set"


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "ODOO_URL"),
        ({"ODOO_URL": "odoo.example.com"}, "ODOO_URL"),
        ({"ODOO_URL": "https://x"}, "ODOO_DB"),
        ({"ODOO_URL": "https://x", "ODOO_DB": "d"}, "ODOO_API_KEY"),
        ({**BASE, "ODOO_PROTOCOL": "soap"}, "ODOO_PROTOCOL"),
        ({**BASE, "ODOO_TIMEOUT": "soon"}, "ODOO_TIMEOUT"),
        ({**BASE, "ODOO_TIMEOUT": "-3"}, "ODOO_TIMEOUT"),
        ({**BASE, "DRY_RUN": "maybe"}, "DRY_RUN"),
        ({**BASE, "MAX_PAYMENTS_PER_HOUR": "2.5"}, "MAX_PAYMENTS_PER_HOUR"),
        ({**BASE, "ODOO_PROTOCOL": "jsonrpc"}, "ODOO_LOGIN"),
        ({**BASE, "ODOO_DB": "${ODOO_DB}"}, "ODOO_DB"),
    ],
)
def test_bad_settings_name_the_setting_in_one_line(env: dict[str, str], names: str) -> None:
    with pytest.raises(ConfigError) as info:
        settings_from_mapping(env)
    message = str(info.value)
    assert names in message and "\n" not in message
    assert "k-secret-123" not in message


def test_unexpanded_variable_is_explained() -> None:
    with pytest.raises(ConfigError, match="literal text"):
        settings_from_mapping({**BASE, "ODOO_API_KEY": "${ODOO_API_KEY}"})


def test_sandbox_needs_nothing_else() -> None:
    s = settings_from_mapping({"ODOO_URL": "sandbox"})
    assert s.is_sandbox


def test_password_login_alone_is_enough_for_auto() -> None:
    s = settings_from_mapping({"ODOO_URL": "http://o:8069", "ODOO_DB": "d", "ODOO_LOGIN": "a", "ODOO_PASSWORD": "p"})
    assert s.api_key is None and s.login == "a"


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ODOO_URL=https://from-file\nODOO_DB=filedb\nODOO_API_KEY=file-key\nDRY_RUN=true\n")
    s = load_settings(env_file, environ={"ODOO_DB": "envdb"})
    assert (s.url, s.database, s.dry_run) == ("https://from-file", "envdb", True)


def test_credentials_in_the_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({"ODOO_URL": "https://admin:hunter2-secret@odoo.example.com", "ODOO_DB": "books", "ODOO_API_KEY": "k"})
    message = str(caught.value)
    assert "hunter2-secret" not in message and "ODOO_URL must not contain a user or password" in message and "\n" not in message


# -- on pydantic-settings: same names, defaults, sources and secrecy as the hand-made parser had --


def test_the_variable_names_are_the_documented_ones() -> None:
    assert {
        "ODOO_URL", "ODOO_DB", "ODOO_LOGIN", "ODOO_PASSWORD", "ODOO_API_KEY", "ODOO_PROTOCOL", "ODOO_COMPANY",
        "VAULT_PATH", "ODOO_MCP_STATE_DIR", "ODOO_MCP_STATE_URL", "ODOO_TIMEOUT", "ODOO_CONNECT_TIMEOUT", "ODOO_READ_RETRIES", "DRY_RUN",
        "MAX_PAYMENTS_PER_HOUR", "APPROVAL_TTL_HOURS", "SIGNED_APPROVALS", "ODOO_SANDBOX_STATE", "LOG_LEVEL",
        "ODOO_MCP_PUBLIC_URL", "ODOO_MCP_OAUTH_ISSUER", "ODOO_MCP_OAUTH_INTROSPECTION_URL", "ODOO_MCP_OAUTH_CLIENT_ID",
        "ODOO_MCP_OAUTH_CLIENT_SECRET",
    } == SETTING_NAMES


def test_defaults_and_empty_values_mean_the_default() -> None:
    expected = {
        "database": None, "login": None, "password": None, "api_key": None, "protocol": Protocol.AUTO, "company": None,
        "vault_path": Path("AI_Employee_Vault"), "state_dir": Path(".state"), "timeout": 30.0, "connect_timeout": 5.0,
        "read_retries": 2, "dry_run": False, "max_payments_per_hour": 3, "approval_ttl_hours": 72.0,
        "signed_approvals": False, "sandbox_state": None, "log_level": "INFO", "state_url": None, "public_url": None,
        "oauth_issuer": None, "oauth_introspection_url": None, "oauth_client_id": None, "oauth_client_secret": None,
    }
    empty = {name: "" for name in ("ODOO_DB", "ODOO_PROTOCOL", "ODOO_COMPANY", "VAULT_PATH", "ODOO_MCP_STATE_DIR", "ODOO_MCP_STATE_URL",
                                    "DRY_RUN", "SIGNED_APPROVALS", "ODOO_SANDBOX_STATE", "LOG_LEVEL")}
    for env in ({"ODOO_URL": "sandbox"}, {"ODOO_URL": " Sandbox ", **empty}):
        s = settings_from_mapping(env)
        assert s.url == "sandbox" and {name: getattr(s, name) for name in expected} == expected


def test_values_are_parsed_as_before() -> None:
    s = settings_from_mapping({**BASE, "ODOO_PROTOCOL": " JSON2 ", "VAULT_PATH": "~/books", "ODOO_TIMEOUT": "2.5",
                               "ODOO_READ_RETRIES": "0", "DRY_RUN": "Yes", "LOG_LEVEL": "debug", "ODOO_COMPANY": " 3 "})
    assert (s.protocol, s.vault_path, s.timeout, s.read_retries, s.dry_run, s.log_level, s.company) == (
        Protocol.JSON2, Path("~/books").expanduser(), 2.5, 0, True, "DEBUG", "3")


def test_only_the_given_mapping_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the caller's environment nor a `.env` in the working directory leaks into `settings_from_mapping`."""
    (tmp_path / ".env").write_text("ODOO_URL=https://from-file\nODOO_DB=filedb\nODOO_API_KEY=k\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ODOO_URL", "https://from-env")
    monkeypatch.setenv("ODOO_DB", "envdb")
    assert settings_from_mapping({"ODOO_URL": "sandbox"}).database is None
    with pytest.raises(ConfigError, match="ODOO_URL is not set"):
        settings_from_mapping({})
    assert load_settings(environ={}).database == "filedb"  # `.env` of the working directory by default
    assert load_settings(tmp_path / "missing.env", environ={"ODOO_URL": "sandbox"}).database is None


def test_the_process_environment_wins_over_the_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / "odoo.env"
    env_file.write_text("ODOO_URL=https://from-file\nODOO_DB=filedb\nODOO_API_KEY=file-key\nEMPTY_LINE_NAME\n")
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ODOO_DB", "envdb")
    s = load_settings(env_file)
    assert (s.url, s.database, s.api_key.get_secret_value() if s.api_key else None) == ("https://from-file", "envdb", "file-key")


def test_a_secret_is_never_logged_even_with_pydantic_settings_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ODOO_URL=https://o.example.com\nODOO_DB=d\nODOO_API_KEY=k-secret-789\n")
    monkeypatch.setenv("PYDANTIC_SETTINGS_DEBUG", "1")
    caplog.set_level(logging.DEBUG)
    s = load_settings(env_file, environ={"ODOO_PASSWORD": "pw-secret-000"})
    assert s.api_key is not None and s.password is not None
    assert "k-secret-789" not in caplog.text and "pw-secret-000" not in caplog.text
    assert "k-secret-789" not in repr(s) and "pw-secret-000" not in str(s)


def test_oauth_needs_all_of_its_settings_and_never_echoes_the_secret() -> None:
    oauth = {
        "ODOO_URL": "sandbox",
        "ODOO_MCP_OAUTH_ISSUER": "https://auth.example.com/realms/acme",
        "ODOO_MCP_OAUTH_INTROSPECTION_URL": "https://auth.example.com/realms/acme/introspect",
        "ODOO_MCP_PUBLIC_URL": "https://mcp.example.com/mcp",
        "ODOO_MCP_OAUTH_CLIENT_ID": "odoo-mcp",
        "ODOO_MCP_OAUTH_CLIENT_SECRET": "s3cret-value-xyz",
    }
    configured = settings_from_mapping(oauth)
    assert configured.public_url == "https://mcp.example.com/mcp"
    assert "s3cret-value-xyz" not in repr(configured) + str(configured.describe())
    assert configured.describe()["oauth_client_secret"] == "set"
    for missing in ("ODOO_MCP_PUBLIC_URL", "ODOO_MCP_OAUTH_CLIENT_SECRET", "ODOO_MCP_OAUTH_INTROSPECTION_URL"):
        with pytest.raises(ConfigError, match=f"{missing} is not set") as refused:
            settings_from_mapping({k: v for k, v in oauth.items() if k != missing})
        assert "s3cret-value-xyz" not in str(refused.value)
    with pytest.raises(ConfigError, match="ODOO_MCP_OAUTH_ISSUER must not contain a user or password"):
        settings_from_mapping({**oauth, "ODOO_MCP_OAUTH_ISSUER": "https://me:pw@auth.example.com"})
    with pytest.raises(ConfigError, match="ODOO_MCP_PUBLIC_URL must look like"):
        settings_from_mapping({**oauth, "ODOO_MCP_PUBLIC_URL": "mcp.example.com"})


def test_the_shared_store_address_is_a_secret_shown_masked() -> None:
    url = "postgresql://mcp:p%40ss-w0rd-789@db.example.com:5432/approvals"
    s = settings_from_mapping({**BASE, "ODOO_MCP_STATE_URL": url})
    assert s.state_url is not None and s.state_url.get_secret_value() == url
    shown = repr(s) + str(s.describe()) + s.request_store_shown
    assert "p%40ss-w0rd-789" not in shown and "p@ss-w0rd-789" not in shown
    assert s.describe()["request_store"] == "PostgreSQL postgresql://mcp:***@db.example.com:5432/approvals"
    assert settings_from_mapping(BASE).request_store_shown.startswith("SQLite ")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("mysql://u:secret-pw@h/db", "the scheme is not postgresql://"),
        ("postgresql://u:secret-pw@h:port/db", "the host or port cannot be read"),
        ("postgresql://u:secret-pw@[::1/db", "the host or port cannot be read"),
        ("postgresql://u:secret-pw@/db", "no host"),
        ("postgresql://u:secret-pw@h:5432/", "no database name"),
    ],
)
def test_a_wrong_shared_store_address_is_one_line_without_the_password(url: str, why: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({**BASE, "ODOO_MCP_STATE_URL": url})
    message = str(caught.value)
    assert message.startswith("ODOO_MCP_STATE_URL must be a PostgreSQL address") and why in message and "secret-pw" not in message
