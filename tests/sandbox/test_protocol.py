"""The wire formats: statuses, error names and envelopes as a real Odoo 19 answers them."""

from __future__ import annotations

import httpx
import pytest

from odoo_sandbox import SANDBOX_API_KEY, SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_PASSWORD, SandboxOdoo

from .conftest import Odoo

pytestmark = pytest.mark.anyio


async def test_version_endpoints(http: httpx.AsyncClient) -> None:
    for path in ("/web/version", "/json/version"):
        response = await http.get(path)
        assert response.status_code == 200
        assert response.json() == {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0", "sandbox": True}


async def test_json2_rejects_bad_or_missing_key(api: Odoo, http: httpx.AsyncClient) -> None:
    response = await api.json2_raw("res.partner", "search_read", key="wrong", domain=[])
    assert response.status_code == 401
    body = response.json()
    assert body["name"] == "werkzeug.exceptions.Unauthorized"
    assert body["message"] == "Invalid apikey"
    assert set(body) == {"name", "message", "arguments", "context", "debug"}
    missing = await http.post("/json/2/res.partner/search_read", json={"domain": []})
    assert missing.status_code == 401
    assert missing.json()["name"] == "werkzeug.exceptions.Unauthorized"


async def test_json2_routing_errors(api: Odoo, http: httpx.AsyncClient) -> None:
    unknown_model = await api.json2_raw("res.bogus", "search_read", domain=[])
    assert unknown_model.status_code == 404
    assert unknown_model.json()["message"] == "the model 'res.bogus' does not exist"
    unknown_method = await api.json2_raw("res.partner", "frobnicate")
    assert unknown_method.status_code == 404
    private = await api.json2_raw("res.partner", "_read_group_raw", domain=[])
    assert private.status_code == 403
    assert private.json()["name"] == "odoo.exceptions.AccessError"
    auth = {"Authorization": f"bearer {SANDBOX_API_KEY}"}
    get = await http.get("/json/2/res.partner/search_read", headers=auth)
    assert get.status_code == 404
    wrong_db = await http.post("/json/2/res.partner/search_read", json={}, headers={**auth, "X-Odoo-Database": "other"})
    assert wrong_db.status_code == 404
    assert "No database is selected" in wrong_db.text
    assert wrong_db.headers["content-type"].startswith("text/html")
    form = await http.post("/json/2/res.partner/search_count", content=b"domain=", headers=auth)
    assert form.status_code == 415 and "Content-Type" in form.text
    not_json = await http.post(
        "/json/2/res.partner/search_count", content=b"not json", headers={**auth, "Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    assert not_json.json()["message"].startswith("could not parse the body as json: Expecting value")
    right_db = await http.post(
        "/json/2/res.partner/search_count", json={"domain": []}, headers={**auth, "X-Odoo-Database": SANDBOX_DB}
    )
    assert right_db.status_code == 200


async def test_json2_argument_errors(api: Odoo) -> None:
    wrong_name = await api.json2_raw("res.partner", "create", vals={"name": "x"})
    assert wrong_name.status_code == 422
    assert "missing a required argument: 'vals_list'" in wrong_name.json()["message"]
    with_ids = await api.json2_raw("res.partner", "search_read", ids=[1], domain=[])
    assert with_ids.status_code == 422
    unknown_kw = await api.json2_raw("res.partner", "search_read", domain=[], bogus=1)
    assert unknown_kw.status_code == 500
    assert unknown_kw.json()["name"] == "builtins.TypeError"
    bad_field = await api.json2_raw("res.partner", "search_read", domain=[["bogus_field", "=", 1]])
    assert bad_field.status_code == 500
    body = bad_field.json()
    assert body["name"] == "builtins.ValueError"
    assert body["message"] == "Invalid field res.partner.bogus_field in condition ('bogus_field', '=', 1)"
    bad_read = await api.json2_raw("res.partner", "search_read", domain=[], fields=["nope"])
    assert bad_read.status_code == 500
    assert bad_read.json()["message"] == "Invalid field 'nope' on model 'res.partner'"


async def test_json2_read_semantics(api: Odoo) -> None:
    assert await api.json2("res.partner", "read", ids=[999999], fields=["name"]) == []
    missing = await api.json2_raw("res.partner", "write", ids=[999999], vals={"name": "x"})
    assert missing.status_code == 404
    assert missing.json()["name"] == "odoo.exceptions.MissingError"
    assert "(Record: res.partner(999999,), User: 2)" in missing.json()["message"]
    needed_terms = await api.json2_raw(
        "account.move", "search_read", domain=[["move_type", "=", "out_invoice"]], fields=["needed_terms"], limit=1
    )
    assert needed_terms.status_code == 500
    assert needed_terms.json()["name"] == "builtins.TypeError"


async def test_jsonrpc_common_and_db(api: Odoo) -> None:
    version = await api.rpc_raw("common", "version", [])
    assert version["result"]["server_version_info"] == [19, 0, 0, "final", 0, ""]
    assert (await api.rpc_raw("common", "login", [SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_PASSWORD]))["result"] == 2
    assert (await api.rpc_raw("common", "login", [SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_API_KEY]))["result"] == 2
    assert (await api.rpc_raw("common", "login", [SANDBOX_DB, SANDBOX_LOGIN, "bad"]))["result"] is False
    assert (await api.rpc_raw("common", "authenticate", [SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_PASSWORD, {}]))[
        "result"
    ] == 2
    assert (await api.rpc_raw("db", "list", []))["result"] == [SANDBOX_DB]
    unknown = await api.rpc_raw("common", "login", ["nope", SANDBOX_LOGIN, SANDBOX_PASSWORD])
    error = unknown["error"]
    assert error["code"] == 200 and error["message"] == "Odoo Server Error"
    assert error["data"]["name"] == "psycopg2.OperationalError"
    assert 'database "nope" does not exist' in error["data"]["message"]
    assert error["data"]["debug"].startswith("Traceback (most recent call last):")


async def test_jsonrpc_execute_kw(api: Odoo) -> None:
    ok = await api.execute_kw("res.partner", "search_read", [[["is_company", "=", True]], ["name"]], {"limit": 2})
    assert len(ok["result"]) == 2 and set(ok["result"][0]) == {"id", "name"}
    denied = await api.execute_kw("res.partner", "search_read", [[]], password="bad")
    assert denied["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert denied["error"]["data"]["message"] == "Access Denied"
    created = await api.execute_kw("res.partner", "create", [{"name": "Dict create (sandbox)"}])
    assert isinstance(created["result"], int)
    created_many = await api.execute_kw("res.partner", "create", [[{"name": "List create (sandbox)"}]])
    assert isinstance(created_many["result"], list)
    bad_model = await api.execute_kw("res.bogus", "search", [[]])
    assert bad_model["error"]["data"]["name"] == "odoo.exceptions.UserError"
    bad_kw = await api.execute_kw("res.partner", "search_read", [[]], {"bogus": 1})
    assert bad_kw["error"]["data"]["name"] == "builtins.TypeError"


async def test_jsonrpc_none_result_has_no_result_key(api: Odoo) -> None:
    invoice = (
        await api.json2(
            "account.move",
            "search",
            domain=[["move_type", "=", "out_invoice"], ["state", "=", "posted"], ["payment_state", "=", "not_paid"]],
            limit=1,
        )
    )[0]
    response = await api.execute_kw("account.move", "button_draft", [[invoice]])
    assert "result" not in response and "error" not in response
    assert set(response) == {"jsonrpc", "id"}
    posted = await api.execute_kw("account.move", "action_post", [[invoice]])
    assert posted["result"] is False


async def test_offline_raises_connect_error(odoo: SandboxOdoo, http: httpx.AsyncClient) -> None:
    odoo.offline = True
    with pytest.raises(httpx.ConnectError):
        await http.get("/web/version")
    odoo.offline = False
    assert (await http.get("/web/version")).status_code == 200


async def test_calls_log_and_write_calls(odoo: SandboxOdoo, api: Odoo) -> None:
    await api.json2("res.partner", "search_read", domain=[], fields=["name"], limit=1)
    await api.execute_kw("res.partner", "read", [[3], ["name"]])
    new_id = (await api.json2("res.partner", "create", vals_list=[{"name": "Write call (sandbox)"}]))[0]
    await api.execute_kw("res.partner", "write", [[new_id], {"phone": "+1 555-0199"}])
    methods = [(c.protocol, c.model, c.method) for c in odoo.calls]
    assert ("json2", "res.partner", "search_read") in methods and ("jsonrpc", "res.partner", "read") in methods
    writes = odoo.write_calls
    assert [(c.protocol, c.method) for c in writes] == [("json2", "create"), ("jsonrpc", "write")]
    assert writes[1].ids == [new_id] and writes[1].kwargs == {"vals": {"phone": "+1 555-0199"}}
    read_call = next(c for c in odoo.calls if c.method == "read")
    assert read_call.ids == [3] and read_call.kwargs == {"fields": ["name"]}
