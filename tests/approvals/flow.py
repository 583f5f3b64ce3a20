"""Helpers shared by the approval tests: call a tool, act as the owner, read the vault.

The owner's side is simulated the way an owner does it: by moving the request file from
`Pending_Approval/` to `Approved/` (or `Rejected/`), exactly as Obsidian's drag-and-drop does.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from mcp import Client

from odoo_mcp.approvals.request_file import parse_request


def text_of(result: Any) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A tool call that must succeed; returns its structured content."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, f"{tool} failed: {text_of(result)}"
    return result.structured_content


async def refused(client: Client, tool: str, arguments: dict[str, Any]) -> str:
    """A tool call that must be refused; returns the refusal text."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool} was expected to be refused, got {result.structured_content}"
    return text_of(result)


def move(vault: Path, relative: str, folder: str) -> str:
    """The owner drags the file into another folder; returns its new vault-relative path."""
    source = vault / relative
    target = vault / folder / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)
    return f"{folder}/{source.name}"


async def request(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    pending = await call(client, tool, arguments)
    assert pending["status"] == "pending_approval", pending
    assert pending["file"].startswith("Pending_Approval/")
    return pending


async def approved(client: Client, vault: Path, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Request, approve by moving the file, execute: the whole gate for one write."""
    pending = await request(client, tool, arguments)
    move(vault, pending["file"], "Approved")
    done = await call(client, tool, {**arguments, "approval_id": pending["approval_id"]})
    assert done["status"] in ("executed", "dry_run"), done
    assert done["file"].startswith("Done/"), done
    return done


def front(vault: Path, relative: str) -> dict[str, Any]:
    return parse_request((vault / relative).read_text(encoding="utf-8")).front


def audit_lines(vault: Path) -> list[dict[str, Any]]:
    lines = []
    for path in sorted((vault / "Logs").glob("*.jsonl")):
        lines += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def record(result: dict[str, Any], model: str) -> dict[str, Any]:
    return next(r for r in result["records"] if r["model"] == model)


def losing_answers(
    inner_factory: Callable[[], httpx.AsyncBaseTransport], lost: Callable[[httpx.Request], bool]
) -> type[httpx.AsyncBaseTransport]:
    """A sandbox transport class that lets Odoo do the work but loses the answer of the requests `lost` picks (a timeout)."""

    class LosesAnswers(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = inner_factory()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            if lost(request):
                raise httpx.ReadTimeout("answer lost", request=request)
            return response

        async def aclose(self) -> None:
            await self.inner.aclose()

    return LosesAnswers
