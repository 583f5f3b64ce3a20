"""The compact output schema accepts exactly what pydantic's schema accepts."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from jsonschema.validators import validator_for
from pydantic import BaseModel, TypeAdapter

from odoo_mcp.accounting import models as m
from odoo_mcp.server.schema import compact_schema


class Inner(BaseModel):
    code: Literal["a", "b"] | None
    amount: m.Money | None = None


class Outer(BaseModel):
    inner: Inner | None
    rows: list[Inner]
    name: str | None
    count: int


def verdicts(schema: dict[str, Any], documents: list[Any]) -> list[bool]:
    validator = validator_for(schema)(schema)
    return [validator.is_valid(doc) for doc in documents]


DOCUMENTS = [
    {"inner": None, "rows": [], "name": None, "count": 1},
    {"inner": {"code": "a", "amount": "1.50"}, "rows": [{"code": None}], "name": "x", "count": 0},
    {"inner": {"code": "c"}, "rows": [], "name": None, "count": 1},
    {"inner": {"code": None, "amount": 1.5}, "rows": [], "name": None, "count": 1},
    {"inner": {"code": None, "amount": "1,50"}, "rows": [], "name": None, "count": 1},
    {"inner": None, "rows": [None], "name": None, "count": 1},
    {"inner": None, "rows": [], "name": 3, "count": 1},
    {"inner": None, "rows": [], "name": None},
    {"inner": None, "rows": [], "name": None, "count": None},
    {"inner": "a", "rows": [], "name": None, "count": 1},
]


def test_same_verdicts_as_pydantic_schema() -> None:
    original = TypeAdapter(Outer).json_schema()
    compact = compact_schema(original)
    assert "$defs" not in compact and "anyOf" not in str(compact)
    expected = verdicts(original, DOCUMENTS)
    assert verdicts(compact, DOCUMENTS) == expected
    assert expected[:2] == [True, True] and not any(expected[2:])


@pytest.mark.parametrize("model", [m.MoveList, m.MoveDetail, m.OverdueReport, m.ProfitAndLoss, m.ServerStatus, m.PaymentList])
def test_every_output_model_compacts(model: type[BaseModel]) -> None:
    compact = compact_schema(TypeAdapter(model).json_schema())
    assert "$ref" not in str(compact) and compact["type"] == "object"


def test_recursive_schema_is_refused() -> None:
    with pytest.raises(ValueError):
        compact_schema({"$ref": "#/$defs/A", "$defs": {"A": {"properties": {"a": {"$ref": "#/$defs/A"}}}}})


class Titled(BaseModel):
    title: str  # a property named "title" is data, not the generated keyword
    partner_id: int | None = None


def test_generated_titles_are_left_out_and_a_property_named_title_kept() -> None:
    schema = TypeAdapter(Titled).json_schema()
    assert schema["title"] == "Titled" and schema["properties"]["partner_id"]["title"] == "Partner Id"
    compact = compact_schema(schema)
    assert "title" not in compact and "title" not in compact["properties"]["partner_id"]
    assert set(compact["properties"]) == {"title", "partner_id"} and compact["required"] == ["title"]
    docs = [{"title": "x"}, {"title": "x", "partner_id": None}, {"title": 1}, {}, {"title": "x", "partner_id": "1"}]
    assert verdicts(compact, docs) == verdicts(schema, docs) == [True, True, False, False, False]
