"""`odoo-mcp setup` and `odoo-mcp doctor` against a real Odoo 19, end to end through the CLI.

Runs only when `ODOO_LIVE_URL` and `ODOO_LIVE_MASTER_PASSWORD` are set (Odoo's database manager
must be enabled: `list_db = True`). It creates a database `mcp_setup_<random>`, runs setup twice
(the second run must change nothing), checks doctor on the result and on broken variants, and
drops the database at the end, whatever happened. Nothing else on the server is touched.

    ODOO_LIVE_URL=http://127.0.0.1:8069 ODOO_LIVE_MASTER_PASSWORD=... \\
        pytest tests/test_live_setup.py -m live -s

`ODOO_LIVE_SETUP_COUNTRY` (default US) picks the new database's country; the server must have
the Python libraries that country's localisation needs (Belgium's needs `phonenumbers`).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dotenv import dotenv_values

pytestmark = pytest.mark.live

URL = os.environ.get("ODOO_LIVE_URL", "").rstrip("/")
MASTER = os.environ.get("ODOO_LIVE_MASTER_PASSWORD", "")
COUNTRY = os.environ.get("ODOO_LIVE_SETUP_COUNTRY", "US")



@pytest.fixture(autouse=True)
def _needs_a_database_manager() -> None:
    # A per-test skip (not a module-level one), so CI can see a skipped live test and fail on it.
    if not (URL and MASTER):
        pytest.skip("no real Odoo to set up: set ODOO_LIVE_URL and ODOO_LIVE_MASTER_PASSWORD (database manager enabled) to run it")


def leaks_master(text: str, *harmless: str) -> bool:
    """Whether the master password shows in `text` other than inside values that merely contain it.

    A master password such as `admin` is also a login and part of a database name: only an
    occurrence outside those known, harmless values is a leak.
    """
    for value in sorted(harmless, key=len, reverse=True):
        if value and MASTER in value:
            text = text.replace(value, "")
    return MASTER in text


def cli(args: list[str], extra_env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command in a clean environment: nothing from the developer's ODOO_* leaks in."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT")}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "odoo_mcp", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def drop(database: str) -> None:
    from odoo_mcp.odoo.services import OdooServices

    async def go() -> None:
        services = OdooServices(URL, timeout=120)
        try:
            if await services.db("db_exist", database):
                await services.db("drop", MASTER, database, read=False)
        finally:
            await services.aclose()

    asyncio.run(go())


def test_setup_twice_then_doctor(tmp_path: Path) -> None:
    database = f"mcp_setup_{secrets.token_hex(4)}"
    admin_password = secrets.token_urlsafe(18)
    vault = tmp_path / "AI_Employee_Vault"
    template = Path(__file__).resolve().parents[1] / "AI_Employee_Vault"
    shutil.copytree(template, vault)
    env_file = tmp_path / ".env"
    setup_args = ["--env-file", str(env_file), "setup", "--url", URL, "--db", database, "--country", COUNTRY,
                  "--company-name", "Live Setup Test Ltd", "--currency", "EUR"]
    try:
        first = cli(setup_args, {"ODOO_MASTER_PASSWORD": MASTER, "ODOO_PASSWORD": admin_password}, tmp_path)
        print(f"\n$ odoo-mcp setup (first run)\n{first.stdout}{first.stderr}")
        assert first.returncode == 0, first.stdout + first.stderr
        for step in ("[done]     database", "[done]     accounting", "[done]     company", "[done]     currency", "[done]     .env"):
            assert step in first.stdout
        assert "[done]     api key" in first.stdout or "[skipped]  api key" in first.stdout
        assert (env_file.stat().st_mode & 0o777) == 0o600
        written = dotenv_values(env_file)
        assert "ODOO_MASTER_PASSWORD" not in written, "the master password never goes into .env"
        secrets_written = {k: v for k, v in written.items() if k in ("ODOO_PASSWORD", "ODOO_API_KEY")}
        assert MASTER not in secrets_written.values(), "the master password never goes into .env"
        # Non-secret values (login, database, URL) may contain a weak master password such as `admin`.
        harmless = [v for k, v in written.items() if v and k not in secrets_written]
        assert not leaks_master(env_file.read_text(), *harmless), "the master password never goes into .env"

        # The second run: no master password given, nothing changes.
        before = env_file.read_bytes()
        second = cli(setup_args, {"ODOO_PASSWORD": admin_password}, tmp_path)
        print(f"$ odoo-mcp setup (second run)\n{second.stdout}{second.stderr}")
        assert second.returncode == 0, second.stdout + second.stderr
        lines = [line for line in second.stdout.splitlines() if line.startswith("[")]
        assert lines and all(line.startswith(("[ok]", "[skipped]")) for line in lines), second.stdout
        assert "reused, not recreated" in second.stdout and "not reinstalled" in second.stdout
        assert env_file.read_bytes() == before

        local = {"VAULT_PATH": str(vault), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")}
        good = cli(["--env-file", str(env_file), "doctor"], local, tmp_path)
        print(f"$ odoo-mcp doctor (good)\n{good.stdout}{good.stderr}")
        assert good.returncode == 0, good.stdout
        assert "[FAIL]" not in good.stdout and "Accounting (account) installed" in good.stdout
        assert "currency EUR" in good.stdout and "'Live Setup Test Ltd'" in good.stdout

        bad_key = cli(["--env-file", str(env_file), "doctor"], {**local, "ODOO_API_KEY": "0" * 40}, tmp_path)
        print(f"$ ODOO_API_KEY=<wrong> odoo-mcp doctor\n{bad_key.stdout}{bad_key.stderr}")
        assert bad_key.returncode == 1 and "[FAIL] credentials (JSON-2)" in bad_key.stdout

        bad_db = cli(["--env-file", str(env_file), "doctor"], {**local, "ODOO_DB": database + "_typo"}, tmp_path)
        print(f"$ ODOO_DB=<typo> odoo-mcp doctor\n{bad_db.stdout}{bad_db.stderr}")
        assert bad_db.returncode == 1 and f"Odoo has no database '{database}_typo'" in bad_db.stdout

        for text in (first.stdout, second.stdout, good.stdout, bad_key.stdout, bad_db.stdout):
            assert not leaks_master(text, *harmless) and admin_password not in text and "Traceback" not in text
    finally:
        drop(database)
