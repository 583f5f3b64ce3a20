"""A throwaway PostgreSQL cluster for the tests that need a real one (the shared approval request store).

Debian's `postgresql-15` binaries (`initdb`, `pg_ctl`) start a cluster in a temporary folder on a
free 127.0.0.1 port, with a password (SCRAM) for TCP connections, so the store connects exactly as
it would to a production server. As root the cluster runs as the `postgres` system user (PostgreSQL
refuses root). Without the binaries the tests that need it are skipped with the reason, except in
CI (`CI=true` or `ODOO_LIVE_REQUIRED=1`), where that is a failure: CI must prove the shared store.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(os.environ.get("ODOO_MCP_PG_BIN", "/usr/lib/postgresql/15/bin"))
USER = "odoo_mcp"
STORES = ("sqlite", "postgres")  # the request-store backends the gate's suites run against
# A test (or a module's pytestmark) run once per store; `store_url` (tests/approvals/conftest.py) sets ODOO_MCP_STATE_URL.
on_both_stores = pytest.mark.parametrize("store_url", STORES, indirect=True)


def required() -> bool:
    """CI must run the PostgreSQL tests: a missing server there is a failure, not a skip."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("ODOO_LIVE_REQUIRED") == "1"


def unavailable(reason: str) -> None:
    if required():
        pytest.fail(f"PostgreSQL tests cannot run although CI requires them: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Cluster:
    port: int
    password: str

    def url(self, database: str) -> str:
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh, empty database (one per test, so no test sees another's requests); its URL."""
        import psycopg

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def cluster() -> Iterator[Cluster]:
    if not (BIN / "initdb").is_file():
        unavailable(f"no PostgreSQL server binaries in {BIN} (install Debian's postgresql-15, or set ODOO_MCP_PG_BIN)")
    try:
        import psycopg  # noqa: F401 - the tests need the driver as much as the server
    except ImportError:
        unavailable("psycopg is not installed: pip install -e '.[test]'")
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    root = Path(tempfile.mkdtemp(prefix="odoo-mcp-pg-"))
    password = secrets.token_urlsafe(18)
    (root / "pw").write_text(password + "\n", encoding="utf-8")
    if as_root:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "pw", "postgres", "postgres")
    data, port = root / "data", _free_port()

    def pg(*args: str) -> None:
        done = subprocess.run([*run_as, *args], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    try:
        pg(str(BIN / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={root / 'pw'}", "--auth-local=trust",
           "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        pg(str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60", "start")
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        unavailable(f"could not start a PostgreSQL cluster: {exc}")
    try:
        yield Cluster(port=port, password=password)
    finally:
        subprocess.run([*run_as, str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)
