"""Exceptions that look, on the wire, exactly like the ones a real Odoo 19 raises.

Odoo's RPC layers serialize an exception as `{name, message, arguments, context, debug}` where
`name` is the exception's dotted class path (`odoo.exceptions.UserError`,
`builtins.ValueError`, `werkzeug.exceptions.NotFound`, ...). The sandbox raises plain Python
`ValueError`/`TypeError`/`KeyError` where Odoo would (their names come out as `builtins.*`
naturally) and the classes below for Odoo's own exception types, each carrying the dotted name
and the HTTP status Odoo 19's JSON-2 dispatcher gives it (`odoo/exceptions.py` `http_status`).
"""

from __future__ import annotations

from typing import Any


class OdooException(Exception):  # named after what it stands for
    """Base of the emulated `odoo.exceptions.*` (and friends): a wire name and an HTTP status."""

    odoo_name = "odoo.exceptions.UserError"
    http_status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(OdooException):
    """`odoo.exceptions.UserError`: the request makes no sense for the records' current state."""

    odoo_name = "odoo.exceptions.UserError"
    http_status = 422


class ValidationError(UserError):
    """`odoo.exceptions.ValidationError`: a constraint on the data is violated."""

    odoo_name = "odoo.exceptions.ValidationError"
    http_status = 422


class AccessError(UserError):
    """`odoo.exceptions.AccessError`: e.g. calling a private `_method` remotely."""

    odoo_name = "odoo.exceptions.AccessError"
    http_status = 403


class AccessDenied(UserError):  # Odoo's own name
    """`odoo.exceptions.AccessDenied`: wrong login, password or key."""

    odoo_name = "odoo.exceptions.AccessDenied"
    http_status = 403

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class MissingError(UserError):
    """`odoo.exceptions.MissingError`: the record was deleted or never existed."""

    odoo_name = "odoo.exceptions.MissingError"
    http_status = 404


class OperationalError(Exception):
    """`psycopg2.OperationalError`: what Odoo lets through when a database does not exist."""

    odoo_name = "psycopg2.OperationalError"


class HttpError(Exception):
    """A `werkzeug.exceptions.*` HTTP error raised by Odoo's routing layer, with its status."""

    def __init__(self, status: int, name: str, description: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.odoo_name = f"werkzeug.exceptions.{name}"
        self.description = description
        self.headers = headers or {}


def not_found(description: str) -> HttpError:
    return HttpError(404, "NotFound", description)


def unprocessable(description: str) -> HttpError:
    return HttpError(422, "UnprocessableEntity", description)


def unauthorized(description: str) -> HttpError:
    return HttpError(401, "Unauthorized", description, {"WWW-Authenticate": "Bearer"})


def missing_records(model: str, ids: list[int], uid: int) -> MissingError:
    """Odoo's exact MissingError text, e.g. `(Record: res.partner(999999,), User: 2)`."""
    return MissingError(f"Record does not exist or has been deleted.\n(Record: {model}{tuple(ids)!r}, User: {uid})")


def exception_name(exc: BaseException) -> str:
    """The dotted name Odoo puts in `data.name`: `builtins.ValueError`, `odoo.exceptions.UserError` ..."""
    explicit = getattr(exc, "odoo_name", None)
    if explicit:
        return str(explicit)
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def fake_traceback(exc: BaseException) -> str:
    """A short, clearly fake traceback: real Odoo sends its server traceback in `debug`."""
    return (
        "Traceback (most recent call last):\n"
        '  File "<sandbox odoo>", line 1, in <module>\n'
        "    (sandbox: this is not a real server traceback)\n"
        f"{exception_name(exc)}: {exc}\n"
    )


def serialize_exception(exc: BaseException) -> dict[str, Any]:
    """The body of an error, as `odoo.http.serialize_exception` builds it."""
    if isinstance(exc, HttpError):
        message: str = exc.description
        arguments: list[Any] = [exc.description, exc.status]
    else:
        message = "\n".join(str(arg) for arg in exc.args)  # as odoo.tools.exception_to_unicode
        arguments = list(exc.args)
    return {
        "name": exception_name(exc),
        "message": message,
        "arguments": arguments,
        "context": {},
        "debug": fake_traceback(exc),
    }
