"""Every method the sandbox serves over RPC is called by a tool or a test, or kept for a stated reason.

The sandbox imitates Odoo only as far as odoo-mcp needs it; an RPC method nothing calls is code
that can drift from Odoo unnoticed. The check is static (AST), so it needs no running sandbox:

- served: methods decorated `@rpc` in `src/odoo_sandbox`. One on `BaseModel` is served by every
  model, so its name is what counts; one defined on a business model (`@register("account.move")`)
  counts as that model's method, unless it overrides a `BaseModel` method (then it only changes
  how that model answers a call the name check already covers).
- called: the method argument of any call in `src/odoo_mcp` or `tests`, i.e. a string literal in
  second position (`client.call(model, "search_read", ...)`, `api.json2("res.partner", "search")`,
  `execute_kw("account.move", "action_post", ...)`), with the model when the first argument is a
  literal too, and literal `/json/2/<model>/<method>` paths. A call whose model is a variable
  counts for every model. The client's helpers (`search_read`, `web_search_read`, `create`, ...)
  count through their own call in `odoo/client.py`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SANDBOX = REPO / "src" / "odoo_sandbox"
CALLERS = (REPO / "src" / "odoo_mcp", REPO / "tests")
JSON2_PATH = re.compile(r"^/json/2/([\w.]+)/(\w+)$")
ANY_MODEL = None

Sources = Iterable[tuple[str, str]]

#: Served methods nothing calls, kept on purpose: `method` or `model.method` -> why.
KEPT_UNCALLED: dict[str, str] = {}


def served_methods(sources: Sources) -> set[str]:
    """`method` for each `@rpc` method of `BaseModel`, `model.method` for one only a business model has."""
    found: list[tuple[str | None, str]] = []
    for filename, source in sources:
        for cls in ast.walk(ast.parse(source, filename)):
            if isinstance(cls, ast.ClassDef):
                model = ANY_MODEL if cls.name == "BaseModel" else _registered_model(cls)
                found += [(model, f.name) for f in cls.body if isinstance(f, ast.FunctionDef) and _has_rpc(f)]
    generic = {name for model, name in found if model is ANY_MODEL}
    return generic | {f"{model}.{name}" for model, name in found if model is not ANY_MODEL and name not in generic}


def _registered_model(cls: ast.ClassDef) -> str:
    for decorator in cls.decorator_list:
        if isinstance(decorator, ast.Call) and decorator.args and isinstance(decorator.args[0], ast.Constant):
            return str(decorator.args[0].value)
    return f"<{cls.name}>"  # a served method on an unregistered class: matched only by a variable model


def _has_rpc(function: ast.FunctionDef) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "rpc") or (isinstance(d, ast.Attribute) and d.attr == "rpc")
        for d in function.decorator_list
    )


def called_methods(sources: Sources) -> set[tuple[str | None, str]]:
    """`(model, method)` sent by the given sources; the model is None where the call site names a variable."""
    called: set[tuple[str | None, str]] = set()
    for filename, source in sources:
        for node in ast.walk(ast.parse(source, filename)):
            if isinstance(node, ast.Call) and len(node.args) >= 2 and _text(node.args[1]) is not None:
                called.add((_text(node.args[0]), str(_text(node.args[1]))))
            elif (path := JSON2_PATH.match(_text(node) or "")) is not None:
                called.add((path.group(1), path.group(2)))
    return called


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def uncalled(served: set[str], called: set[tuple[str | None, str]]) -> set[str]:
    """The served methods no call reaches."""

    def reached(key: str) -> bool:
        model, _, name = key.rpartition(".")  # method names have no dot, model names do
        if not model:
            return any(sent == name for _, sent in called)
        return (model, name) in called or (ANY_MODEL, name) in called

    return {key for key in served if not reached(key)}


def _sources(*roots: Path, skip: Path | None = None) -> list[tuple[str, str]]:
    files = sorted(path for root in roots for path in root.rglob("*.py") if path != skip)
    return [(str(path), path.read_text(encoding="utf-8")) for path in files]


def test_every_rpc_method_is_called_or_kept_with_a_reason() -> None:
    served = served_methods(_sources(SANDBOX))
    called = called_methods(_sources(*CALLERS, skip=Path(__file__).resolve()))
    # The collectors see what they must, so an empty answer below cannot come from finding nothing.
    assert {"search_read", "web_search_read", "formatted_read_group", "create", "account.move.action_post"} <= served
    assert {(None, "search_read"), ("res.users", "context_get"), ("account.move", "action_post")} <= called
    missing = sorted(uncalled(served, called) - KEPT_UNCALLED.keys())
    assert not missing, (
        f"sandbox RPC methods that no tool or test calls: {missing}; remove them "
        "(or drop `@rpc`), or keep them in KEPT_UNCALLED with the reason"
    )
    stale = sorted(KEPT_UNCALLED.keys() - uncalled(served, called))
    assert not stale, f"KEPT_UNCALLED lists methods that are no longer served, or are called now: {stale}"


def test_an_uncalled_rpc_method_is_reported() -> None:
    """The check can fail: what is served and never sent is found, whatever the way it is sent."""
    sandbox = (
        "class BaseModel:\n"
        "    @rpc\n    def read(self): ...\n    @rpc\n    def unlink(self): ...\n"
        "@register('account.move')\nclass Move(BaseModel):\n"
        "    @rpc\n    def action_post(self): ...\n    @orm.rpc\n    def button_draft(self): ...\n"
        "    @rpc\n    def unlink(self): ...\n    def _private(self): ...\n"
        "@register('account.payment')\nclass Payment(BaseModel):\n    @rpc\n    def action_post(self): ...\n"
    )
    served = served_methods([("models.py", sandbox)])
    assert served == {
        "read",
        "unlink",
        "account.move.action_post",
        "account.move.button_draft",
        "account.payment.action_post",
    }
    tool = 'client.call(model, "read", ids=[1])\nexecute_kw("account.move", "action_post", [[1]])\n'
    assert uncalled(served, called_methods([("tool.py", tool)])) == {
        "unlink",
        "account.move.button_draft",
        "account.payment.action_post",
    }
    path = 'http.post("/json/2/account.payment/action_post")\nclient.call(model, "unlink")\n'
    assert uncalled(served, called_methods([("tool.py", tool), ("test.py", path)])) == {"account.move.button_draft"}
