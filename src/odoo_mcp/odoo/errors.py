"""Typed errors for everything that can go wrong talking to Odoo.

Odoo answers errors in two shapes (JSON-2: HTTP status + JSON body; JSON-RPC: an `error`
envelope) and both carry a `debug` traceback. We keep the exception's name and the first
line of its message, and drop the rest: a traceback is noise to an owner and a leak to a model.
"""

from __future__ import annotations

from typing import Any

_MAX_MESSAGE = 300


class OdooError(Exception):
    """Base class; `str(err)` is one short line fit for a person."""

    kind = "odoo_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class OdooUnreachable(OdooError):
    kind = "unreachable"


class OdooTimeout(OdooError):
    kind = "timeout"


class OdooAuthError(OdooError):
    kind = "bad_credentials"


class OdooDatabaseError(OdooError):
    kind = "unknown_database"


class OdooAccessError(OdooError):
    kind = "access_denied"


class OdooMissingError(OdooError):
    kind = "missing_record"


class OdooValidationError(OdooError):
    """Odoo refused the data (ValidationError, UserError): the message is Odoo's own and useful."""

    kind = "validation"


class OdooBadRequest(OdooError):
    """Our request was wrong (unknown field, bad argument): a bug or a version mismatch."""

    kind = "bad_request"


class OdooServerError(OdooError):
    kind = "server_error"


def first_line(text: Any) -> str:
    """Odoo messages often carry a record dump after a newline; keep the sentence."""
    line = str(text or "").strip().splitlines()[0] if str(text or "").strip() else ""
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"


_BY_NAME: dict[str, type[OdooError]] = {
    "odoo.exceptions.AccessDenied": OdooAuthError,
    "werkzeug.exceptions.Unauthorized": OdooAuthError,
    "odoo.exceptions.AccessError": OdooAccessError,
    "werkzeug.exceptions.Forbidden": OdooAccessError,
    "odoo.exceptions.MissingError": OdooMissingError,
    "odoo.exceptions.ValidationError": OdooValidationError,
    "odoo.exceptions.UserError": OdooValidationError,
    "odoo.exceptions.RedirectWarning": OdooValidationError,
    "builtins.ValueError": OdooBadRequest,
    "builtins.TypeError": OdooBadRequest,
    "builtins.KeyError": OdooBadRequest,
    "werkzeug.exceptions.NotFound": OdooBadRequest,
    "werkzeug.exceptions.UnprocessableEntity": OdooBadRequest,
    "psycopg2.OperationalError": OdooDatabaseError,
    "odoo.exceptions.CacheMiss": OdooBadRequest,
}


def error_from_odoo(data: dict[str, Any], *, status: int | None = None) -> OdooError:
    """Map Odoo's error payload (`name`, `message`, `debug` ...) to a typed error, minus the traceback."""
    name = str(data.get("name") or "")
    message = first_line(data.get("message")) or name or "Odoo reported an error"
    cls = _BY_NAME.get(name)
    if cls is None and name.startswith("odoo.exceptions."):
        cls = OdooValidationError
    if cls is OdooAuthError:
        return OdooAuthError(f"Odoo rejected the credentials ({message}): check ODOO_API_KEY / ODOO_LOGIN / ODOO_PASSWORD")
    if cls is OdooDatabaseError:
        if "does not exist" in message or "database" in message.lower():
            return OdooDatabaseError("Odoo has no such database: check ODOO_DB")
        return OdooServerError(f"Odoo's database failed: {message}")
    if cls is None:
        if status == 401:
            return OdooAuthError("Odoo rejected the credentials: check ODOO_API_KEY")
        if status == 403:
            return OdooAccessError(f"Access denied by Odoo: {message}")
        return OdooServerError(f"Odoo error ({name or status}): {message}")
    return cls(message)
