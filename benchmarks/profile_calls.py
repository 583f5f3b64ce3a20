"""Where a tool call's overhead over the floor goes: py-spy on the server, timers on the client.

    ODOO_URL=... ODOO_DB=... ODOO_API_KEY=... .venv/bin/python benchmarks/profile_calls.py \
        [--tool list_invoices] [--args '{"state": "posted", "limit": 20}'] [--seconds 20]

Needs py-spy (benchmarks/requirements.txt). Starts one `odoo-mcp serve` over stdio exactly like
run.py, calls the tool in a loop for --seconds while `py-spy record` samples the server (CPU
samples only, idle excluded), then prints:
  - the server's CPU per call, split into buckets by the frames on the stack;
  - the client-side costs in this process: decoding the answer into `CallToolResult` and the
    `jsonschema` validation of structured content that `mcp.Client.call_tool` always performs.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Ctx, cpu_ms, server_pid

# First match wins, checked from the innermost frame outwards: a sample is charged to the most
# specific thing it was doing.
BUCKETS = [
    (
        "JSON decode of Odoo's answer (Decimal floats)",
        ("transports.py:decode", "json/decoder", "json/__init__.py:loads", "_pydecimal", "decimal"),
    ),
    ("httpx/httpcore/h11 (send, receive, parse HTTP)", ("httpx/", "httpcore/", "h11/")),
    ("tool output: model_dump + render (odoo_mcp)", ("adapter.py:tool", "render.py", "model_dump")),
    ("service: building pydantic answer models", ("service.py", "money.py", "accounting/models.py")),
    ("SDK: argument/arguments model validation", ("func_metadata", "validate_python", "model_validate")),
    (
        "SDK: result -> JSON-RPC message, output schema check",
        ("convert_result", "jsonschema", "serialize", "model_dump_json", "to_json", "dump_json"),
    ),
    (
        "SDK: stdio streams, JSON-RPC framing, dispatch",
        ("mcp/server/stdio", "mcp/shared", "mcp/server/lowlevel", "mcp/server/mcpserver", "mcp_types", "mcp/"),
    ),
    ("anyio/asyncio event loop", ("anyio/", "asyncio/", "selectors", "threading")),
    ("logging", ("logging/",)),
]


WAITS = ("EpollSelector.select", "Condition.wait", "Queue.get", "Event.wait", "Lock.acquire", "WorkerThread.run (")


def bucket_of(frames: list[str]) -> str:
    if frames and any(frames[-1].startswith(w) for w in WAITS):
        return "blocked in select/lock waits (py-spy cannot always tell these from work)"
    if any("WorkerThread.run" in f for f in frames):
        return "anyio worker threads (stdin reads, getaddrinfo)"
    for frame in reversed(frames):  # innermost first
        for name, needles in BUCKETS:
            if any(n in frame for n in needles):
                return name
    return "other"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", default="list_invoices")
    parser.add_argument("--args", default='{"state": "posted", "limit": 20}')
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    tool_args = json.loads(args.args)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    workdir = Path(tempfile.mkdtemp(prefix="odoo-mcp-prof-"))
    (workdir / "vault").mkdir()
    raw = workdir / "server.collapsed"
    with open(workdir / "stderr.log", "w") as errlog:
        ctx = Ctx(os.environ["ODOO_URL"].rstrip("/"), os.environ["ODOO_DB"], os.environ["ODOO_API_KEY"], workdir, errlog)
        # CPU per call from /proc, without a profiler attached: our server, then the bare SDK server.
        cpu: dict[str, tuple[float, float, float]] = {}
        for label, params, name, call_args in (
            ("odoo-mcp " + args.tool, ctx.ours(), args.tool, tool_args),
            ("bare server echo", ctx.bare(), "echo", {"text": "x"}),
        ):
            async with ctx.client(params) as client:
                for _ in range(3):
                    await client.call_tool(name, call_args)
                pid = server_pid()
                n = 100
                server_before, client_before, wall_before = cpu_ms(pid), time.process_time(), time.perf_counter()
                for _ in range(n):
                    await client.call_tool(name, call_args)
                cpu[label] = (
                    (cpu_ms(pid) - server_before) / n,
                    (time.process_time() - client_before) * 1000 / n,
                    (time.perf_counter() - wall_before) * 1000 / n,
                )
        async with ctx.client(ctx.ours()) as client:
            for _ in range(3):
                await client.call_tool(args.tool, tool_args)
            pid = server_pid()
            spy = subprocess.Popen(
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(pid),
                    "--rate",
                    "1000",
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                    "--duration",
                    str(int(args.seconds)),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            await asyncio.sleep(1.0)  # let py-spy attach
            calls, started = 0, time.perf_counter()
            while spy.poll() is None:
                result = await client.call_tool(args.tool, tool_args)
                calls += 1
            elapsed = time.perf_counter() - started

            # client side, on the last result
            tools = {t.name: t for t in (await client.list_tools()).tools}
            schema = tools[args.tool].output_schema
            from jsonschema import Draft202012Validator
            from jsonschema.exceptions import best_match
            from mcp.types import CallToolResult

            validator = Draft202012Validator(schema)
            wire = result.model_dump_json(by_alias=True, exclude_none=True)
            n = 200
            t = time.perf_counter()
            for _ in range(n):
                best_match(validator.iter_errors(result.structured_content))
            validate_ms = (time.perf_counter() - t) / n * 1000
            t = time.perf_counter()
            for _ in range(n):
                CallToolResult.model_validate_json(wire)
            parse_ms = (time.perf_counter() - t) / n * 1000

    samples: collections.Counter[str] = collections.Counter()
    functions: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")[1:]  # drop the process/thread frame
        total += count
        samples[bucket_of(frames)] += count
        for frame in set(frames):
            functions[frame] += count
    per_call_ms = total / calls  # 1000 samples/s -> 1 sample = 1 ms
    print("CPU per call from /proc (server) and process_time (client), 100 calls each, no profiler attached:")
    print("| calls | server CPU ms | client CPU ms | wall ms |\n|---|---|---|---|")
    for label, (server_cpu, client_cpu, wall) in cpu.items():
        print(f"| {label} | {server_cpu:.2f} | {client_cpu:.2f} | {wall:.1f} |")
    print()
    print(f"{calls} calls of {args.tool} in {elapsed:.1f} s ({elapsed / calls * 1000:.1f} ms per call, wall, with py-spy attached)")
    print(f"server CPU samples: {total} at 1 kHz -> {per_call_ms:.2f} ms of server CPU per call\n")
    print("| where the server's CPU goes | ms per call | share |\n|---|---|---|")
    for name, count in samples.most_common():
        print(f"| {name} | {count / calls:.2f} | {count / total:.0%} |")
    print(
        f"\nclient side (this process), per call: jsonschema validation of structured content {validate_ms:.2f} ms; "
        f"decoding the JSON-RPC result into CallToolResult {parse_ms:.2f} ms; answer {len(wire):,} bytes on the wire\n"
    )
    print(f"top {args.top} frames by inclusive server CPU (ms per call):")
    for frame, count in functions.most_common(args.top):
        print(f"  {count / calls:6.2f}  {frame[:150]}")
    print(f"\nraw stacks: {raw}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
