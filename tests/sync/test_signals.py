"""`odoo-mcp sync --interval` as the service runs it: a real process, stopped by SIGTERM or SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from odoo_mcp.reports import month_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _start(vault: Path, state: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.update({"ODOO_URL": "sandbox", "VAULT_PATH": str(vault), "ODOO_MCP_STATE_DIR": str(state), "LOG_LEVEL": "INFO"})
    return subprocess.Popen(
        [sys.executable, "-m", "odoo_mcp", "--env-file", os.devnull, "sync", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, f"sync exited early: {proc.communicate()[1]}"
        assert time.monotonic() < deadline, "no month file appeared"
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sync_interval_exits_cleanly_on_signal(tmp_path: Path, vault_path: Path, sig: signal.Signals) -> None:
    proc = _start(vault_path, tmp_path / "state", "--interval", "0.3")
    try:
        accounting = vault_path / "Accounting"
        _wait_for(accounting, proc)
        deadline = time.monotonic() + 30
        while not list(accounting.glob("20??-??.md")):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.0)  # a few more runs, so the signal may land mid-run or mid-wait
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out == "", "nothing may go to stdout"
    assert err.count("sync ok (sandbox)") >= 1, err  # usually several; one on a loaded machine
    assert f"received {sig.name}: stopping" in err and "sync stopped" in err
    assert "Traceback" not in err
    (path,) = accounting.glob("20??-??.md")
    month_file.parse(path.read_text(encoding="utf-8"))  # whole and readable
    assert not list(vault_path.rglob("*.tmp")), "a temporary file was left behind"


def test_sync_once_exit_codes(tmp_path: Path, vault_path: Path) -> None:
    proc = _start(vault_path, tmp_path / "state", "--once", "--month", "2026-01")
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert len([line for line in err.splitlines() if "sync ok" in line]) == 1
    assert (vault_path / "Accounting" / "2026-01.md").is_file()

    bad = _start(vault_path, tmp_path / "state", "--once", "--month", "2026-13")
    _, err = bad.communicate(timeout=60)
    assert bad.returncode == 2 and "month must be YYYY-MM" in err
