"""The Odoo client against scripted HTTP answers: request shapes, error mapping, retry policy."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from odoo_mcp.config import Protocol
from odoo_mcp.odoo import (
    OdooAccessError,
    OdooAuthError,
    OdooBadRequest,
    OdooClient,
    OdooDatabaseError,
    OdooError,
    OdooMissingError,
    OdooServerError,
    OdooTimeout,
    OdooUnreachable,
    OdooValidationError,
)

pytestmark = pytest.mark.anyio

TRACEBACK = "Traceback (most recent call last):\n  File odoo/http.py\nSECRET_INTERNALS"
VERSION = {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}


def make_client(handler: Any, protocol: Protocol = Protocol.JSON2, **kw: Any) -> OdooClient:
    return OdooClient(
        base_url="http://odoo.test",
        database="books",
        login="admin",
        password="pw",
        api_key="key",
        protocol=protocol,
        read_retries=2,
        http_transport=httpx.MockTransport(handler),
        **kw,
    )


async def test_json2_request_shape_and_decimal_parsing() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b'[{"id": 4, "amount_total": 1234.56}]')

    async with make_client(handler) as client:
        rows = await client.search_read("account.move", [("state", "=", "posted")], ["amount_total"], limit=5)
    assert rows == [{"id": 4, "amount_total": Decimal("1234.56")}]
    request = seen[0]
    assert request.url.path == "/json/2/account.move/search_read"
    assert request.headers["authorization"] == "bearer key"
    assert request.headers["x-odoo-database"] == "books"
    assert json.loads(request.content) == {"domain": [["state", "=", "posted"]], "fields": ["amount_total"], "offset": 0, "limit": 5}


async def test_json2_record_method_sends_ids() -> None:
    bodies: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, content=b"null")

    async with make_client(handler) as client:
        assert await client.call("account.move", "action_post", ids=[7]) is None
    assert bodies == [{"ids": [7]}]


@pytest.mark.parametrize(
    ("status", "body", "error", "text"),
    [
        (401, {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey"}, OdooAuthError, "ODOO_API_KEY"),
        (403, {"name": "odoo.exceptions.AccessError", "message": "You are not allowed\n(Records: x)"}, OdooAccessError, "not allowed"),
        (
            500,
            {"name": "odoo.exceptions.MissingError", "message": "Record does not exist or has been deleted.\n(Record: res.partner(9,))"},
            OdooMissingError,
            "does not exist",
        ),
        (500, {"name": "odoo.exceptions.ValidationError", "message": "Bad VAT"}, OdooValidationError, "Bad VAT"),
        (
            500,
            {"name": "odoo.exceptions.UserError", "message": "You need to add a line before posting."},
            OdooValidationError,
            "add a line",
        ),
        (500, {"name": "builtins.ValueError", "message": "Invalid field res.partner.bogus in condition"}, OdooBadRequest, "Invalid field"),
        (
            422,
            {"name": "werkzeug.exceptions.UnprocessableEntity", "message": "missing a required argument: 'vals_list'"},
            OdooBadRequest,
            "vals_list",
        ),
        (500, {"name": "psycopg2.OperationalError", "message": 'database "nope" does not exist'}, OdooDatabaseError, "ODOO_DB"),
    ],
)
async def test_json2_errors_are_typed_and_traceback_free(status: int, body: dict[str, Any], error: type[Exception], text: str) -> None:
    payload = {**body, "arguments": [], "context": {}, "debug": TRACEBACK}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=payload)

    async with make_client(handler) as client:
        with pytest.raises(error) as info:
            await client.read("res.partner", [9], ["name"])
    message = str(info.value)
    assert text in message
    assert "Traceback" not in message and "SECRET_INTERNALS" not in message and "\n" not in message


async def test_json2_unknown_database_html_404() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=b"<html><body>No database is selected</body></html>")

    async with make_client(handler) as client:
        with pytest.raises(OdooDatabaseError, match="ODOO_DB"):
            await client.search_count("res.partner", [])


async def test_jsonrpc_login_then_execute_kw_and_missing_result_key() -> None:
    calls: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        calls.append(body["params"])
        if body["params"]["method"] == "login":
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": 2})
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"]})

    async with make_client(handler, Protocol.JSONRPC) as client:
        assert await client.call("account.move", "action_post", ids=[3]) is None
        await client.call("account.move", "action_post", ids=[4])
    assert calls[0] == {"service": "common", "method": "login", "args": ["books", "admin", "pw"]}
    assert calls[1]["args"] == ["books", 2, "pw", "account.move", "action_post", [[3]], {}]
    assert len(calls) == 3, "login happens once"


async def test_jsonrpc_create_sends_vals_list_positionally() -> None:
    """Odoo's execute_kw reads create's args[0]; `vals_list` as a keyword fails with IndexError there."""
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body["params"]["args"])
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": 2 if len(sent) == 1 else [7]})

    async with make_client(handler, Protocol.JSONRPC) as client:
        assert await client.create("res.partner", [{"name": "X"}], context={"lang": "en_US"}) == [7]
    assert sent[1][5:] == [[[{"name": "X"}]], {"context": {"lang": "en_US"}}]


async def test_jsonrpc_bad_password_and_error_envelope() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": False})

    async with make_client(handler, Protocol.JSONRPC) as client:
        with pytest.raises(OdooAuthError, match="ODOO_PASSWORD"):
            await client.search_count("res.partner", [])

    def failing(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["params"]["method"] == "login":
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": 2})
        error = {
            "code": 200,
            "message": "Odoo Server Error",
            "data": {
                "name": "odoo.exceptions.MissingError",
                "message": "Record does not exist or has been deleted.\n(Record: x)",
                "debug": TRACEBACK,
            },
        }
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "error": error})

    async with make_client(failing, Protocol.JSONRPC) as client:
        with pytest.raises(OdooMissingError) as info:
            await client.read("res.partner", [999], ["name"])
    assert "Traceback" not in str(info.value)


async def test_reads_are_retried_on_transient_failures() -> None:
    attempts = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        attempts["n"] += 1
        if attempts["n"] < 3:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, content=b"5")

    async with make_client(handler) as client:
        assert await client.search_count("res.partner", []) == 5
    assert attempts["n"] == 3


async def test_writes_are_not_retried_after_the_request_may_have_left() -> None:
    attempts = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        attempts["n"] += 1
        raise httpx.ReadTimeout("slow", request=request)

    async with make_client(handler) as client:
        with pytest.raises(OdooTimeout):
            await client.create("res.partner", [{"name": "X"}])
    assert attempts["n"] == 1


async def test_writes_are_retried_when_nothing_was_sent() -> None:
    attempts = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, content=b"[12]")

    async with make_client(handler) as client:
        assert await client.create("res.partner", [{"name": "X"}]) == [12]
    assert attempts["n"] == 2


async def test_unreachable_and_gateway_errors() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    async with make_client(refused) as client:
        with pytest.raises(OdooUnreachable, match=r"Cannot reach Odoo at http://odoo.test"):
            await client.version()

    def gateway(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, content=b"bad gateway")

    async with make_client(gateway) as client:
        with pytest.raises(OdooUnreachable, match="HTTP 502"):
            await client.search_count("res.partner", [])


async def test_not_odoo_is_explained() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<html>hello</html>")

    async with make_client(handler) as client:
        with pytest.raises(OdooServerError, match="ODOO_URL"):
            await client.version()


@pytest.mark.parametrize(("version", "api_key", "expected"), [(19, "key", "json2"), (18, "key", "jsonrpc"), (19, None, "jsonrpc")])
async def test_auto_detects_protocol(version: int, api_key: str | None, expected: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={**VERSION, "version_info": [version, 0, 0, "final", 0, ""]})

    client = OdooClient(
        base_url="http://odoo.test",
        database="books",
        login="admin",
        password="pw",
        api_key=api_key,
        protocol=Protocol.AUTO,
        http_transport=httpx.MockTransport(handler),
    )
    async with client:
        assert await client.protocol_name() == expected


async def test_search_page_flattens_many2one() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert body["specification"] == {"name": {}, "partner_id": {"fields": {"display_name": {}}}}
        return httpx.Response(
            200, json={"length": 41, "records": [{"id": 1, "name": "INV/1", "partner_id": {"id": 6, "display_name": "Acme"}}]}
        )

    async with make_client(handler) as client:
        total, rows = await client.search_page("account.move", [], ["name", "partner_id"], limit=1, many2one=("partner_id",))
    assert total == 41 and rows[0]["partner_id"] == [6, "Acme"]


@pytest.mark.parametrize("protocol", [Protocol.JSON2, Protocol.JSONRPC])
async def test_secrets_echoed_back_in_an_error_are_cut_out(protocol: Protocol) -> None:
    """A proxy or Odoo that repeats the key or password in an error must not carry it into our output."""
    key, password = "k3y-0123456789abcdef", "pa55w0rd-secret"

    def handler(request: httpx.Request) -> httpx.Response:
        echoed = f"bad request with Authorization bearer {key} and password {password}"
        if request.url.path == "/jsonrpc":
            body = json.loads(request.content)
            if body["params"]["service"] == "common":
                return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": 2})
            data = {"name": "odoo.exceptions.UserError", "message": echoed, "debug": TRACEBACK}
            return httpx.Response(
                200, json={"jsonrpc": "2.0", "id": body["id"], "error": {"code": 200, "message": "Odoo Server Error", "data": data}}
            )
        return httpx.Response(422, json={"name": "odoo.exceptions.UserError", "message": echoed, "debug": TRACEBACK})

    client = OdooClient(
        base_url="http://odoo.test",
        database="books",
        login="admin",
        password=password,
        api_key=key,
        protocol=protocol,
        read_retries=0,
        http_transport=httpx.MockTransport(handler),
    )
    async with client:
        with pytest.raises(OdooError) as caught:
            await client.search_read("res.partner", [], ["name"])
    text = str(caught.value) + repr(caught.value.args)
    assert key not in text and password not in text and "[secret]" in text
