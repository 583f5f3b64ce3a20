"""A bounded load run over Streamable HTTP: N clients, M concurrent read calls, on 127.0.0.1.

    .venv/bin/python benchmarks/http_load.py [--clients 5] [--calls 50] [--rounds 3]

Starts `odoo-mcp serve --http` as its own process (on the sandbox unless ODOO_URL and credentials
are in the environment: then on that Odoo), with a fresh vault, state folder and token. The
baseline is measured in the same run: the same calls one at a time over the same server. Prints
latency percentiles for both, their ratio, errors, and the server's resident memory (VmRSS idle,
after, and its peak VmHWM). Nothing is written to Odoo: only read tools are called, with a
read-only token.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

CALLS: list[tuple[str, dict[str, object]]] = [
    ("odoo_status", {}),
    ("list_invoices", {"limit": 50}),
    ("get_revenue", {}),
    ("get_overdue_invoices", {}),
    ("get_receivables_by_partner", {}),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def one_client(url: str, token: str, calls: list[tuple[str, dict[str, object]]], concurrent: bool) -> tuple[list[float], int]:
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    latencies: list[float] = []
    errors = 0
    async with Client(streamable_http_client(url, http_client=http)) as session:

        async def call(name: str, args: dict[str, object]) -> None:
            nonlocal errors
            start = time.perf_counter()
            try:
                result = await session.call_tool(name, args)
                errors += bool(result.is_error)
            except Exception:  # counted: a load run reports every failure, it does not stop at one
                errors += 1
            latencies.append(time.perf_counter() - start)

        if concurrent:
            await asyncio.gather(*(call(name, args) for name, args in calls))
        else:
            for name, args in calls:
                await call(name, args)
    return latencies, errors


async def load(url: str, token: str, clients: int, calls: int) -> tuple[list[float], int, float]:
    per_client = [[CALLS[(c * 7 + i) % len(CALLS)] for i in range(calls // clients)] for c in range(clients)]
    start = time.perf_counter()
    results = await asyncio.gather(*(one_client(url, token, plan, True) for plan in per_client))
    wall = time.perf_counter() - start
    return [lat for lats, _ in results for lat in lats], sum(err for _, err in results), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--calls", type=int, default=50, help="concurrent read calls in all, spread over the clients")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="odoo-mcp-load-"))
    (work / "vault").mkdir()
    env = {**os.environ, "VAULT_PATH": str(work / "vault"), "ODOO_MCP_STATE_DIR": str(work / "state"), "LOG_LEVEL": "WARNING"}
    env.setdefault("ODOO_URL", "sandbox")
    cli = [sys.executable, "-m", "odoo_mcp", "--env-file", "/dev/null"]
    created = subprocess.run([*cli, "tokens", "create", "load", "--read-only"], env=env, capture_output=True, text=True, check=True)
    token = created.stdout.strip()
    port = free_port()
    server = subprocess.Popen([*cli, "serve", "--http", f"127.0.0.1:{port}"], env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        for _ in range(300):
            try:
                httpx.post(url, json={})
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        idle = memory_kib(server.pid)
        single: list[float] = []
        loaded: list[float] = []
        errors = 0
        walls: list[float] = []
        for _ in range(args.rounds):
            lats, err = asyncio.run(one_client(url, token, CALLS * 2, False))
            single += lats
            errors += err
            lats, err, wall = asyncio.run(load(url, token, args.clients, args.calls))
            loaded += lats
            errors += err
            walls.append(wall)
        after = memory_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    target = "sandbox" if env["ODOO_URL"] == "sandbox" else env["ODOO_URL"]
    print(f"HTTP load on {target}: {args.clients} clients x {args.calls // args.clients} concurrent read calls, {args.rounds} rounds")
    print(f"{'':28}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'calls':>7}")
    for label, values in (("one at a time (baseline)", single), (f"{args.calls} concurrent", loaded)):
        ms = [v * 1000 for v in values]
        print(f"{label:28}{pct(ms, .5):9.1f}{pct(ms, .9):9.1f}{pct(ms, .99):9.1f}{max(ms):9.1f}{len(ms):7}")
    print(f"ratio p50 concurrent/baseline: {pct(loaded, .5) / pct(single, .5):.2f}x; "
          f"throughput {args.calls / statistics.median(walls):.1f} calls/s (median round {statistics.median(walls):.2f} s)")
    print(f"errors: {errors}")
    rss, peak = after["VmRSS"] / 1024, after["VmHWM"] / 1024
    print(f"server memory: VmRSS idle {idle['VmRSS'] / 1024:.1f} MiB, after {rss:.1f} MiB, peak VmHWM {peak:.1f} MiB")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
