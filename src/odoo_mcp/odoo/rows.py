"""How a value in an Odoo row is read, one rule per kind of field, for every caller.

Odoo sends a many2one (a link to one record) in several shapes depending on the method:
`[id, display_name]` from `read`, `search_read` and grouping keys; `{"id": .., "display_name": ..}`
from `web_search_read`/`web_read` specifications; a bare id from a few methods; `False` when the
link is not set. Reading them in one place means a new query cannot get one shape wrong, and a
changed shape is fixed once (`tests/unit/test_rows.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Many2one:
    """A many2one value: the linked record's id and display name, both None when the link is not set.

    Falsy when not set, so `Many2one.parse(v) or ...` and `if link:` read as they do on Odoo's side."""

    id: int | None = None
    name: str | None = None

    @classmethod
    def parse(cls, value: object) -> Many2one:
        """Any shape Odoo sends (see the module's docstring); anything else is an unset link."""
        if isinstance(value, Mapping):
            return cls._of(value.get("id"), value.get("display_name"))
        if isinstance(value, Sequence) and not isinstance(value, str):
            return cls._of(value[0] if value else None, value[1] if len(value) > 1 else None)
        return cls._of(value, None)

    @classmethod
    def _of(cls, ident: object, name: object) -> Many2one:
        # `False` is an int to Python but "not set" to Odoo; no record has id 0.
        if isinstance(ident, bool) or not isinstance(ident, int) or ident == 0:
            return UNSET
        return cls(ident, None if name is None or name is False else str(name))

    def __bool__(self) -> bool:
        return self.id is not None

    def pair(self) -> list[int | str | None]:
        """The `[id, display_name]` shape `search_read` uses (what `OdooClient.search_page` returns)."""
        return [self.id, self.name]


UNSET = Many2one()
