"""deploy/http/: the unit, the proxies and the compose service agree on one loopback address and on /mcp."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from odoo_mcp.cli import build_parser
from odoo_mcp.server.http import PATH, Bind

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "http"


def unit_bind() -> Bind:
    exec_start = next(line for line in (DEPLOY / "odoo-mcp-http.service").read_text().splitlines() if line.startswith("ExecStart="))
    words = shlex.split(exec_start.removeprefix("ExecStart="))
    assert words[0].endswith("/.venv/bin/odoo-mcp")
    args = build_parser().parse_args(words[1:])
    assert args.command == "serve"
    return Bind.parse(args.http)


def test_the_unit_serves_on_loopback_only() -> None:
    bind = unit_bind()
    assert bind.host == "127.0.0.1"


def test_both_proxies_pass_only_mcp_and_the_metadata_to_the_units_address() -> None:
    bind = unit_bind()
    caddy = (DEPLOY / "Caddyfile").read_text()
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert re.search(rf"reverse_proxy {re.escape(bind.host)}:{bind.port}\b", caddy)
    assert set(re.findall(r"proxy_pass (\S+);", nginx)) == {f"http://{bind.host}:{bind.port}"}
    assert f"location = {PATH} " in nginx and "proxy_buffering off;" in nginx
    assert re.search(rf"@mcp path {re.escape(PATH)}\b", caddy) and "respond 404" in caddy
    assert "return 404" in nginx
