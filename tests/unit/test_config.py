"""Settings: one clear line naming the setting; secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_mcp.config import ConfigError, Protocol, load_settings, settings_from_mapping

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
