"""`formatted_read_group` (Odoo 19's public grouping API) and the legacy `read_group`.

Both group the rows a domain selects by one or more specs — `field`, `date_field:month`
(day, week, month, quarter, year), `many2one_field.subfield` — and aggregate with
`field:sum|min|max|avg|count|count_distinct|...` or `__count`. Only stored fields can be
grouped on or aggregated, as in SQL (a non-stored related field such as
`account.move.line.account_type` must be reached through its many2one:
`account_id.account_type`). Money is summed as `Decimal`, exactly, and emitted as a float.

The two APIs differ only in how groups are written out:
- formatted: a date group is `["2026-10-01", "October 2026"]`, each row has `__extra_domain`;
- legacy: a date group is `"October 2026"` plus `__range`, each row has `__domain` (the
  caller's domain AND the group's), lazy mode groups by the first spec only and names the
  count `<field>_count`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import domain as dom, query
from .records import Database, Row
from .schema import DECIMAL_TYPES, INTEGER_TYPES, MODELS, Field

SPEC = re.compile(r"(\w+)(\.(\w+))?(?::(\w+))?$")
LEGACY_FIELD = re.compile(r"(\w+)(?::(\w+)(?:\((\w+)\))?)?$")
TIME_GRANULARITIES = ("day", "week", "month", "quarter", "year")
NUMBER_GRANULARITIES = (
    "year_number",
    "quarter_number",
    "month_number",
    "iso_week_number",
    "day_of_year",
    "day_of_month",
    "day_of_week",
)
AGGREGATORS = (
    "sum",
    "min",
    "max",
    "avg",
    "count",
    "count_distinct",
    "array_agg",
    "array_agg_distinct",
    "bool_and",
    "bool_or",
    "sum_currency",
)


def parse_spec(spec: str) -> tuple[str, str | None, str | None]:
    match = SPEC.match(spec) if isinstance(spec, str) else None
    if not match:
        raise ValueError(
            f"Invalid aggregate/groupby specification {spec!r}.\n"
            '- Valid aggregate specification looks like "<field_name>:<agg>" example: "quantity:sum".\n'
            '- Valid groupby specification looks like "<no_datish_field_name>" or "<datish_field_name>:<granularity>" '
            'example: "date:month" or "<properties_field_name>.<property>:<granularity>".'
        )
    return match.group(1), match.group(3), match.group(4)


def _not_stored(model: str, fname: str) -> ValueError:
    return ValueError(f"Cannot convert {model}.{fname} to SQL because it is not stored")


# -- group keys ---------------------------------------------------------------------------------
@dataclass
class GroupKey:
    """How one groupby spec turns a row into group values, and how those are written out."""

    spec: str
    path: str  # the field path used in the group's extra domain
    field: Field
    granularity: str | None
    values: Callable[[Row], list[Any]]  # raw group values of a row (several for a many2many)
    rank: Callable[[Any], Any]  # sort key of a raw value


def group_key(db: Database, model: str, spec: str, default_granularity: str | None = None) -> GroupKey:
    fname, sub, granularity = parse_spec(spec)
    fields = MODELS[model].fields
    if fname not in fields:
        raise ValueError(f"Invalid field {fname!r} on model {model!r}")
    f = fields[fname]
    if sub:
        if f.type != "many2one":
            raise ValueError(f"Only many2one path is accepted for the {spec!r} groupby spec")
        inner = group_key(db, f.relation or "", f"{sub}:{granularity}" if granularity else sub)

        def through(row: Row) -> list[Any]:
            target = db.row(f.relation or "", row.get(fname))
            return inner.values(target) if target else [None]

        return GroupKey(spec, f"{fname}.{sub}", inner.field, inner.granularity, through, inner.rank)
    if granularity and f.type not in ("date", "datetime"):
        raise ValueError(f"Granularity set on a no-datetime field or property: {spec!r}")
    if not f.store and f.related and "." in f.related:
        # Odoo 19 groups by a related field through its many2one path (seen on a real server:
        # `account.move.line` grouped by `account_type`); the group still names the field itself.
        inner = group_key(db, model, f"{f.related}:{granularity}" if granularity else f.related, default_granularity)
        return GroupKey(spec, fname, inner.field, inner.granularity, inner.values, inner.rank)
    if not f.store or f.type in ("one2many", "binary"):
        raise _not_stored(model, fname)
    if f.type in ("date", "datetime"):
        granularity = granularity or default_granularity
        if not granularity:
            raise ValueError(f"Granularity not set on a date(time) field: {spec!r}")
        if granularity not in TIME_GRANULARITIES + NUMBER_GRANULARITIES:
            raise ValueError(f"Granularity specification isn't correct: {granularity!r}")
        gran = granularity

        def dated(row: Row) -> list[Any]:
            raw = db.value(model, row, fname)
            return [_truncate(dt.date.fromisoformat(raw[:10]), gran) if raw else None]

        return GroupKey(spec, fname, f, granularity, dated, _plain_rank)
    if f.type == "many2one":
        ranks = _ranks(db, f.relation or "")
        return GroupKey(
            spec, fname, f, None, lambda row: [db.value(model, row, fname)], lambda rid: ranks.get(rid) if rid else None
        )
    if f.type == "many2many":
        ranks = _ranks(db, f.relation or "")
        return GroupKey(
            spec,
            fname,
            f,
            None,
            lambda row: list(db.value(model, row, fname)) or [None],
            lambda rid: ranks.get(rid) if rid else None,
        )
    if f.type == "boolean":
        return GroupKey(spec, fname, f, None, lambda row: [bool(db.value(model, row, fname))], _plain_rank)
    return GroupKey(spec, fname, f, None, lambda row: [db.value(model, row, fname)], _plain_rank)


def _ranks(db: Database, model: str) -> dict[int, int]:
    return {row["id"]: i for i, row in enumerate(query.sort_rows(db, model, db.rows(model), None))}


def _plain_rank(value: Any) -> Any:
    if isinstance(value, str):
        return (value.casefold(), value)
    return value


def _truncate(day: dt.date, granularity: str) -> Any:
    if granularity == "day":
        return day
    if granularity == "week":  # en_US weeks start on Sunday
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if granularity == "year":
        return day.replace(month=1, day=1)
    return {
        "year_number": day.year,
        "quarter_number": (day.month - 1) // 3 + 1,
        "month_number": day.month,
        "iso_week_number": day.isocalendar()[1],
        "day_of_year": day.timetuple().tm_yday,
        "day_of_month": day.day,
        "day_of_week": (day.weekday() + 1) % 7,
    }[granularity]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def _range_end(start: dt.date, granularity: str) -> dt.date:
    if granularity == "day":
        return start + dt.timedelta(days=1)
    if granularity == "week":
        return start + dt.timedelta(days=7)
    return _add_months(start, {"month": 1, "quarter": 3, "year": 12}[granularity])


def _week_number(day: dt.date) -> tuple[int, int]:
    """`odoo.tools.date_utils.weeknumber` for en_US (weeks start Sunday, week 1 holds Jan 1)."""

    def weekstart(d: dt.date) -> dt.date:
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)

    next_year_start = weekstart(dt.date(day.year + 1, 1, 1))
    if day >= next_year_start:
        return day.year + 1, 1
    return day.year, (day - weekstart(dt.date(day.year, 1, 1))).days // 7 + 1


def _label(start: dt.date, granularity: str) -> str:
    if granularity == "day":
        return start.strftime("%d %b %Y")
    if granularity == "week":
        year, week = _week_number(start)
        return f"W{week} {year:04}"
    if granularity == "month":
        return start.strftime("%B %Y")
    if granularity == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return str(start.year)


@dataclass
class FormattedKey:
    value: Any  # formatted_read_group value
    legacy: Any  # read_group value
    extra: dom.Node
    range: dict[str, str] | bool | None


def format_key(db: Database, key: GroupKey, raw: Any) -> FormattedKey:
    f, path = key.field, key.path
    extra: dom.Node
    if raw is None:
        extra = dom.Condition(path, "=", False)
        is_time = f.type in ("date", "datetime") and key.granularity in TIME_GRANULARITIES
        return FormattedKey(False, False, extra, False if is_time else None)
    if f.type in ("date", "datetime") and key.granularity in TIME_GRANULARITIES:
        end = _range_end(raw, key.granularity or "")
        suffix = "" if f.type == "date" else " 00:00:00"
        start_s, end_s = f"{raw.isoformat()}{suffix}", f"{end.isoformat()}{suffix}"
        extra = dom.and_(dom.Condition(path, ">=", start_s), dom.Condition(path, "<", end_s))
        label = _label(raw, key.granularity or "")
        return FormattedKey([start_s, label], label, extra, {"from": start_s, "to": end_s})
    if f.type in ("date", "datetime"):
        return FormattedKey(raw, raw, dom.Condition(f"{path}.{key.granularity}", "=", raw), None)
    if f.type in ("many2one", "many2many"):
        pair = [raw, db.display_name(f.relation or "", raw)]
        return FormattedKey(pair, pair, dom.Condition(path, "=", raw), None)
    value = float(raw) if isinstance(raw, Decimal) else raw
    return FormattedKey(value, value, dom.Condition(path, "=", value), None)


# -- aggregates -----------------------------------------------------------------------------------
@dataclass
class Aggregate:
    spec: str
    compute: Callable[[list[Row]], Any]


def aggregate(db: Database, model: str, spec: str) -> Aggregate:
    if spec == "__count":
        return Aggregate(spec, len)
    fname, sub, func = parse_spec(spec)
    if sub or not func:
        raise ValueError(f"Invalid aggregate specification {spec!r}")
    fields = MODELS[model].fields
    if fname not in fields:
        raise ValueError(f"Invalid field {fname!r} on model {model!r}")
    f = fields[fname]
    if func not in AGGREGATORS:
        raise ValueError(f"Invalid aggregation function {func!r}.")
    if not f.store or f.type in ("one2many", "binary"):
        raise _not_stored(model, fname)

    def run(rows: list[Row]) -> Any:
        values = [db.value(model, row, fname) for row in rows]
        present = [v for v in values if v is not None]
        if func in ("count", "count_distinct"):
            return len(present) if func == "count" else len(set(map(_hashable, present)))
        if func in ("array_agg", "array_agg_distinct"):
            out = [_emit(v) for v in values]
            return list(dict.fromkeys(out)) if func == "array_agg_distinct" else out
        if func in ("bool_and", "bool_or"):
            return all(present) if func == "bool_and" else any(present)
        if not present:
            return _empty_aggregate(f, func)
        if func in ("sum", "sum_currency"):
            return _emit(sum(present, Decimal(0) if f.type in DECIMAL_TYPES else 0))
        if func == "avg":
            return float(sum(Decimal(str(v)) for v in present) / len(present))
        return _emit(min(present) if func == "min" else max(present))

    return Aggregate(spec, run)


def _empty_aggregate(f: Field, func: str) -> Any:
    """SUM over nothing: Odoo converts NULL with the field type, i.e. 0.0 for money."""
    if f.type in DECIMAL_TYPES:
        return 0.0
    if f.type in INTEGER_TYPES:
        return 0
    return False


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _emit(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return False if value is None else value


# -- the engine -----------------------------------------------------------------------------------
@dataclass
class Group:
    raws: tuple[Any, ...]
    rows: list[Row]


def _groups(keys: list[GroupKey], rows: list[Row]) -> list[Group]:
    if not keys:
        return [Group((), rows)]
    buckets: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        combos: list[tuple[Any, ...]] = [()]
        for key in keys:
            combos = [(*combo, value) for combo in combos for value in key.values(row)]
        for combo in combos:
            buckets.setdefault(combo, []).append(row)
    return [Group(raws, members) for raws, members in buckets.items()]


OrderTerm = tuple[Callable[[Group], Any], bool]


def _sort_groups(groups: list[Group], order_terms: list[OrderTerm]) -> list[Group]:
    for getter, descending in reversed(order_terms):
        groups.sort(key=lambda group: _null_last(getter(group)), reverse=descending)
    return groups


def _by_key(key: GroupKey, index: int) -> Callable[[Group], Any]:
    return lambda group: key.rank(group.raws[index])


def _by_aggregate(agg: Aggregate) -> Callable[[Group], Any]:
    return lambda group: agg.compute(group.rows)


def _null_last(value: Any) -> tuple[int, Any]:
    return (1, 0) if value is None else (0, value)


def _order_terms(order: str | None, keys: list[GroupKey], aggregates: dict[str, Aggregate]) -> list[OrderTerm]:
    """Order terms over groups: groupby specs, aggregate specs (or legacy names), `__count`."""
    if not order:
        return [(_by_key(key, index), False) for index, key in enumerate(keys)]
    terms: list[OrderTerm] = []
    for term in order.split(","):
        parts = term.split()
        if not parts:
            continue
        name, descending = parts[0], len(parts) > 1 and parts[1].lower() == "desc"
        index = next((i for i, k in enumerate(keys) if k.spec == name), None)
        if index is not None:
            terms.append((_by_key(keys[index], index), descending))
        elif name in aggregates:
            terms.append((_by_aggregate(aggregates[name]), descending))
        else:
            raise ValueError(f"Order term {term.strip()!r} is not a valid aggregate nor valid groupby")
    return terms


def formatted_read_group(
    db: Database,
    model: str,
    rows: list[Row],
    groupby: Sequence[str],
    aggregates: Sequence[str],
    having: Any,
    offset: int,
    limit: int | None,
    order: str | None,
) -> list[dict[str, Any]]:
    keys = [group_key(db, model, spec) for spec in groupby]
    aggs = {spec: aggregate(db, model, spec) for spec in aggregates}
    groups = _groups(keys, rows)
    having_node = dom.parse(having or [])
    if not isinstance(having_node, dom.Constant):
        groups = [g for g in groups if _having(db, model, having_node, g)]
    order_aggs = dict(aggs)
    for term in (order or "").split(","):
        spec = term.split()[0] if term.split() else ""
        if spec and spec not in order_aggs and not any(k.spec == spec for k in keys):
            order_aggs[spec] = aggregate(db, model, spec)
    groups = _sort_groups(groups, _order_terms(order, keys, order_aggs))
    groups = groups[offset or 0 : (offset or 0) + limit if limit else None]
    result = []
    for group in groups:
        out: dict[str, Any] = {}
        extras = []
        for key, raw in zip(keys, group.raws, strict=True):
            formatted = format_key(db, key, raw)
            out[key.spec] = formatted.value
            extras.append(formatted.extra)
        for spec, agg in aggs.items():
            out[spec] = agg.compute(group.rows)
        out["__extra_domain"] = dom.serialize(dom.and_(*extras))
        result.append(out)
    return result


def _having(db: Database, model: str, node: dom.Node, group: Group) -> bool:
    cache: dict[str, Any] = {}

    def condition(cond: dom.Condition) -> bool:
        if cond.path not in cache:
            cache[cond.path] = aggregate(db, model, cond.path).compute(group.rows)
        value = cache[cond.path]
        number = Field(cond.path, "float", cond.path)
        return query.compare(number, Decimal(str(value)) if value is not False else None, cond.operator, cond.value)

    return dom.evaluate(node, condition)


def read_group(
    db: Database,
    model: str,
    rows: list[Row],
    domain: Any,
    fields: Sequence[str],
    groupby: str | Sequence[str],
    offset: int,
    limit: int | None,
    orderby: str | None,
    lazy: bool,
) -> list[dict[str, Any]]:
    """The pre-19 API, still answered by Odoo 19, in its legacy output shape."""
    groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
    lazy_groupby = groupby[:1] if lazy else groupby
    keys = [group_key(db, model, spec, default_granularity="month") for spec in lazy_groupby]
    count_key = f"{lazy_groupby[0].split(':')[0]}_count" if lazy and len(lazy_groupby) == 1 else "__count"
    aggs: dict[str, Aggregate] = {count_key: aggregate(db, model, "__count")}
    for field_spec in fields or []:
        if field_spec == "__count":
            continue
        match = LEGACY_FIELD.match(field_spec) if isinstance(field_spec, str) else None
        if not match:
            raise ValueError(f"Invalid field specification {field_spec!r}.")
        name, func, fname = match.groups()
        target = fname or name
        if target not in MODELS[model].fields:
            raise ValueError(f"Invalid field {target!r} on model {model!r}")
        func = func or MODELS[model].fields[target].default_aggregator
        if not func or any(k.path == target for k in keys):
            continue
        aggs[name] = aggregate(db, model, f"{target}:{func}")
    groups = _groups(keys, rows)
    groups = _sort_groups(groups, _order_terms(orderby, keys, aggs))
    groups = groups[offset or 0 : (offset or 0) + limit if limit else None]
    base = dom.parse(domain or [])
    result = []
    for group in groups:
        out: dict[str, Any] = {}
        extras = []
        ranges: dict[str, Any] = {}
        for key, raw in zip(keys, group.raws, strict=True):
            formatted = format_key(db, key, raw)
            out[key.spec] = formatted.legacy
            extras.append(formatted.extra)
            if formatted.range is not None:
                ranges[key.spec] = formatted.range
        for name, agg in aggs.items():
            out[name] = agg.compute(group.rows)
        if ranges:
            out["__range"] = ranges
        out["__domain"] = dom.serialize(dom.and_(base, *extras))
        if lazy and len(groupby) > 1:
            out["__context"] = {"group_by": groupby[1:]}
        result.append(out)
    return result
