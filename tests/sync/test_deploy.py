"""The shipped ways to keep the sync alive start commands the CLI actually accepts."""

from __future__ import annotations

import configparser
import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from odoo_mcp.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name)
    return parser


def _accepted(argv: list[str]) -> str:
    args = build_parser().parse_args(argv)
    return str(args.command)


def test_systemd_units_run_the_sync_loop_and_the_monday_briefing() -> None:
    sync = _unit("odoo-mcp-sync.service")
    argv = shlex.split(sync["Service"]["ExecStart"])[1:]
    assert argv == ["sync", "--interval", "300"] and _accepted(argv) == "sync"
    assert sync["Service"]["KillSignal"] == "SIGTERM" and sync["Service"]["Restart"] == "on-failure"
    assert sync["Install"]["WantedBy"] == "default.target"  # a user unit
    briefing = _unit("odoo-mcp-briefing.service")
    assert _accepted(shlex.split(briefing["Service"]["ExecStart"])[1:]) == "briefing"
    timer = _unit("odoo-mcp-briefing.timer")
    assert timer["Timer"]["OnCalendar"].startswith("Mon ") and timer["Timer"]["Persistent"] == "true"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot evaluate the PM2 file")
def test_pm2_ecosystem_file_runs_the_same_commands() -> None:
    script = "console.log(JSON.stringify(require(process.argv[1]).apps))"
    out = subprocess.run(["node", "-e", script, str(DEPLOY / "ecosystem.config.js")], capture_output=True, text=True, check=True)
    apps = {app["name"]: app for app in json.loads(out.stdout)}
    assert set(apps) == {"odoo-mcp-sync", "odoo-mcp-briefing"}
    assert _accepted(apps["odoo-mcp-sync"]["args"]) == "sync" and apps["odoo-mcp-sync"]["args"][1:] == ["--interval", "300"]
    assert _accepted(apps["odoo-mcp-briefing"]["args"]) == "briefing"
    assert apps["odoo-mcp-briefing"]["cron_restart"] == "0 7 * * 1" and apps["odoo-mcp-briefing"]["autorestart"] is False
    assert all(app["interpreter"] == "none" and Path(app["cwd"]) == REPO for app in apps.values())


def test_compose_sync_profile_runs_the_sync_loop() -> None:
    compose = REPO / "docker" / "compose.yaml"
    if not compose.is_file():
        pytest.skip("docker/compose.yaml is not in this checkout")
    service = yaml.safe_load(compose.read_text(encoding="utf-8"))["services"]["sync"]
    assert service["profiles"] == ["sync"]
    assert _accepted(service["command"]) == "sync" and "--interval" in service["command"]
