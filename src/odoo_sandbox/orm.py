"""A small ORM with Odoo 19's public model methods, signatures and error messages.

`Env` gives recordsets (`env["res.partner"].browse([3])`); `BaseModel` implements the generic
methods every Odoo model exposes over RPC (`search_read`, `read`, `create`, `write`,
`web_search_read`, `formatted_read_group`, ...), with Odoo's parameter names and defaults:
the RPC layer binds arguments against these very signatures, so a bad call fails with the same
`TypeError` text as on a real server. Methods callable over RPC carry `@rpc`; `@api_model`
marks the ones that take no ids (JSON-2 refuses ids for them); `@writes` marks the ones that
change data (they are what `SandboxOdoo.write_calls` lists and what triggers a save).
Business models subclass `BaseModel` in `models.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from . import companies, grouping, loading, query
from .constants import SANDBOX_UID
from .errors import ValidationError, missing_records
from .records import Database, Row
from .schema import MODELS, X2MANY_TYPES, Field, ModelDef
from .values import format_scalar, parse_scalar

F = TypeVar("F", bound=Callable[..., Any])


def rpc(func: F) -> F:
    """Expose a method over RPC (`get_public_method` finds only these)."""
    func._rpc = True  # type: ignore[attr-defined]  # a mark on the function, read back with getattr by dispatch
    return func


def api_model(func: F) -> F:
    """A model-level method (Odoo's `@api.model`): called without ids."""
    func._api_model = True  # type: ignore[attr-defined]  # a mark on the function, read back with getattr by dispatch
    return func


def writes(func: F) -> F:
    """A method that changes data."""
    func._writes = True  # type: ignore[attr-defined]  # a mark on the function, read back with getattr by dispatch
    return func


REGISTRY: dict[str, type[BaseModel]] = {}


def register(name: str) -> Callable[[type[BaseModel]], type[BaseModel]]:
    def decorate(cls: type[BaseModel]) -> type[BaseModel]:
        cls._name = name
        REGISTRY[name] = cls
        return cls

    return decorate


class Env:
    """The environment of one call: the database, the user and the context."""

    def __init__(self, db: Database, uid: int = SANDBOX_UID, context: Mapping[str, Any] | None = None) -> None:
        self.db = db
        self.uid = uid
        self.context: dict[str, Any] = dict(context or {})

    def __getitem__(self, name: str) -> BaseModel:
        if name not in MODELS:
            raise KeyError(name)
        cls = REGISTRY.get(name)
        if cls is None:
            cls = type("BaseModel", (BaseModel,), {"_name": name})
            REGISTRY[name] = cls
        return cls(self, ())

    def __contains__(self, name: object) -> bool:
        return name in MODELS

    def with_context(self, context: Mapping[str, Any] | None = None, **extra: Any) -> Env:
        return Env(self.db, self.uid, {**self.context, **(context or {}), **extra})

    @property
    def companies(self) -> list[int]:
        """`env.companies`: what the multi-company record rules let this call see."""
        return companies.allowed(self.db, self.uid, self.context)

    @property
    def company(self) -> int:
        """`env.company`: where new records go by default."""
        return companies.current(self.db, self.uid, self.context)


class BaseModel:
    """A recordset: a model and an ordered tuple of ids, with Odoo's generic methods."""

    _name: ClassVar[str] = ""

    def __init__(self, env: Env, ids: Sequence[int] = ()) -> None:
        self.env = env
        self._ids: tuple[int, ...] = tuple(ids)

    # -- recordset basics ---------------------------------------------------------------------
    @property
    def db(self) -> Database:
        return self.env.db

    @property
    def _def(self) -> ModelDef:
        return MODELS[self._name]

    @property
    def _fields(self) -> dict[str, Field]:
        return self._def.fields

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    @property
    def id(self) -> int | bool:
        return self._ids[0] if len(self._ids) == 1 else False

    def browse(self, ids: int | Sequence[int] | None = ()) -> Any:
        if ids is None or ids is False:
            ids = ()
        if isinstance(ids, int):
            ids = (ids,)
        return type(self)(self.env, tuple(ids))

    def with_env(self, env: Env) -> Any:
        return type(self)(env, self._ids)

    def with_context(self, context: Mapping[str, Any] | None = None, **extra: Any) -> Any:
        return self.with_env(self.env.with_context(context, **extra))

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __iter__(self) -> Iterator[Any]:
        for rid in self._ids:
            yield self.browse(rid)

    def __repr__(self) -> str:
        return f"{self._name}{self._ids!r}"

    def ensure_one(self) -> Any:
        if len(self._ids) != 1:
            raise ValueError(f"Expected singleton: {self!r}")
        return self

    def exists(self) -> Any:
        table = self.db.tables[self._name]
        return self.browse([i for i in self._ids if i in table])

    def _check_exists(self) -> None:
        missing = [i for i in self._ids if i not in self.db.tables[self._name]]
        if missing:
            raise missing_records(self._name, missing, self.env.uid)

    @property
    def row(self) -> Row:
        """The single row of a one-record recordset (raises MissingError if it is gone)."""
        self.ensure_one()
        self._check_exists()
        return self.db.tables[self._name][self._ids[0]]

    def rows(self) -> list[Row]:
        return self.db.browse_rows(self._name, self._ids)

    def value(self, fname: str) -> Any:
        return self.db.value(self._name, self.row, fname)

    # -- searching ----------------------------------------------------------------------------
    def _search_rows(
        self, domain: Any, offset: int = 0, limit: int | None = None, order: str | None = None
    ) -> list[Row]:
        active_test = self.env.context.get("active_test", True)
        rule = companies.rule(self._name, self.env.companies)
        return query.search_rows(
            self.db, self._name, domain, order=order, offset=offset, limit=limit, active_test=active_test, rule=rule
        )

    @rpc
    @api_model
    def search(self, domain: Any, offset: int = 0, limit: int | None = None, order: str | None = None) -> Any:
        return self.browse([row["id"] for row in self._search_rows(domain, offset, limit, order)])

    @rpc
    @api_model
    def search_count(self, domain: Any, limit: int | None = None) -> int:
        # A count has no ORDER BY in Odoo: the model's default order (res.users: a related name) must not matter.
        return len(self._search_rows(domain, 0, limit, "id"))

    @rpc
    @api_model
    def search_read(
        self,
        domain: Any = None,
        fields: Sequence[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        **read_kwargs: Any,
    ) -> list[dict[str, Any]]:
        self._check_read_fields(fields)
        records = self.search(domain or [], offset=offset, limit=limit, order=order)
        if not records:
            return []
        values: list[dict[str, Any]] = records.read(fields, **read_kwargs)
        return values

    def name_search(self, name: str = "", domain: Any = None, operator: str = "ilike", limit: int = 100) -> list[Any]:
        """Odoo's name lookup, used by `load` for many2one cells given by name; not served over RPC
        (no tool or test calls it: `tests/sandbox/test_rpc_surface.py`)."""
        condition = [["display_name", operator, name]] if name else []
        records = self.search([*condition, *(domain or [])], limit=limit)
        return [[rec_id, self.db.display_name(self._name, rec_id)] for rec_id in records.ids]

    # -- reading ------------------------------------------------------------------------------
    def _check_read_fields(self, fields: Sequence[str] | None) -> list[str]:
        if not fields:
            return [name for name in self._fields if name != "id"]
        if isinstance(fields, str):
            fields = [fields]
        for name in fields:
            if name not in self._fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
        return [name for name in fields if name != "id"]

    @rpc
    def read(self, fields: Sequence[str] | None = None, load: str | None = "_classic_read") -> list[dict[str, Any]]:
        names = self._check_read_fields(fields)
        result = []
        for row in self.rows():
            values: dict[str, Any] = {"id": row["id"]}
            for name in names:
                values[name] = self._format(row, name, load)
            result.append(values)
        return result

    def _format(self, row: Row, name: str, load: str | None = "_classic_read") -> Any:
        f = self._fields[name]
        value = self.db.value(self._name, row, name)
        if f.type == "many2one":
            if not value:
                return False
            return [value, self.db.display_name(f.relation or "", value)] if load else value
        if f.type in X2MANY_TYPES:
            return list(value or [])
        return format_scalar(f, value)

    @rpc
    @api_model
    def web_search_read(
        self,
        domain: Any,
        specification: Mapping[str, Any],
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        count_limit: int | None = None,
    ) -> dict[str, Any]:
        self._check_read_fields(list(specification))
        records = self.search(domain, offset=offset, limit=limit, order=order)
        values = records.web_read(specification)
        if not values:
            return {"length": 0, "records": []}
        current_length = len(values) + (offset or 0)
        limit_reached = len(values) == limit
        force_search_count = self.env.context.get("force_search_count")
        count_limit_reached = count_limit is not None and 0 < count_limit <= current_length
        if limit and ((limit_reached and not count_limit_reached) or force_search_count):
            length = self.search_count(domain, limit=count_limit)
        else:
            length = current_length
        return {"length": length, "records": values}

    @rpc
    def web_read(self, specification: Mapping[str, Any]) -> list[dict[str, Any]]:
        names = list(specification)
        values_list = self.read(names, load=None) if names else [{"id": i} for i in self.exists().ids]
        for name, spec in specification.items():
            f = self._fields[name]
            sub = (spec or {}).get("fields") if isinstance(spec, Mapping) else None
            if f.type == "many2one" and isinstance(spec, Mapping) and "fields" in spec:
                comodel = self.env[f.relation or ""]
                for values in values_list:
                    if values[name]:
                        values[name] = comodel.browse(values[name]).web_read(sub or {})[0]
            elif f.type in X2MANY_TYPES and sub is not None:
                comodel = self.env[f.relation or ""]
                for values in values_list:
                    children = comodel.browse(values[name])
                    if isinstance(spec, Mapping) and spec.get("order"):
                        children = comodel.search([["id", "in", children.ids]], order=spec["order"])
                    values[name] = children.web_read(sub)
        return values_list

    @rpc
    @api_model
    def fields_get(
        self, allfields: Sequence[str] | None = None, attributes: Sequence[str] | None = None
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, f in self._fields.items():
            if allfields and name not in allfields:
                continue
            desc: dict[str, Any] = {
                "name": name,
                "type": f.type,
                "string": f.string,
                "store": f.store,
                "readonly": f.readonly,
                "required": f.required,
                "sortable": f.store and f.type not in X2MANY_TYPES,
                "searchable": f.type != "binary" or f.store,
                "groupable": f.store and f.type not in ("one2many", "binary"),
                "aggregator": f.default_aggregator or False,
            }
            if f.relation:
                desc["relation"] = f.relation
            if f.selection:
                desc["selection"] = [list(pair) for pair in f.selection]
            if f.related:
                desc["related"] = f.related
            if attributes:
                desc = {key: value for key, value in desc.items() if key in attributes}
            result[name] = desc
        return result

    # -- grouping -----------------------------------------------------------------------------
    @rpc
    @api_model
    def formatted_read_group(
        self,
        domain: Any,
        groupby: Sequence[str] = (),
        aggregates: Sequence[str] = (),
        having: Any = (),
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> list[dict[str, Any]]:
        rows = self._search_rows(domain)
        return grouping.formatted_read_group(
            self.db, self._name, rows, groupby, aggregates, having, offset, limit, order
        )

    @rpc
    @api_model
    def read_group(
        self,
        domain: Any,
        fields: Sequence[str],
        groupby: str | Sequence[str],
        offset: int = 0,
        limit: int | None = None,
        orderby: str | bool = False,
        lazy: bool = True,
    ) -> list[dict[str, Any]]:
        rows = self._search_rows(domain)
        order = orderby if isinstance(orderby, str) and orderby else None
        return grouping.read_group(self.db, self._name, rows, domain, fields, groupby, offset, limit, order, lazy)

    # -- writing ------------------------------------------------------------------------------
    @rpc
    @api_model
    @writes
    def create(self, vals_list: Any) -> Any:
        if isinstance(vals_list, Mapping):
            vals_list = [vals_list]
        return self.browse([self._create_one(dict(vals)) for vals in vals_list])

    def _create_one(self, vals: dict[str, Any]) -> int:
        """Validate, convert and insert one record; one2many commands run after the insert."""
        self._check_write_names(vals)
        stored, x2many = self._convert(vals)
        now = self.db.now()
        magic = {"create_date": now, "write_date": now, "create_uid": self.env.uid, "write_uid": self.env.uid}
        rid = self.db.insert(self._name, {**self._defaults(), **stored, **magic})
        self.browse(rid)._write_one2many(x2many)
        return rid

    def _defaults(self) -> dict[str, Any]:
        """Default values of a new record (models override)."""
        return {"active": True} if self._def.has_active else {}

    @rpc
    @writes
    def write(self, vals: Mapping[str, Any]) -> bool:
        self._check_exists()
        vals = dict(vals)
        self._check_write_names(vals)
        stored, x2many = self._convert(vals)
        stored.update(write_date=self.db.now(), write_uid=self.env.uid)
        many2many = [name for name in stored if self._fields[name].type == "many2many"]
        for rid in self._ids:
            # many2many commands ([4, id], [3, id]) apply to each record's current value, not to an empty one
            current = self.db.tables[self._name][rid]
            own = {name: self._many2many_value(self._fields[name], vals[name], list(current.get(name) or [])) for name in many2many}
            self.db.update(self._name, rid, {**stored, **own})
        for record in self:
            record._write_one2many(x2many)
        return True

    def unlink(self) -> bool:
        """Delete the records, for one2many delete commands; not served over RPC (no tool or test
        deletes a record: `tests/sandbox/test_rpc_surface.py`)."""
        self._check_exists()
        for rid in self._ids:
            self.db.delete(self._name, rid)
        return True

    @rpc
    @api_model
    @writes
    def load(self, fields: Sequence[str], data: Sequence[Sequence[Any]]) -> dict[str, Any]:
        """Odoo's import: rows of text cells to records, with their external ids, all or nothing.

        Clients use it to create a record and its `ir.model.data` id atomically (see `loading.py`);
        the records go through this model's own `create`/`write`."""
        return loading.load(self, fields, data)

    def _check_write_names(self, vals: Mapping[str, Any]) -> None:
        for name in vals:
            if name not in self._fields:
                raise ValueError(f"Invalid field {name!r} in {self._name!r}")

    def _convert(self, vals: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Written values to internal form; one2many values are returned apart, as commands."""
        stored: dict[str, Any] = {}
        x2many: dict[str, Any] = {}
        for name, value in vals.items():
            f = self._fields[name]
            if name in ("id", "create_date", "write_date", "create_uid", "write_uid") or f.related or f.compute:
                continue
            if f.type == "one2many":
                x2many[name] = value
            elif f.type == "many2one":
                stored[name] = self._many2one_value(f, value)
            elif f.type == "many2many":
                stored[name] = self._many2many_value(f, value, [])
            else:
                stored[name] = parse_scalar(self._name, f, value)
            if f.required and name in stored and stored[name] in (None, ""):
                raise ValidationError(f"The field '{f.string}' is required on {self._def.description}.")
        return stored, x2many

    def _many2one_value(self, f: Field, value: Any) -> int | None:
        if value is False or value is None:
            return None
        if isinstance(value, list | tuple) and value:
            value = value[0]
        if not self.db.exists(f.relation or "", value):
            raise missing_records(f.relation or "", [value], self.env.uid)
        return int(value)

    def _many2many_value(self, f: Field, commands: Any, current: list[int]) -> list[int]:
        """Apply many2many commands (`[6, 0, ids]`, `[4, id]`, `[3, id]`, `[5]`, or a plain id list)."""
        ids = list(current)
        if commands is False or commands is None:
            return []
        for command in commands or []:
            if isinstance(command, int):
                ids.append(command)
                continue
            code = command[0]
            if code == 6:
                ids = list(command[2] or [])
            elif code == 4:
                ids.append(command[1])
            elif code in (3, 2):
                ids = [i for i in ids if i != command[1]]
            elif code == 5:
                ids = []
            else:
                raise ValueError(f"Unsupported command {command!r} for many2many field {self._name}.{f.name}")
        for rid in ids:
            if not self.db.exists(f.relation or "", rid):
                raise missing_records(f.relation or "", [rid], self.env.uid)
        return list(dict.fromkeys(ids))

    def _write_one2many(self, x2many: Mapping[str, Any]) -> None:
        """Generic one2many commands: 0 create, 1 update, 2/3 delete, 4 link, 5 clear."""
        for name, commands in x2many.items():
            f = self._fields[name]
            comodel = self.env[f.relation or ""]
            for command in commands or []:
                code = command[0]
                if code == 0:
                    comodel.create([{**command[2], f.inverse: self.id}])
                elif code == 1:
                    comodel.browse(command[1]).write(command[2])
                elif code == 4:
                    comodel.browse(command[1]).write({f.inverse: self.id})
                elif code in (2, 3):
                    comodel.browse(command[1]).unlink()
                elif code == 5:
                    comodel.browse(self.db.value(self._name, self.row, name)).unlink()
                else:
                    raise ValueError(f"Unsupported command {command!r} for one2many field {self._name}.{name}")
