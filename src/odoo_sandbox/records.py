"""The sandbox's tables: rows of every model, id sequences, and reading values through relations.

This is the storage layer only: it knows the schema, keeps one dict per row, maintains the
one2many indexes, and answers "what is field X of this row" including related paths and the
named computes of `computes.py`. It enforces no business rule; the ORM (`orm.py`) and the
accounting modules do. Rows are replaced, never mutated in place, so a snapshot is a shallow
copy: that is how a failed call is rolled back, as a PostgreSQL transaction would be.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .schema import MODELS, Field, ModelDef
from .values import empty

Row = dict[str, Any]
Compute = Callable[["Database", Row], Any]

#: Non-stored computed fields, registered by `computes.py` as `(model, field) -> function`.
COMPUTES: dict[tuple[str, str], Compute] = {}


def compute(model: str, field: str) -> Callable[[Compute], Compute]:
    """Register the function that computes a non-stored field."""

    def register(func: Compute) -> Compute:
        COMPUTES[(model, field)] = func
        return func

    return register


def _inverse_fields() -> dict[str, list[str]]:
    """For each model, the many2one fields that some one2many uses as its inverse."""
    found: dict[str, set[str]] = defaultdict(set)
    for model in MODELS.values():
        for f in model.fields.values():
            if f.type == "one2many" and f.relation and f.inverse:
                found[f.relation].add(f.inverse)
    return {model: sorted(names) for model, names in found.items()}


INVERSES = _inverse_fields()


def _stored_templates() -> dict[str, dict[str, Any]]:
    """Per model, the stored columns of a new row with their empty values."""
    return {
        name: {
            f.name: empty(f)
            for f in model.fields.values()
            if f.store and not f.related and f.type != "one2many" and f.name != "id"
        }
        for name, model in MODELS.items()
    }


TEMPLATES = _stored_templates()


class Database:
    """Every row of every model, plus the clock (`today`) the business logic runs on."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.frozen_now: str | None = None  # the seed freezes the clock at each document's date
        self.tables: dict[str, dict[int, Row]] = {name: {} for name in MODELS}
        self.next_ids: dict[str, int] = {name: 1 for name in MODELS}
        self._children: dict[tuple[str, str], dict[int, list[int]]] = {}
        self._rebuild_indexes()

    # -- schema -----------------------------------------------------------------------------
    @staticmethod
    def model(name: str) -> ModelDef:
        return MODELS[name]

    @staticmethod
    def field(model: str, name: str) -> Field:
        return MODELS[model].fields[name]

    # -- clock --------------------------------------------------------------------------------
    def now(self) -> str:
        """`today` at the current wall-clock time, as Odoo writes `create_date` (UTC)."""
        if self.frozen_now:
            return self.frozen_now
        clock = dt.datetime.now(dt.UTC).time().replace(microsecond=0)
        return dt.datetime.combine(self.today, clock).strftime("%Y-%m-%d %H:%M:%S")

    # -- rows ---------------------------------------------------------------------------------
    def row(self, model: str, rid: int | None) -> Row | None:
        return self.tables[model].get(rid) if rid else None

    def rows(self, model: str) -> list[Row]:
        return list(self.tables[model].values())

    def exists(self, model: str, rid: Any) -> bool:
        return isinstance(rid, int) and not isinstance(rid, bool) and rid in self.tables[model]

    def insert(self, model: str, values: Row, rid: int | None = None) -> int:
        """Insert a row: stored fields missing from `values` get their empty value."""
        rid = rid or self.next_ids[model]
        self.next_ids[model] = max(self.next_ids[model], rid + 1)
        template = TEMPLATES[model]
        row: Row = {"id": rid, **template, **{k: v for k, v in values.items() if k in template}}
        self.tables[model][rid] = row
        self._index(model, row, add=True)
        return rid

    def update(self, model: str, rid: int, values: Row) -> None:
        old = self.tables[model][rid]
        new = {**old, **values}
        self._index(model, old, add=False)
        self.tables[model][rid] = new
        self._index(model, new, add=True)

    def delete(self, model: str, rid: int) -> None:
        row = self.tables[model].pop(rid)
        self._index(model, row, add=False)

    # -- one2many indexes --------------------------------------------------------------------
    def _index(self, model: str, row: Row, *, add: bool) -> None:
        for fname in INVERSES.get(model, ()):
            parent = row.get(fname)
            if not parent:
                continue
            children = self._children.setdefault((model, fname), {}).setdefault(parent, [])
            if add:
                children.append(row["id"])
            else:
                children.remove(row["id"])

    def _rebuild_indexes(self) -> None:
        self._children = {}
        for model in INVERSES:
            for row in self.tables[model].values():
                self._index(model, row, add=True)

    def children(self, model: str, inverse: str, parent: int) -> list[int]:
        return sorted(self._children.get((model, inverse), {}).get(parent, ()))

    # -- transactions ------------------------------------------------------------------------
    def snapshot(self) -> tuple[dict[str, dict[int, Row]], dict[str, int]]:
        return {m: dict(t) for m, t in self.tables.items()}, dict(self.next_ids)

    def restore(self, snap: tuple[dict[str, dict[int, Row]], dict[str, int]]) -> None:
        self.tables = {m: dict(t) for m, t in snap[0].items()}
        self.next_ids = dict(snap[1])
        self._rebuild_indexes()

    # -- values -------------------------------------------------------------------------------
    def value(self, model: str, row: Row, fname: str) -> Any:
        """Internal value of a field on a row, following `related` paths and computes."""
        f = MODELS[model].fields[fname]
        if f.related:
            return self._related(model, row, f)
        if f.compute:
            return COMPUTES[(model, fname)](self, row)
        if f.type == "one2many":
            return self.one2many(f, row["id"])
        return row.get(fname, empty(f))

    def _related(self, model: str, row: Row, f: Field) -> Any:
        current_model = model
        current: Row | None = row
        *hops, last = (f.related or "").split(".")
        for hop in hops:
            link = MODELS[current_model].fields[hop]
            current = self.row(link.relation or "", current.get(hop) if current else None)
            current_model = link.relation or ""
            if current is None:
                return empty(f)
        return self.value(current_model, current, last) if current is not None else empty(f)

    def one2many(self, f: Field, parent: int) -> list[int]:
        ids = self.children(f.relation or "", f.inverse or "", parent)
        for fname, allowed in f.inverse_filter:
            table = self.tables[f.relation or ""]
            ids = [i for i in ids if table[i].get(fname) in allowed]
        return ids

    def display_name(self, model: str, rid: int | None) -> str:
        row = self.row(model, rid)
        return str(self.value(model, row, "display_name")) if row else ""

    def filtered(self, model: str, predicate: Callable[[Row], bool]) -> list[Row]:
        return [row for row in self.tables[model].values() if predicate(row)]

    def browse_rows(self, model: str, ids: Iterable[int]) -> list[Row]:
        table = self.tables[model]
        return [table[i] for i in ids if i in table]
