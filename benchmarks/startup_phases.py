"""Where odoo-mcp's start-up time and memory go, phase by phase, next to the bare SDK server.

    .venv/bin/python benchmarks/startup_phases.py [--runs 15]

Each run is a fresh interpreter (`python benchmarks/startup_phases.py --child ours|bare`) that
walks the same steps `python -m odoo_mcp serve` takes before it can answer `tools/list`, timing
each (wall and CPU time; CPU time is what other processes on a busy machine disturb least) and
reading VmRSS after it. The SDK is imported first on purpose: what follows is what odoo-mcp adds
on top of what every MCP server pays. Runs rotate between the servers; medians are printed.
`--variant name=/path/to/patched/src` adds a patched copy of the package (for before/after
numbers without touching the working tree). No network: ODOO_URL points at a closed port.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

T0 = time.perf_counter()


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def child(kind: str) -> None:
    phases: list[tuple[str, float, float, int]] = []
    last, last_cpu = time.perf_counter(), time.process_time()

    def mark(name: str) -> None:
        nonlocal last, last_cpu
        now, cpu = time.perf_counter(), time.process_time()
        phases.append((name, now - last, cpu - last_cpu, rss_kb()))
        last, last_cpu = now, cpu

    # The interpreter's own start: from the process's start time (clock ticks since boot) to now.
    with open("/proc/self/stat") as f:
        started_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    phases.append(
        (
            "interpreter start + site (from /proc, 10 ms resolution)",
            max(0.0, uptime - started_ticks / os.sysconf("SC_CLK_TCK")),
            time.process_time(),
            rss_kb(),
        )
    )
    last, last_cpu = time.perf_counter(), time.process_time()
    import mcp.server.mcpserver  # noqa: F401 - timed: the import is what is measured

    mark("import mcp.server.mcpserver (the SDK)")
    if kind == "bare":
        from mcp.server.mcpserver import MCPServer

        server = MCPServer("bare")

        @server.tool()
        async def echo(text: str) -> str:
            return text

        mark("build server (1 tool)")
    else:
        from odoo_mcp import cli

        mark("import odoo_mcp.cli (config, pydantic settings)")
        argv = ["--env-file", os.devnull, "serve"]
        named = getattr(cli, "_named_command", None)  # as cli.main() does, when it can pick one command
        parser = cli.build_parser(named(argv)) if named else cli.build_parser()
        mark("cli.build_parser() (" + ("only the serve command" if named else "imports every subcommand module") + ")")
        args = parser.parse_args(argv)
        from odoo_mcp.commands import settings_from_args

        settings = settings_from_args(args)
        mark("settings from environment")
        from odoo_mcp.server import build_server

        mark("import odoo_mcp.server (models, service, client, httpx ...)")
        server = build_server(settings)
        mark(f"build_server() ({len(server._tool_manager.list_tools())} tools: schemas, extension modules)")
        import asyncio

        from odoo_mcp.runtime import open_runtime

        async def enter() -> None:
            async with open_runtime(settings):
                mark("lifespan: open_runtime() (OdooClient, httpx.AsyncClient, SSL context)")

        asyncio.run(enter())
    print(json.dumps({"phases": phases, "modules": len(sys.modules), "hwm": rss_kb()}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", choices=["ours", "bare"])
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=SRC",
        help="also measure a patched copy of src/ (PYTHONPATH=SRC), interleaved with the others; repeatable",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "ODOO_URL": "http://127.0.0.1:9",
        "ODOO_DB": "bench",
        "ODOO_API_KEY": "not-used",
        "LOG_LEVEL": "WARNING",
    }
    kinds: list[tuple[str, str, str | None]] = [("bare", "bare", None), ("odoo-mcp (installed)", "ours", None)]
    kinds += [(name, "ours", path) for name, _, path in (v.partition("=") for v in args.variant)]
    results: dict[str, list[dict]] = {label: [] for label, _, _ in kinds}
    for i in range(args.runs):
        order = kinds[i % len(kinds) :] + kinds[: i % len(kinds)]  # rotate, so each goes first in turn
        for label, kind, path in order:
            child_env = dict(env, PYTHONPATH=path) if path else env
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind], env=child_env, capture_output=True, text=True, check=True, cwd="/tmp"
            ).stdout
            results[label].append(json.loads(out.strip().splitlines()[-1]))
    totals = {}
    for label, _, _ in kinds:
        runs = results[label]
        print(f"\n{label}: {runs[0]['modules']} modules loaded")
        print("| phase | wall ms (median) | CPU ms (median) | VmRSS after (MiB) |\n|---|---|---|---|")
        total = total_cpu = 0.0
        for index, (name, *_) in enumerate(runs[0]["phases"]):
            seconds = statistics.median(r["phases"][index][1] for r in runs)
            cpu = statistics.median(r["phases"][index][2] for r in runs)
            rss = statistics.median(r["phases"][index][3] for r in runs)
            total += seconds
            total_cpu += cpu
            print(f"| {name} | {seconds * 1000:.0f} | {cpu * 1000:.0f} | {rss / 1024:.1f} |")
        print(f"| total (sum of medians) | {total * 1000:.0f} | {total_cpu * 1000:.0f} | |")
        # Everything after the SDK import, per run, then the median: the part that is ours.
        after_sdk = statistics.median(sum(p[2] for p in r["phases"][2:]) for r in runs)
        totals[label] = (total, total_cpu, statistics.median(r["hwm"] for r in runs), after_sdk)
    bare = totals["bare"]
    print(
        "\n| server | wall ms | CPU ms | CPU ms after the SDK import | VmRSS at end (MiB) | wall / bare | CPU / bare | RSS / bare |"
        "\n|---|---|---|---|---|---|---|---|"
    )
    for label, (wall, cpu, rss, after) in totals.items():
        print(
            f"| {label} | {wall * 1000:.0f} | {cpu * 1000:.0f} | {after * 1000:.0f} | {rss / 1024:.1f} | "
            f"{wall / bare[0]:.2f}x | {cpu / bare[1]:.2f}x | {rss / bare[2]:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
