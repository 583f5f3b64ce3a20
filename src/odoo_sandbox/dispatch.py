"""Running one model method for an RPC request, as Odoo's RPC layers do, and logging it.

Shared by both wire formats: find the public method (`_private` -> AccessError, unknown ->
AttributeError/404), bind the arguments against the method's real signature (so the
`TypeError` messages are Python's, exactly what Odoo's `inspect.signature(...).bind` gives),
run it inside a "transaction" (the database is restored if anything raises, as PostgreSQL
would roll back), and record a `Call` for tests and for the persistence hook.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import models as _models  # noqa: F401 - registers the business model classes
from .errors import AccessError, UserError, exception_name, not_found, unprocessable
from .orm import BaseModel, Env
from .records import Database

Protocol = Literal["json2", "jsonrpc", "http"]


@dataclass
class Call:
    """One request the sandbox received.

    `kwargs` holds the arguments by parameter name (JSON-RPC positional arguments are mapped to
    their names), `ids` the records of a record method (None for model-level calls)."""

    protocol: Protocol
    model: str | None
    method: str
    ids: list[int] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    writes: bool = False  # the method changes data (create, write, action_post, ...)
    ok: bool = True  # False when the call raised (and was rolled back)
    error: str | None = None  # the error's dotted name when it failed


def get_public_method(model: BaseModel, name: str) -> Callable[..., Any]:
    """`odoo.service.model.get_public_method`."""
    if not isinstance(name, str) or name.startswith("_"):
        raise AccessError(f"Private methods (such as '{model._name}.{name}') cannot be called remotely.")
    method: Callable[..., Any] | None = getattr(type(model), name, None)
    if method is None or not callable(method) or not getattr(method, "_rpc", False):
        raise AttributeError(f"The method '{model._name}.{name}' does not exist")
    return method


def _named_arguments(
    func: Callable[..., Any], records: BaseModel, args: list[Any], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """Best-effort mapping of positional arguments to parameter names, for the call log."""
    try:
        bound = inspect.signature(func).bind_partial(records, *args, **kwargs)
    except TypeError:
        return {**kwargs, **({"__args__": list(args)} if args else {})}
    named = dict(bound.arguments)
    named.pop("self", None)
    extra = named.pop("read_kwargs", None) or named.pop("kwargs", None) or {}
    return {**named, **extra}


class Engine:
    """Executes model methods on the database and keeps the log of calls."""

    def __init__(self, db: Database, on_write: Callable[[], None]) -> None:
        self.db = db
        self.calls: list[Call] = []
        self._on_write = on_write

    def log(self, call: Call) -> Call:
        self.calls.append(call)
        return call

    def _transaction(self, call: Call, run: Callable[[], Any]) -> Any:
        snapshot = self.db.snapshot()
        try:
            result = run()
        except BaseException as exc:
            self.db.restore(snapshot)
            call.ok, call.error = False, exception_name(exc)
            raise
        if call.writes:
            self._on_write()
        return result

    def execute_json2(
        self, model: str, method: str, ids: list[int], kwargs: dict[str, Any], context: Mapping[str, Any]
    ) -> Any:
        """`/json/2/<model>/<method>`: named arguments only (`json2.py` `web_json_2_rpc`)."""
        call = self.log(Call("json2", model, method, list(ids) or None, dict(kwargs), dict(context or {})))
        env = Env(self.db, context=context)

        def run() -> Any:
            try:
                records = env[model]
            except KeyError:
                raise not_found(f"the model {model!r} does not exist") from None
            try:
                func = get_public_method(records, method)
            except AttributeError as exc:
                raise not_found(exc.args[0]) from None
            call.writes = bool(getattr(func, "_writes", False))
            if getattr(func, "_api_model", False) and ids:
                raise unprocessable(f"cannot call {model}.{method} with ids")
            records = records.browse(ids)
            try:
                inspect.signature(func).bind(records, **kwargs)
            except TypeError as exc:
                raise unprocessable(exc.args[0]) from None
            result = func(records, **kwargs)
            return result.ids if isinstance(result, BaseModel) else result

        return self._transaction(call, run)

    def execute_kw(self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """`object.execute_kw`: `api.call_kw` with Odoo's positional conventions."""
        kwargs = dict(kwargs or {})
        context = kwargs.pop("context", None) or {}
        call = self.log(Call("jsonrpc", model, method, None, dict(kwargs), dict(context)))
        env = Env(self.db, uid, context)

        def run() -> Any:
            try:
                records = env[model]
            except KeyError:
                raise UserError(f"Object {model} doesn't exist") from None
            func = get_public_method(records, method)
            call.writes = bool(getattr(func, "_writes", False))
            positional = list(args or [])
            if method == "create" and not positional:
                # Odoo's `_call_kw_model_create` reads args[0]: `vals_list` as a keyword fails (real 19.0).
                raise IndexError("list index out of range")
            if getattr(func, "_api_model", False):
                call.kwargs = _named_arguments(func, records, positional, kwargs)
                result = func(records, *positional, **kwargs)
                if method == "create" and isinstance(result, BaseModel):
                    return result.id if positional and isinstance(positional[0], Mapping) else result.ids
            else:
                ids, rest = positional[0], positional[1:]
                records = records.browse(ids)
                call.ids = records.ids
                call.kwargs = _named_arguments(func, records, rest, kwargs)
                result = func(records, *rest, **kwargs)
            return result.ids if isinstance(result, BaseModel) else result

        return self._transaction(call, run)
