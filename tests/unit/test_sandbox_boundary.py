"""The server reaches the sandbox at one seam only, and the sandbox does not know the server.

`odoo_mcp` sees "an Odoo URL or an httpx transport": `ODOO_URL=sandbox` is resolved by
`odoo_mcp/runtime.py` (`open_sandbox`, `sandbox_client`) and nowhere else, so the sandbox can be
split off, replaced by a real Odoo in a test, or left out of an installation without touching
the server. The check reads the source (AST), so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
SEAM = SRC / "odoo_mcp" / "runtime.py"


def imported_modules(path: Path, src: Path) -> Iterator[str]:
    """Absolute names of the modules a file imports (relative imports resolved against its place
    under `src`), and dotted string literals, which `importlib.import_module` could be given."""
    package = path.relative_to(src).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _dotted_name(node.value):
            yield node.value


def _dotted_name(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))


def importers(package_dir: Path, target: str, src: Path = SRC) -> list[Path]:
    """The files under `package_dir` that import `target` or one of its modules."""
    return sorted(
        path
        for path in package_dir.rglob("*.py")
        if any(name == target or name.startswith(f"{target}.") for name in imported_modules(path, src))
    )


def test_only_the_seam_imports_the_sandbox() -> None:
    found = importers(SRC / "odoo_mcp", "odoo_sandbox")
    assert found == [SEAM], f"only {SEAM.relative_to(SRC)} may import odoo_sandbox; found {found}"


def test_the_sandbox_is_no_longer_inside_the_server() -> None:
    assert not (SRC / "odoo_mcp" / "sandbox").exists()
    assert importers(SRC / "odoo_mcp", "odoo_mcp.sandbox") == []


def test_the_sandbox_does_not_import_the_server() -> None:
    assert importers(SRC / "odoo_sandbox", "odoo_mcp") == []


def test_lazy_relative_and_dynamic_imports_are_seen(tmp_path: Path) -> None:
    """The check can fail: each way of reaching a package is found, in the file that does it."""
    server = tmp_path / "odoo_mcp" / "server"
    server.mkdir(parents=True)
    (server / "lazy.py").write_text("def f():\n    from odoo_sandbox.app import SandboxOdoo\n")
    (server / "dynamic.py").write_text("import importlib\nimportlib.import_module('odoo_sandbox')\n")
    (server / "relative.py").write_text("from ..sandbox import constants\n")
    (server / "clean.py").write_text('"""Mentions odoo_sandbox in prose only."""\nfrom ..odoo import client\n')
    assert importers(tmp_path / "odoo_mcp", "odoo_sandbox", tmp_path) == [server / "dynamic.py", server / "lazy.py"]
    assert importers(tmp_path / "odoo_mcp", "odoo_mcp.sandbox", tmp_path) == [server / "relative.py"]
