"""One sync run on the sandbox, in-process: the median seconds of `--runs` runs, for comparing two src/ trees.

    .venv/bin/python benchmarks/sync_runs.py --compare /tmp/base/src [--rounds 4] [--runs 8] [--months 12]

Each round starts one fresh interpreter per tree (this one's `src`, then the other, alternating which
goes first), each with a vault holding `--months` month files written by a first sync, and times
`--runs` further syncs of the current month there. No Odoo is needed: the sandbox's books are small,
so this isolates what the sync itself costs (rendering, reading and writing files) from Odoo's time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import asyncio, datetime as dt, json, sys, tempfile, time, logging
from pathlib import Path
logging.disable(logging.CRITICAL)
from odoo_mcp.config import settings_from_mapping
from odoo_mcp.runtime import open_runtime
from odoo_mcp.sync import Syncer, SyncOptions
from odoo_sandbox import SandboxOdoo

async def main(runs, months):
    work = Path(tempfile.mkdtemp(prefix="sync-runs-"))
    (work / "vault").mkdir()
    settings = settings_from_mapping({"ODOO_URL": "sandbox", "VAULT_PATH": str(work / "vault"), "ODOO_MCP_STATE_DIR": str(work / "state")})
    sandbox = SandboxOdoo(today=dt.date(2026, 11, 16))
    keys = [f"{y}-{m:02d}" for y, m in [((2026 * 12 + 10 - i) // 12, (2026 * 12 + 10 - i) % 12 + 1) for i in range(1, months)]]
    async with open_runtime(settings, sandbox=sandbox) as rt:
        await Syncer(rt, SyncOptions(months=tuple(keys), events=False)).run_once()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            report = await Syncer(rt, SyncOptions(events=False)).run_once()
            times.append(time.perf_counter() - started)
            assert report.ok, report.summary
    print(json.dumps(times))

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
"""


def run(src: Path, runs: int, months: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(runs), str(months)], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", required=True, help="the other src/ directory (the baseline)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--months", type=int, default=12, help="month files in the vault (default 12)")
    args = parser.parse_args()
    trees = {"this": Path(__file__).resolve().parent.parent / "src", "baseline": Path(args.compare).resolve()}
    times: dict[str, list[float]] = {name: [] for name in trees}
    for r in range(args.rounds):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        for name in order:
            times[name] += run(trees[name], args.runs, args.months)
    this, base = statistics.median(times["this"]) * 1000, statistics.median(times["baseline"]) * 1000
    print(f"| sync of the current month, {args.months} month files in the vault (sandbox) | this ms | baseline ms | this / baseline |")
    print("|---|---|---|---|")
    print(f"| median of {len(times['this'])} runs each | {this:.1f} | {base:.1f} | {this / base:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
