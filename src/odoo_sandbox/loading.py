"""`load(fields, data)`: Odoo's import of a matrix of text cells, records and external ids together.

A client writes through `load` so that a record and its external id (`ir.model.data`) appear in one
call or not at all. This follows Odoo 19's `BaseModel.load`, `_extract_records`, `_convert_records`,
`_load_records` (odoo/orm/models.py) and `ir.fields.converter` (odoo/addons/base/models/ir_fields.py)
step by step, so the cell syntax, the messages and their keys are Odoo's:

- a column is a field path: `partner_id/.id` (database id), `partner_id/id` (external id),
  `partner_id` (name), `invoice_line_ids/name`; `id` is the record's external id ("module.name",
  no dot -> module `__import__`), `.id` an existing record's database id;
- a row whose non-one2many cells are all empty continues the previous record's one2many lines;
- an empty cell writes False explicitly (so `invoice_payment_term_id/.id` = "" clears the term);
- an existing external id updates its record (`write`) instead of creating one; with an external id
  the `.id` column only has to exist, the record is the external id's (or a new one);
- any error: `{'ids': False, 'messages': [...]}` and nothing is kept (Odoo rolls back its savepoint);
  a wrong column name raises instead (ValueError, a 500 on the wire).

Records go through the models' own `create`/`write`, so totals, journals and company defaults
are the same as with `create`.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import UserError, ValidationError
from .schema import RELATIONAL_TYPES, Field

if TYPE_CHECKING:
    from .orm import BaseModel

Record = dict[Any, Any]  # field name (None = display name, "id", ".id") -> cell text or sub-records
Message = dict[str, Any]
Log = Callable[[str, Exception], None]

REFERENCING = (None, "id", ".id")
TRUES = ("1", "true", "yes")
FALSES = ("", "0", "false", "no")
TOO_MANY_ERRORS = (
    "Found more than 10 errors and more than one error per 10 records, interrupted to avoid showing too many errors."
)


class SqlError(Exception):
    """What PostgreSQL itself refuses (a constraint): reported like a psycopg2 error, without a field."""


def field_path(name: str) -> list[str]:
    """`fix_import_export_id_paths`: `partner_id.id` -> `partner_id/.id`, `x:id` -> `x/id`, split on `/`."""
    fixed = re.sub(r"([^/])\.id", r"\1/.id", name)
    return re.sub(r"([^/]):id", r"\1/id", fixed).split("/")


def import_error(template: str, params: Any = (), info: Mapping[str, Any] | None = None) -> ValueError:
    """`_format_import_error`: `%(field)s` stays for the caller; a `%` in a value survives it."""

    def clean(value: Any) -> Any:
        return value.replace("%", "%%") if isinstance(value, str) else value

    if isinstance(params, dict):
        params = {key: clean(value) for key, value in params.items()}
    elif isinstance(params, tuple):
        params = tuple(clean(value) for value in params)
    else:
        params = clean(params)
    return ValueError(template % params, dict(info) if info else None)


def _ref_only(record: Record) -> Record:
    return {key: value for key, value in record.items() if key in REFERENCING}


def _without_refs(record: Record) -> Record:
    return {key: value for key, value in record.items() if key not in REFERENCING}


def extract(
    model: BaseModel, paths: list[list[Any]], data: Sequence[Sequence[Any]], limit: float
) -> Iterator[tuple[Record, Message]]:
    """`_extract_records`: rows to nested records, one2many lines gathered from continuation rows."""
    fields = model._fields
    for path in paths:
        if path[0] and "." not in path[0] and path[0] not in fields:
            raise ValueError(f"Invalid field name {path[0]!r}")

    def is_o2m(name: Any) -> bool:
        return name in fields and fields[name].type == "one2many"

    def relational(name: Any) -> bool:
        return name in fields and fields[name].type in RELATIONAL_TYPES

    o2m = [i for i, path in enumerate(paths) if is_o2m(path[0])]
    others = [i for i, path in enumerate(paths) if not is_o2m(path[0])]
    index = 0
    while index < len(data) and index < limit:
        row = data[index]
        record: Record = {path[0]: value for path, value in zip(paths, row, strict=False) if not relational(path[0])}
        span = [row]
        for following in data[index + 1 :]:
            if not (any(following[i] for i in o2m) and not any(following[i] for i in others)):
                break
            span.append(following)
        for name in dict.fromkeys(path[0] for path in paths if relational(path[0])):
            indices = [i for i, path in enumerate(paths) if path[0] == name]
            sub_paths = [paths[i][1:] or [None] for i in indices]
            sub_rows = [cells for cells in (tuple(r[i] for i in indices) for r in span) if any(cells)]
            comodel = model.env[fields[name].relation or ""]
            record[name] = [sub for sub, _info in extract(comodel, sub_paths, sub_rows, float("inf"))]
        yield record, {"rows": {"from": index, "to": index + len(span) - 1}}
        index += len(span)


class Loader:
    """One `load` call: converts records, creates or updates them in batches, collects messages."""

    def __init__(self, model: BaseModel) -> None:
        context = model.env.context
        self.model = model
        self.db = model.db
        self.update = context.get("mode", "init") == "update"
        self.module: str = context.get("module", "__import__")
        self.noupdate = bool(context.get("noupdate", False))
        self.messages: list[Message] = []
        self.ids: list[int] = []
        self.batch: list[tuple[str | None, Record, Message]] = []
        self.batch_xmlids: set[str] = set()
        self.creatable: set[str] = {model._name}
        self.start = self.db.snapshot()  # Odoo's savepoint: every failed record rolls back to it

    # -- the call -------------------------------------------------------------------------------
    def run(self, fields: Sequence[str], data: Sequence[Sequence[Any]]) -> dict[str, Any]:
        paths = [field_path(name) for name in fields]
        self._note_creatable(paths)
        limit = self.model.env.context.get("_import_limit")
        limit = float("inf") if limit is None else limit
        info: Message = {"rows": {"to": -1}}
        for dbid, xid, values, info in self._convert_records(extract(self.model, paths, data, limit)):
            if xid:
                xid = xid if "." in xid else f"{self.module}.{xid}"
                self.batch_xmlids.add(xid)
            elif dbid:
                values["id"] = dbid
            self.batch.append((xid or None, values, info))
        self.flush()
        ids: list[int] | bool = self.ids
        if any(message["type"] == "error" for message in self.messages):
            self.db.restore(self.start)
            ids = False
        nextrow = info["rows"]["to"] + 1
        return {"ids": ids, "messages": self.messages, "nextrow": 0 if nextrow < limit else nextrow}

    def _note_creatable(self, paths: list[list[Any]]) -> None:
        """Models a name lookup must flush first: this one and those of the one2many columns."""
        for path in paths:
            fields = self.model._fields
            for name in path:
                if name in REFERENCING:
                    break
                f = fields.get(name)
                if f is not None and f.type == "one2many":
                    self.creatable.add(f.relation or "")
                    fields = self.model.env[f.relation or ""]._fields

    # -- converting -------------------------------------------------------------------------------
    def _convert_records(self, records: Iterator[tuple[Record, Message]]) -> Iterator[tuple[Any, Any, Record, Message]]:
        """`_convert_records`: check `.id`, convert the cells, report each problem on its row."""
        model = self.model
        for index, (record, extras) in enumerate(records):
            xid = record.get("id", False)
            dbid: Any = False
            if record.get(".id"):
                try:
                    dbid = int(record[".id"])
                except ValueError:
                    dbid = record[".id"]
                if not model.search([("id", "=", dbid)]):
                    self.messages.append(
                        {
                            **extras,
                            "type": "error",
                            "record": index,
                            "field": ".id",
                            "message": f"Unknown database identifier '{dbid}'",
                        }
                    )
                    dbid = False

            def log(name: str, exc: Exception, extras: Message = extras, index: int = index) -> None:
                label = model._fields[name].string
                message: Message = {
                    **extras,
                    "type": "warning" if isinstance(exc, Warning) else "error",
                    "record": index,
                    "field": name,
                    "message": str(exc.args[0]) % {**extras, "record": index, "field": label},
                }
                if len(exc.args) > 1:
                    more = exc.args[1] if exc.args[1] and isinstance(exc.args[1], dict) else {}
                    message.update({**more, "field_name": label})
                self.messages.append(message)

            yield dbid, xid, self.convert(model, record, log), {**extras, "record": index}

    def convert(self, model: BaseModel, record: Record, log: Log) -> Record:
        """`ir.fields.converter.for_model(...)(record, log)`: empty -> False, else the field's converter."""
        converted: Record = {}
        for name, value in record.items():
            if name in REFERENCING:
                continue
            if not value:
                converted[name] = False
                continue
            try:
                converted[name], warnings = self.to_field(model, model._fields[name], value)
                for warning in warnings:
                    log(name, warning)
            except ValueError as exc:
                log(name, exc)
        return converted

    def to_field(self, model: BaseModel, f: Field, value: Any) -> tuple[Any, list[Exception]]:
        """`_str_to_<type>`: one cell (or the sub-records of a relational column) to a written value."""
        kind = f.type
        if kind in ("char", "text", "html", "binary"):
            return value, []
        if kind == "boolean":
            return self._boolean(value)
        if kind in ("integer", "many2one_reference"):
            try:
                return int(value), []
            except ValueError:
                raise import_error("'%s' does not seem to be an integer for field '%%(field)s'", value) from None
        if kind in ("float", "monetary"):
            try:
                return float(value), []
            except ValueError:
                raise import_error("'%s' does not seem to be a number for field '%%(field)s'", value) from None
        if kind == "date":
            try:
                return dt.datetime.strptime(value[:10], "%Y-%m-%d").date().isoformat(), []
            except ValueError:
                raise import_error(
                    "'%s' does not seem to be a valid date for field '%%(field)s'",
                    value,
                    {"moreinfo": "Use the format '2012-12-31'"},
                ) from None
        if kind == "datetime":
            return self._datetime(value), []
        if kind == "selection":
            return self._selection(f, value), []
        if kind == "many2one":
            [sub] = value
            subfield = self._referencing_subfield(sub)
            return self.db_id_for(f, subfield, sub[subfield])
        if kind == "many2many":
            [sub] = value
            subfield = self._referencing_subfield(sub)
            ids, warnings = [], []
            for reference in sub[subfield].split(","):
                rid, found = self.db_id_for(f, subfield, reference)
                ids.append(rid)
                warnings.extend(found)
            if model.env.context.get("update_many2many"):
                return [[4, rid] for rid in ids], warnings
            return [[6, 0, ids]], warnings
        if kind == "one2many":
            return self._one2many(f, value)
        raise ValueError(f"cannot import field {model._name}.{f.name} of type {kind}")

    @staticmethod
    def _boolean(value: str) -> tuple[bool, list[Exception]]:
        """An unknown word reads True with an error (Odoo's warning is a ValueError, so it fails the load)."""
        if value.lower() in TRUES:
            return True, []
        if value.lower() in FALSES:
            return False, []
        return True, [
            import_error(
                "Unknown value '%s' for boolean field '%%(field)s'",
                value,
                {"moreinfo": "Use '1' for yes and '0' for no"},
            )
        ]

    def _datetime(self, value: str) -> str:
        """Local time of the user (context `tz`, else the user's) to UTC, as Odoo stores datetimes."""
        try:
            parsed = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S"[: len(value) - 2])
        except ValueError:
            raise import_error(
                "'%s' does not seem to be a valid datetime for field '%%(field)s'",
                value,
                {"moreinfo": "Use the format '2012-12-31 23:59:59'"},
            ) from None
        env = self.model.env
        user = self.db.row("res.users", env.uid) or {}
        try:
            zone = zoneinfo.ZoneInfo(env.context.get("tz") or user.get("tz") or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        utc = parsed.replace(tzinfo=zone).astimezone(dt.UTC)
        return utc.strftime("%Y-%m-%d %H:%M:%S")

    @staticmethod
    def _selection(f: Field, value: str) -> str:
        """Key or label, case-insensitive."""
        for key, label in f.selection:
            if value.lower() in (key.lower(), label.lower()):
                return key
        raise import_error(
            "Value '%s' not found in selection field '%%(field)s'",
            value,
            {"moreinfo": [label or key for key, label in f.selection if label or key]},
        )

    @staticmethod
    def _referencing_subfield(record: Record) -> Any:
        names = set(record)
        if names - set(REFERENCING):
            raise ValueError("Can not create Many-To-One records indirectly, import the field separately")
        if len(names) > 1:
            raise ValueError(
                "Ambiguous specification for field '%(field)s', only provide one of name, external id or database id"
            )
        [subfield] = names
        return subfield

    def _one2many(self, f: Field, records: list[Record]) -> tuple[list[Any], list[Exception]]:
        """Lines: `[0, 0, vals]` for new ones, `[4, id]` + `[1, id, vals]` for referenced ones."""
        comodel = self.model.env[f.relation or ""]
        commands: list[Any] = []
        warnings: list[Exception] = []
        if len(records) == 1 and not _without_refs(records[0]):
            subfield = self._referencing_subfield(records[0])
            records = [{subfield: item} for item in records[0][subfield].split(",")]

        def log(name: str, exc: Exception) -> None:
            if not isinstance(exc, Warning):  # an error names the column as "Invoice lines/Taxes"
                text = str(exc.args[0]).replace("%(field)s", "%(field)s/" + comodel._fields[name].string)
                exc.args = (text, *exc.args[1:])
                raise exc
            warnings.append(exc)

        for record in records:
            rid = None
            refs = _ref_only(record)
            writable = self.convert(comodel, _without_refs(record), log)
            if refs:
                subfield = self._referencing_subfield(refs)
                try:
                    rid, found = self.db_id_for(f, subfield, record[subfield])
                    warnings.extend(found)
                except ValueError:
                    if subfield != "id":
                        raise
                    writable["id"] = record["id"]
            if rid:
                commands += [[4, rid], [1, rid, writable]]
            else:
                commands.append([0, 0, writable])
        return commands, warnings

    def db_id_for(self, f: Field, subfield: Any, value: Any) -> tuple[Any, list[Exception]]:
        """`db_id_for`: a database id, an external id or a name, to an existing record's id."""
        relation = f.relation or ""
        action: dict[str, Any] = {
            "name": "Possible Values",
            "type": "ir.actions.act_window",
            "target": "new",
            "view_mode": "list,form",
            "views": [[False, "list"], [False, "form"]],
            "context": {"create": False},
            "help": "See all possible values",
        }
        if subfield is None:
            action["res_model"] = relation
        else:
            action.update(res_model="ir.model.data", domain=[["model", "=", relation]])
        rid: Any = None
        warnings: list[Exception] = []
        if subfield == ".id":
            kind = "database id"
            if isinstance(value, str) and not self._boolean(value)[0]:
                return False, warnings
            try:
                tentative = int(value)
            except ValueError:
                raise import_error(
                    "Invalid database id '%s' for the field '%%(field)s'", value, {"moreinfo": action}
                ) from None
            if self.db.exists(relation, tentative):
                rid = tentative
        elif subfield == "id":
            kind = "external id"
            if not self._boolean(value)[0]:
                return False, warnings
            xmlid = value if "." in value else f"{self.module}.{value}"
            self.flush(xml_id=xmlid)
            rid = self.xmlid_to_res_id(xmlid, relation)
        else:
            kind = "name"
            if value == "":
                return False, warnings
            self.flush(model=relation)
            matches = self.model.env[relation].name_search(name=value, operator="=")
            if matches:
                if len(matches) > 1:
                    text = str(value).replace("%", "%%")
                    warnings.append(
                        ImportWarning(
                            f'Found multiple matches for value "{text}" in field "%(field)s" ({len(matches)} matches)'
                        )
                    )
                rid = matches[0][0]
        if rid is None:
            raise import_error(
                "No matching record found for %(field_type)s '%(value)s' in field '%%(field)s'",
                {"field_type": kind, "value": value, "error_message": ""},
                {"moreinfo": action},
            )
        return rid, warnings

    def xmlid_to_res_id(self, xmlid: str, model: str) -> int | None:
        """The id an external id points to, if that record exists in `model`'s table."""
        module, name = xmlid.split(".", 1)
        row = find_xmlid(self.db.tables["ir.model.data"].values(), module, name)
        if row is None or not self.db.exists(model, row["res_id"]):
            return None
        if row["model"] != model:
            raise ValueError(f"Invalid external ID {xmlid}: expected model {model!r}, found {row['model']!r}")
        return int(row["res_id"])

    # -- creating and updating ------------------------------------------------------------------
    def flush(self, *, xml_id: str | None = None, model: str | None = None) -> None:
        """Save the records converted so far: all at once, else one by one to report each failure."""
        if not self.batch:
            return
        if xml_id and xml_id not in self.batch_xmlids:
            return
        if model and model not in self.creatable:
            return
        data_list = [(xid, values, info) for xid, values, info in self.batch]
        self.batch.clear()
        self.batch_xmlids.clear()
        first_error: Message | None = None
        attempt = self.db.snapshot()
        try:
            self.ids.extend(self._load_records(data_list))
            return
        except UserError as exc:
            self.db.restore(attempt)
            first_error = {**data_list[0][2], "type": "error", "message": str(exc)}
        except Exception:  # Odoo retries record by record whatever failed
            self.db.restore(attempt)
        errors = 0
        for count, data in enumerate(data_list, 1):
            info = data[2]
            try:
                self.ids.extend(self._load_records([data]))
            except (SqlError, UserError) as exc:
                self.db.restore(self.start)
                self.messages.append({**info, "type": "error", "message": str(exc)})
                errors += 1
            except Exception as exc:  # reported as Odoo reports unexpected errors
                self.db.restore(self.start)
                self.messages.append(
                    {
                        **info,
                        "type": "error",
                        "message": f"Unknown error during import: {exc.__class__}: {exc}",
                        "moreinfo": "Resolve other errors first",
                    }
                )
                errors += 1
            if errors >= 10 and errors >= count / 10:
                self.messages.append({"type": "warning", "message": TOO_MANY_ERRORS})
                break
        if errors and first_error and first_error not in self.messages:
            self.messages.insert(0, first_error)

    def _load_records(self, data_list: list[tuple[str | None, Record, Message]]) -> list[int]:
        """`_load_records`: update what an id or an existing external id names, create the rest, link ids."""
        model = self.model
        table = self.db.tables["ir.model.data"]
        targets: dict[int, int] = {}  # position in data_list -> record id
        to_create: list[int] = []
        to_update: list[int] = []
        to_link: list[int] = []
        for position, (xid, values, _info) in enumerate(data_list):
            if not xid:
                if values.get("id"):
                    targets[position] = int(values["id"])
                    to_update.append(position)
                elif not self.update:
                    to_create.append(position)
                else:
                    raise ValidationError("Cannot update a record without specifying its id or xml_id")
                continue
            row = find_xmlid(table.values(), *xid.split(".", 1))
            if row is None:
                to_create.append(position)
                continue
            if row["model"] != model._name:
                raise ValidationError(
                    f"For external id {xid} when trying to create/update a record of model {model._name} "
                    f"found record of different model {row['model']} ({row['id']})"
                )
            if self.db.exists(model._name, row["res_id"]):
                targets[position] = int(row["res_id"])
                to_link.append(position)
                if not (self.update and row["noupdate"]):
                    to_update.append(position)
            else:  # the record was deleted: its stale external id goes, a new record takes the name
                self.db.delete("ir.model.data", row["id"])
                to_create.append(position)
        for position in to_update:
            model.browse(targets[position]).write(data_list[position][1])
        if to_create:
            created = model.create([data_list[position][1] for position in to_create])
            for position, rid in zip(to_create, created.ids, strict=True):
                targets[position] = rid
                if data_list[position][0]:
                    to_link.append(position)
        self._update_xmlids([(str(data_list[p][0]), targets[p]) for p in to_link])
        return [targets[position] for position in range(len(data_list))]

    def _update_xmlids(self, links: list[tuple[str, int]]) -> None:
        """`_update_xmlids`: insert each external id, or repoint an existing one (unique module+name)."""
        table = self.db.tables["ir.model.data"]
        model = self.model._name
        for xid, res_id in links:
            module, name = xid.split(".", 1)
            if " " in name:
                raise SqlError(
                    'new row for relation "ir_model_data" violates check constraint "ir_model_data_name_nospaces"\n'
                )
            now = self.db.now()
            row = find_xmlid(table.values(), module, name)
            if row is None:
                stamp = {
                    "create_date": now,
                    "write_date": now,
                    "create_uid": self.model.env.uid,
                    "write_uid": self.model.env.uid,
                }
                values = {"module": module, "name": name, "model": model, "res_id": res_id, "noupdate": self.noupdate}
                self.db.insert("ir.model.data", {**values, **stamp})
            elif (row["res_id"], row["model"]) != (res_id, model) and not (self.update and row["noupdate"]):
                self.db.update("ir.model.data", row["id"], {"model": model, "res_id": res_id, "write_date": now})


def find_xmlid(rows: Any, module: str, name: str) -> dict[str, Any] | None:
    """The `ir.model.data` row of `module.name` (unique in Odoo)."""
    return next((row for row in rows if row["module"] == module and row["name"] == name), None)


def load(model: BaseModel, fields: Sequence[str], data: Sequence[Sequence[Any]]) -> dict[str, Any]:
    return Loader(model).run(fields, data)
