#!/usr/bin/env python3
"""Render a Monday briefing as a person sees it: Markdown to HTML, Mermaid drawn, screenshot PNG.

Why: a briefing is read in Obsidian, not in a terminal. Tables, callouts and above all the
Mermaid trend chart only prove themselves once drawn, so this draws them the way a browser
does (headless Chromium), without any network: Mermaid and markdown-it come from a local
`npm install`, inlined into the page.

One-time setup (outside the repository; nothing here is committed):

    apt-get install -y chromium
    mkdir -p /tmp/odoo-mcp-render && cd /tmp/odoo-mcp-render && npm init -y && npm install mermaid markdown-it

Use:

    # a fresh sandbox briefing (Monday 2026-11-16, six months synced), rendered to a PNG
    .venv/bin/python scripts/render_briefing.py --sandbox --out /tmp/briefing.png
    # any briefing (or month file) from a vault
    .venv/bin/python scripts/render_briefing.py AI_Employee_Vault/Briefings/2026-11-16_Monday_Briefing.md --out /tmp/b.png

Options: `--deps DIR` (where node_modules is; default $ODOO_MCP_RENDER_DEPS or
/tmp/odoo-mcp-render), `--html FILE` (keep the page), `--width PX`, `--max-height PX` (crop, for
a small screenshot in the docs), `--chromium PATH`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--virtual-time-budget=20000",
]
SANDBOX_DAY = dt.date(2026, 11, 16)

CSS = """
body { font: 15px/1.55 -apple-system, "Segoe UI", "Inter", "DejaVu Sans", sans-serif; color: #1f2328; background: #fff;
       margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 28px 36px 40px; }
h1 { font-size: 28px; margin: 0 0 12px; }
h2 { font-size: 21px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; margin-top: 30px; }
h3 { font-size: 16px; margin-top: 22px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 4px 10px; }
th { background: #f6f8fa; text-align: left; }
td[style*="right"], th[style*="right"] { font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background: #fbfcfd; }
code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 13px; }
.properties { font-size: 13px; color: #57606a; margin-bottom: 18px; }
.properties td { border: none; padding: 1px 12px 1px 0; background: none !important; }
.properties td:first-child { color: #8c959f; }
.callout { border-left: 4px solid; border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
.callout .title { font-weight: 600; margin-bottom: 2px; }
.callout p { margin: 2px 0; }
.callout.warning { border-color: #d4a72c; background: #fff8c5; }
.callout.note, .callout.info { border-color: #2f6feb; background: #ddf4ff; }
.wikilink { color: #705dcf; }
pre.mermaid { background: none; text-align: center; }
em { color: #57606a; }
"""

# Turns the Markdown into what Obsidian shows: front matter as properties, callouts, wiki links,
# Mermaid fences drawn; then reports the page height in the title for the screenshot pass.
SCRIPT = r"""
const source = JSON.parse(document.getElementById('source').textContent);
const md = window.markdownit({html: true, linkify: false, typographer: false});  // comments hidden, as in Obsidian
const fence = md.renderer.rules.fence;
md.renderer.rules.fence = (tokens, i, options, env, self) => {
  const t = tokens[i];
  if (t.info.trim() === 'mermaid') return '<pre class="mermaid">' + md.utils.escapeHtml(t.content) + '</pre>';
  return fence(tokens, i, options, env, self);
};
let body = md.render(source.body).replace(/\[\[([^\]|]+)(\|([^\]]+))?\]\]/g,
  (m, target, _, label) => '<span class="wikilink">' + (label || target) + '</span>');
const main = document.querySelector('main');
main.innerHTML = source.properties + body;
for (const quote of main.querySelectorAll('blockquote')) {
  const first = quote.querySelector('p');
  const match = first && first.innerHTML.match(/^\[!(\w+)\]\s*([^\n]*)\n?([\s\S]*)$/);
  if (!match) continue;
  const box = document.createElement('div');
  box.className = 'callout ' + match[1].toLowerCase();
  box.innerHTML = '<div class="title">' + (match[2] || match[1]) + '</div>' + (match[3] ? '<p>' + match[3] + '</p>' : '');
  for (const rest of [...quote.children].slice(1)) box.appendChild(rest);
  quote.replaceWith(box);
}
mermaid.initialize({startOnLoad: false, theme: 'default', securityLevel: 'strict'});
mermaid.run({querySelector: 'pre.mermaid'}).then(
  () => { document.title = 'rendered:' + document.documentElement.scrollHeight; },
  (err) => { document.title = 'mermaid-error:' + err; document.body.insertAdjacentHTML('afterbegin', '<pre>' + err + '</pre>'); });
"""


def page(markdown: str, deps: Path) -> str:
    from odoo_mcp.vault.front_matter import split  # the server's own reading, so the shot shows what it reads

    front = split(markdown, strict=False)
    meta, body = front.data, front.body
    rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>" for k, v in meta.items())
    properties = f'<table class="properties">{rows}</table>' if rows else ""
    libs = [
        deps / "node_modules/markdown-it/dist/markdown-it.min.js",
        deps / "node_modules/markdown-it/dist/browser/markdown-it.umd.min.js",
        deps / "node_modules/mermaid/dist/mermaid.min.js",
    ]
    markdown_it = next((p for p in libs[:2] if p.is_file()), None)
    if markdown_it is None or not libs[2].is_file():
        raise SystemExit(f"mermaid and markdown-it not found under {deps}: run `npm install mermaid markdown-it` there (see --help)")
    data = json.dumps({"body": body, "properties": properties}).replace("</", "<\\/")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>loading</title>"
        f"<style>{CSS}</style></head><body><main></main>"
        f"<script id='source' type='application/json'>{data}</script>"
        f"<script>{markdown_it.read_text(encoding='utf-8')}</script>"
        f"<script>{libs[2].read_text(encoding='utf-8')}</script>"
        f"<script>{SCRIPT}</script></body></html>"
    )


def chromium(binary: str, profile: Path, *args: str) -> str:
    command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"chromium failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


def render(markdown: str, out: Path, *, deps: Path, width: int, max_height: int | None, binary: str, keep_html: Path | None) -> int:
    with tempfile.TemporaryDirectory(prefix="odoo-mcp-render-") as tmp:
        html_path = keep_html or Path(tmp) / "briefing.html"
        html_path.write_text(page(markdown, deps), encoding="utf-8")
        url = html_path.resolve().as_uri()
        profile = Path(tmp) / "profile"
        dom = chromium(binary, profile, f"--window-size={width},1000", "--dump-dom", url)
        title = re.search(r"<title>(.*?)</title>", dom, re.DOTALL)
        state = html.unescape(title.group(1)) if title else "no title"
        if not state.startswith("rendered:"):
            raise SystemExit(f"the page did not finish rendering: {state[:300]}")
        height = int(state.split(":", 1)[1])
        if max_height:
            height = min(height, max_height)
        chromium(binary, profile, f"--window-size={width},{height}", f"--screenshot={out.resolve()}", url)
    return height


async def sandbox_briefing(vault: Path, state: Path, *, offline: bool = False) -> Path:
    """A briefing from the sandbox on a fixed Monday, after syncing the six months its chart shows;
    with `offline`, the sandbox is then switched off, so the briefing comes from the synced files."""
    sys.path.insert(0, str(REPO / "src"))
    from odoo_mcp.config import settings_from_mapping
    from odoo_mcp.reports.briefing_job import generate_briefing
    from odoo_mcp.runtime import open_runtime
    from odoo_mcp.sync import Syncer, SyncOptions
    from odoo_sandbox import SandboxOdoo

    template = REPO / "AI_Employee_Vault"
    if template.is_dir():
        shutil.copytree(template, vault, dirs_exist_ok=True)
    settings = settings_from_mapping({"ODOO_URL": "sandbox", "VAULT_PATH": str(vault), "ODOO_MCP_STATE_DIR": str(state)})
    sandbox = SandboxOdoo(today=SANDBOX_DAY)
    async with open_runtime(settings, sandbox=sandbox) as rt:
        months = tuple(f"2026-{m:02d}" for m in range(6, 11))
        await Syncer(rt, SyncOptions(months=months)).run_once()
        sandbox.offline = offline
        result = await generate_briefing(rt, SANDBOX_DAY)
    return vault / result.path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("markdown", nargs="?", type=Path, help="the briefing (or any vault Markdown file) to render")
    parser.add_argument("--sandbox", action="store_true", help="render a fresh sandbox briefing instead of a file")
    parser.add_argument("--offline", action="store_true", help="with --sandbox: switch the sandbox off before the briefing")
    parser.add_argument("--out", type=Path, required=True, help="PNG to write")
    parser.add_argument("--html", type=Path, help="also keep the HTML page here")
    parser.add_argument("--deps", type=Path, default=Path(os.environ.get("ODOO_MCP_RENDER_DEPS", "/tmp/odoo-mcp-render")))
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--max-height", type=int, help="crop the screenshot to this many pixels")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()
    if args.sandbox == bool(args.markdown):
        parser.error("give a Markdown file or --sandbox (one of them)")
    with tempfile.TemporaryDirectory(prefix="odoo-mcp-vault-") as tmp:
        source = (
            asyncio.run(sandbox_briefing(Path(tmp) / "vault", Path(tmp) / "state", offline=args.offline)) if args.sandbox else args.markdown
        )
        markdown = source.read_text(encoding="utf-8")
    height = render(
        markdown, args.out, deps=args.deps, width=args.width, max_height=args.max_height, binary=args.chromium, keep_html=args.html
    )
    print(f"wrote {args.out} ({args.width}x{height}, {args.out.stat().st_size // 1024} KB) from {source.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
