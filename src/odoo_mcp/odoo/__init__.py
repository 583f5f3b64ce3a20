"""The only package that speaks HTTP to Odoo."""

from .client import Domain, OdooClient
from .errors import (
    OdooAccessError,
    OdooAuthError,
    OdooBadRequest,
    OdooDatabaseError,
    OdooError,
    OdooMissingError,
    OdooServerError,
    OdooTimeout,
    OdooUnreachable,
    OdooValidationError,
)
from .rows import Many2one

__all__ = [
    "Domain",
    "Many2one",
    "OdooAccessError",
    "OdooAuthError",
    "OdooBadRequest",
    "OdooClient",
    "OdooDatabaseError",
    "OdooError",
    "OdooMissingError",
    "OdooServerError",
    "OdooTimeout",
    "OdooUnreachable",
    "OdooValidationError",
]
