"""What the Python client's output-schema check costs for a list, by shape of the structured content.

    .venv/bin/python benchmarks/schema_shape.py [--rows 50] [--repeat 200]

No Odoo needed: the server runs in-process on the sandbox. It takes `list_invoices`'s real output
schema and a real answer (its rows repeated to `--rows`), then times the check `mcp.Client` runs on
every result (the compiled jsonschema validator, `best_match(iter_errors(...))`, as in
`ClientSession.validate_tool_result`) for three shapes of the same rows:

- current: a list of objects, every field of `MoveSummary` (what the tools send today);
- lean: a list of objects with only the fields the text answer shows;
- columnar: `{"columns": [...], "rows": [[...], ...]}`, each column typed by `prefixItems`.

It prints the median milliseconds per check and the compact JSON bytes of each. The decision these
figures fed is in docs/performance.md ("Leaner structured lists").
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from jsonschema import exceptions as jsonschema_exceptions
from jsonschema.validators import validator_for
from mcp import Client

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.runtime import open_runtime
from odoo_mcp.server import build_server
from odoo_sandbox import SandboxOdoo

# the columns of the text answer: id|number|partner|date|due|state/payment|total|open|cur
LEAN = ["id", "number", "partner", "invoice_date", "due_date", "state", "payment_state", "total", "residual", "currency"]


async def real_answer(rows: int) -> tuple[dict[str, Any], dict[str, Any]]:
    work = Path(tempfile.mkdtemp(prefix="schema-shape-"))
    settings = settings_from_mapping({"ODOO_URL": "sandbox", "VAULT_PATH": str(work / "vault"), "ODOO_MCP_STATE_DIR": str(work / "state")})
    (work / "vault").mkdir()
    sandbox = SandboxOdoo(today=dt.date(2026, 11, 16))
    async with Client(build_server(settings, runtime_factory=lambda: open_runtime(settings, sandbox=sandbox))) as client:
        schema = next(t.output_schema for t in (await client.list_tools()).tools if t.name == "list_invoices")
        result = await client.call_tool("list_invoices", {"limit": 50})
    content = copy.deepcopy(result.structured_content)
    items = content["items"]
    content["items"] = [{**items[i % len(items)], "id": i + 1} for i in range(rows)]
    assert schema is not None
    return schema, content


def item_schema(schema: dict[str, Any]) -> dict[str, Any]:
    items = schema["properties"]["items"]["items"]
    if "$ref" in items:
        items = schema["$defs"][items["$ref"].split("/")[-1]]
    return items


def shapes(schema: dict[str, Any], content: dict[str, Any]) -> dict[str, tuple[dict[str, Any], Any]]:
    item = item_schema(schema)
    props = item["properties"]
    lean_item = {**item, "properties": {k: props[k] for k in LEAN}, "required": [k for k in item.get("required", []) if k in LEAN]}
    lean_schema = copy.deepcopy(schema)
    lean_schema["properties"]["items"]["items"] = lean_item
    lean = {**content, "items": [{k: row[k] for k in LEAN} for row in content["items"]]}
    columns = list(props)
    columnar_schema = copy.deepcopy(schema)
    columnar_schema["properties"]["items"] = {
        "type": "object",
        "properties": {
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {"type": "array", "items": {"type": "array", "prefixItems": [props[c] for c in columns], "items": False}},
        },
        "required": ["columns", "rows"],
    }
    columnar = {**content, "items": {"columns": columns, "rows": [[row.get(c) for c in columns] for row in content["items"]]}}
    return {"current": (schema, content), "lean": (lean_schema, lean), "columnar": (columnar_schema, columnar)}


def check_ms(variants: dict[str, tuple[dict[str, Any], Any]], repeat: int) -> dict[str, float]:
    """Median ms of the client's check per shape, the shapes interleaved (rotating order) so load lands on all."""
    validators = {name: validator_for(s)(s) for name, (s, _) in variants.items()}  # compiled once, as the client caches it
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for r in range(repeat):
        for name in names[r % len(names):] + names[: r % len(names)]:
            content = variants[name][1]
            started = time.perf_counter()
            error = jsonschema_exceptions.best_match(validators[name].iter_errors(content))
            times[name].append(time.perf_counter() - started)
            if error is not None:
                raise RuntimeError(f"the {name} shape does not validate: {error}")
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    schema, content = await real_answer(args.rows)
    variants = shapes(schema, content)
    spent = check_ms(variants, args.repeat)
    print(f"| shape ({args.rows} invoices) | client check ms | vs current | structured JSON bytes |")
    print("|---|---|---|---|")
    for name, (_, c) in variants.items():
        size = len(json.dumps(c, separators=(",", ":"), ensure_ascii=False).encode())
        print(f"| {name} | {spent[name]:.2f} | {spent[name] / spent['current']:.2f}x | {size:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
