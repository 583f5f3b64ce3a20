"""`odoo-mcp doctor`: one line per check, the right verdict for each way a setup breaks, no secrets.

A good setup runs against the sandbox (the conftest fixtures) and against `FakeOdoo` (the
scripted Odoo 19 from test_setup.py, which also has a database service and real key checks);
the broken ones change one thing each.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.doctor import Check, Status, exit_code, render, run_doctor

from .test_setup import ADMIN_PW, DB, URL, FakeOdoo

pytestmark = pytest.mark.anyio

KEY = "k" + "7" * 40


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


@pytest.fixture
def odoo() -> FakeOdoo:
    fake = FakeOdoo()
    fake.add_database().keys[KEY] = "odoo-mcp"
    return fake


@pytest.fixture
def real_env(tmp_path: Path, vault_path: Path) -> dict[str, str]:
    """What `odoo-mcp setup` writes, plus the vault and state dir of the test."""
    return {
        "ODOO_URL": URL, "ODOO_DB": DB, "ODOO_LOGIN": "admin", "ODOO_API_KEY": KEY, "ODOO_PROTOCOL": "json2",
        "VAULT_PATH": str(vault_path), "ODOO_MCP_STATE_DIR": str(tmp_path / "state"),
    }


async def doctor(odoo: FakeOdoo, tmp_path: Path, environ: dict[str, str], env_text: str | None = None, mode: int = 0o600) -> list[Check]:
    env_file = tmp_path / ".env"
    if env_text is not None:
        env_file.write_text(env_text)
        env_file.chmod(mode)
    return await run_doctor(env_file, environ, http_transport=odoo.transport())


def assert_no_secret(checks: list[Check]) -> None:
    text = render(checks)
    for secret in (KEY, ADMIN_PW, "SECRET_INTERNALS", "Traceback"):
        assert secret not in text


async def test_good_setup_on_the_sandbox(env: dict[str, str], tmp_path: Path, sandbox: Any) -> None:
    checks = await run_doctor(tmp_path / "absent.env", env, sandbox=sandbox)
    text = render(checks)
    assert exit_code(checks) == 0, text
    assert all(check.status is Status.OK for check in checks), text
    names = by_name(checks)
    assert "sandbox" in names["reachable"].detail
    assert names["credentials (JSON-2)"].status is Status.OK and names["credentials (JSON-RPC)"].status is Status.OK
    assert "Accounting (account) installed" in names["apps"].detail
    assert "(sandbox data)" in names["company"].detail
    for line in text.splitlines()[:-1]:
        assert line.startswith(("[ok]", "[warn]", "[FAIL]", "[skip]"))


async def test_unknown_company_fails_and_lists_the_users_companies(env: dict[str, str], tmp_path: Path, sandbox: Any) -> None:
    checks = await run_doctor(tmp_path / "absent.env", {**env, "ODOO_COMPANY": "No Such Co"}, sandbox=sandbox)
    company = by_name(checks)["company"]
    assert company.status is Status.FAIL and exit_code(checks) == 1
    assert company.detail.startswith("no company 'No Such Co' among the user's companies: ") and "(id 1)" in company.detail
    assert company.fix and "ODOO_COMPANY" in company.fix


async def test_good_setup_on_a_real_shaped_odoo(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    checks = await doctor(odoo, tmp_path, real_env, env_text="ODOO_API_KEY=" + KEY + "\n")
    text = render(checks)
    assert exit_code(checks) == 0, text
    names = by_name(checks)
    assert names["database"].detail == f"{DB} exists"
    assert names["protocol"].detail.startswith("JSON-2")
    assert names["company"].detail == "'My Company' (id 1, the user's default company), currency USD (2 decimals)"
    assert names["setting ODOO_API_KEY"].detail == "set (environment, overrides " + str(tmp_path / ".env") + ")"
    assert "db.db_exist" in odoo.calls and "json2 res.users.context_get" in odoo.calls
    assert_no_secret(checks)


async def test_wrong_api_key(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    checks = await doctor(odoo, tmp_path, {**real_env, "ODOO_API_KEY": "k" + "0" * 40})
    names = by_name(checks)
    assert exit_code(checks) == 1
    assert names["credentials (JSON-2)"].status is Status.FAIL
    assert "Add API Key" in (names["credentials (JSON-2)"].fix or "")
    assert names["credentials (JSON-RPC)"].status is Status.FAIL  # the same key is the JSON-RPC password
    assert names["apps"].status is Status.SKIP
    assert_no_secret(checks)


async def test_wrong_database_lists_the_others(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    checks = await doctor(odoo, tmp_path, {**real_env, "ODOO_DB": "bookz"})
    names = by_name(checks)
    assert names["database"].status is Status.FAIL
    assert names["database"].detail == f"Odoo has no database 'bookz' (this server has: {DB})"
    assert names["credentials"].status is Status.SKIP
    assert exit_code(checks) == 1


async def test_odoo_down(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    odoo.down = True
    checks = await doctor(odoo, tmp_path, {**real_env, "ODOO_READ_RETRIES": "0"})
    names = by_name(checks)
    assert names["reachable"].status is Status.FAIL
    assert "Cannot reach Odoo" in names["reachable"].detail and "docker/start.sh" in (names["reachable"].fix or "")
    assert names["vault"].status is Status.OK, "the local checks still run"
    assert exit_code(checks) == 1


async def test_accounting_not_installed(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    odoo.databases[DB].modules["account"] = "uninstalled"
    checks = await doctor(odoo, tmp_path, real_env)
    apps = by_name(checks)["apps"]
    assert apps.status is Status.FAIL and "state: uninstalled" in apps.detail and "odoo-mcp setup" in (apps.fix or "")


async def test_jsonrpc_on_odoo_19_is_a_warning(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    environ = {**real_env, "ODOO_PROTOCOL": "jsonrpc", "ODOO_PASSWORD": ADMIN_PW}
    del environ["ODOO_API_KEY"]
    checks = await doctor(odoo, tmp_path, environ)
    names = by_name(checks)
    assert names["protocol"].status is Status.WARN and "deprecated" in names["protocol"].detail
    assert "credentials (JSON-2)" not in names
    assert exit_code(checks) == 0
    assert_no_secret(checks)


async def test_older_odoo_without_jsonrpc_setting_is_advised(tmp_path: Path, real_env: dict[str, str]) -> None:
    odoo = FakeOdoo(version=17)
    odoo.add_database().keys[KEY] = "odoo-mcp"
    environ = {**real_env, "ODOO_PROTOCOL": "auto"}
    checks = await doctor(odoo, tmp_path, environ)
    reachable = by_name(checks)["reachable"]
    assert reachable.status is Status.WARN and "ODOO_PROTOCOL=jsonrpc" in (reachable.fix or "")


async def test_configuration_error_skips_odoo_but_checks_files(tmp_path: Path, vault_path: Path) -> None:
    checks = await run_doctor(tmp_path / ".env", {"ODOO_URL": "http://odoo.test", "VAULT_PATH": str(vault_path)})
    names = by_name(checks)
    assert names["configuration"].status is Status.FAIL and "ODOO_DB is not set" in names["configuration"].detail
    assert names["odoo"].status is Status.SKIP
    assert names["vault"].status is Status.OK
    assert exit_code(checks) == 1


async def test_read_only_vault_folder(
    odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str], vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import odoo_mcp.doctor as module

    real = module._writable
    monkeypatch.setattr(module, "_writable", lambda folder: folder.name != "Approved" and real(folder))  # root ignores chmod
    checks = await doctor(odoo, tmp_path, real_env)
    vault = by_name(checks)["vault"]
    assert vault.status is Status.FAIL and "cannot write in Approved" in vault.detail


async def test_vault_problems(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str], vault_path: Path) -> None:
    shutil.rmtree(vault_path / "Approved")
    (vault_path / "Business_Goals.md").unlink(missing_ok=True)
    checks = await doctor(odoo, tmp_path, real_env)
    names = by_name(checks)
    assert names["vault"].status is Status.WARN and "lacks Approved" in names["vault"].detail
    assert names["vault goals"].status is Status.WARN
    checks = await doctor(odoo, tmp_path, {**real_env, "VAULT_PATH": str(tmp_path / "nowhere")})
    assert by_name(checks)["vault"].status is Status.FAIL and "does not exist" in by_name(checks)["vault"].detail


async def test_state_dir_inside_the_vault_fails(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str], vault_path: Path) -> None:
    checks = await doctor(odoo, tmp_path, {**real_env, "ODOO_MCP_STATE_DIR": str(vault_path / ".state")})
    state = by_name(checks)["state dir"]
    assert state.status is Status.FAIL and "inside the vault" in state.detail and exit_code(checks) == 1


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize(("mode", "expected"), [(0o600, Status.OK), (0o640, Status.WARN), (0o644, Status.FAIL)])
async def test_env_file_permissions(
    odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str], mode: int, expected: Status
) -> None:
    checks = await doctor(odoo, tmp_path, real_env, env_text=f"ODOO_API_KEY={KEY}\n", mode=mode)
    check = by_name(checks)["env file"]
    assert check.status is expected
    if expected is not Status.OK:
        assert check.fix == f"chmod 600 {tmp_path / '.env'}"


async def test_env_file_advice(odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str]) -> None:
    text = f"ODOO_MASTER_PASSWORD=supersecret\nODOO_APIKEY={KEY}\nODOO_PASSWORD={ADMIN_PW}\n"
    checks = await doctor(odoo, tmp_path, real_env, env_text=text)
    lines = render(checks)
    assert "holds ODOO_MASTER_PASSWORD" in lines
    assert "ODOO_APIKEY in" in lines and "typos" in lines
    assert any(c.name == "setting ODOO_PASSWORD" and c.status is Status.WARN and "set but unused" in c.detail for c in checks)
    assert "supersecret" not in lines
    assert_no_secret(checks)


def test_cli_doctor_against_a_closed_port(
    tmp_path: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from odoo_mcp.cli import main

    for name in list(os.environ):
        if name.startswith(("ODOO_", "VAULT_")):
            monkeypatch.delenv(name)
    env_file = tmp_path / ".env"
    env_file.write_text(f"ODOO_URL=http://127.0.0.1:9\nODOO_DB=books\nODOO_API_KEY={KEY}\nODOO_READ_RETRIES=0\nVAULT_PATH={vault_path}\n")
    env_file.chmod(0o600)
    assert main(["--env-file", str(env_file), "doctor"]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith("[FAIL] reachable") and "Cannot reach Odoo at http://127.0.0.1:9" in line for line in out.splitlines())
    assert KEY not in out and "Traceback" not in out


async def test_a_shared_store_is_checked_and_shown_without_its_password(
    odoo: FakeOdoo, tmp_path: Path, real_env: dict[str, str], postgres_url: str
) -> None:
    password = postgres_url.split(":")[2].split("@")[0]
    checks = await doctor(odoo, tmp_path, {**real_env, "ODOO_MCP_STATE_URL": postgres_url})
    store = by_name(checks)["request store"]
    assert store.status is Status.OK and ":***@127.0.0.1" in store.detail, render(checks)
    wrong = postgres_url.replace(f":{password}@", ":wrong-pw@")
    failed = await doctor(odoo, tmp_path, {**real_env, "ODOO_MCP_STATE_URL": wrong})
    refused = by_name(failed)["request store"]
    assert refused.status is Status.FAIL and "password authentication failed" in refused.detail and exit_code(failed) == 1
    for text in (render(checks), render(failed)):
        assert password not in text and "wrong-pw" not in text
