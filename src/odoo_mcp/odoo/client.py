"""`OdooClient`: one object per process that knows how to call any model method in Odoo.

It picks the wire format (configured, or detected from `/web/version` on first use, never at
start-up), owns the pooled HTTP session, and offers the handful of ORM calls the rest of the
project needs. It knows nothing of accounting.
"""

from __future__ import annotations

import asyncio
import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

from ..config import Protocol, Settings
from .companies import USER_SPEC, Company, UserCompanies
from .errors import OdooError, OdooServerError
from .rows import Many2one
from .transports import HttpSession, Json2Transport, JsonRpcServices, JsonRpcTransport, Transport, decode

Domain = list[Any]


class OdooClient:
    def __init__(
        self,
        *,
        base_url: str,
        database: str | None,
        login: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        protocol: Protocol = Protocol.AUTO,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        read_retries: int = 2,
        http_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url
        self.database = database
        self.login = login
        self._password = password
        self._api_key = api_key
        self.requested_protocol = protocol
        self._session = HttpSession(
            base_url, timeout=timeout, connect_timeout=connect_timeout, read_retries=read_retries, transport=http_transport
        )
        self._services = JsonRpcServices(self._session)
        self._transport: Transport | None = None
        self._version: dict[str, Any] | None = None
        self._lock = asyncio.Lock()
        # Company scoping (see `for_company`): off for database-level work (setup, doctor), on for the books.
        self._scoped = False
        self._company_ref: str | None = None
        self._company: Company | None = None
        self._companies: UserCompanies | None = None
        self._company_lock = asyncio.Lock()
        self._root = self

    @classmethod
    def from_settings(
        cls, settings: Settings, *, base_url: str | None = None, http_transport: httpx.AsyncBaseTransport | None = None
    ) -> OdooClient:
        return cls(
            base_url=base_url or settings.url,
            database=settings.database,
            login=settings.login,
            password=settings.password.get_secret_value() if settings.password else None,
            api_key=settings.api_key.get_secret_value() if settings.api_key else None,
            protocol=settings.protocol,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
            read_retries=settings.read_retries,
            http_transport=http_transport,
        )

    async def __aenter__(self) -> OdooClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._session.aclose()

    # -- connection -------------------------------------------------------------------------

    async def version(self) -> dict[str, Any]:
        """`GET /web/version`: needs no database or credentials, so it tells reachability alone."""
        if self._version is None:
            response = await self._session.send("GET", "/web/version", read=True)
            try:
                data = decode(response.content)
            except ValueError:
                data = None
            if response.status_code != 200 or not isinstance(data, dict) or "version_info" not in data:
                raise OdooServerError(
                    f"{self.base_url} did not answer /web/version like Odoo (HTTP {response.status_code}): check ODOO_URL"
                )
            self._version = data
        return self._version

    async def service(self, service: str, method: str, args: list[Any], *, read: bool = False) -> Any:
        """`/jsonrpc` to one of Odoo's services that are not models, such as `db` (the database manager) or `common`.

        Whatever protocol model calls use (JSON-2 has no such services), over the same session,
        with the same error mapping. No credentials are sent: a service that wants one, like the
        master password of `db`, takes it in `args`. `read=True` marks a call that changes
        nothing, so it is retried on transient failures like a model read.
        """
        try:
            return await self._services.rpc(service, method, args, read=read)
        except OdooError as exc:
            raise self._scrubbed(exc) from None

    async def transport(self) -> Transport:
        root = self._root
        async with root._lock:
            if root._transport is None:
                root._transport = await root._choose_transport()
            return root._transport

    async def _choose_transport(self) -> Transport:
        protocol = self.requested_protocol
        if protocol is Protocol.AUTO:
            if self._api_key:
                major = int((await self.version())["version_info"][0])
                use_json2 = major >= 19 or not (self.login and (self._password or self._api_key))
                protocol = Protocol.JSON2 if use_json2 else Protocol.JSONRPC
            else:
                protocol = Protocol.JSONRPC
        if protocol is Protocol.JSON2:
            if not self._api_key:
                raise OdooError("JSON-2 needs an API key: set ODOO_API_KEY")
            return Json2Transport(self._session, database=self.database, api_key=self._api_key)
        secret = self._password or self._api_key
        if not (self.login and secret and self.database):
            raise OdooError("JSON-RPC needs ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (or ODOO_API_KEY)")
        return JsonRpcTransport(self._session, database=self.database, login=self.login, secret=secret)

    async def protocol_name(self) -> str:
        return (await self.transport()).name

    async def uid(self) -> int:
        """The authenticated user's id, on either protocol."""
        transport = await self.transport()
        if isinstance(transport, JsonRpcTransport):
            return await transport.uid()
        context = await self._unscoped_call("res.users", "context_get")
        return int(context["uid"])

    # -- companies -------------------------------------------------------------------------

    async def user_companies(self) -> UserCompanies:
        """The user's default and allowed companies with their currencies: two round trips, once per process."""
        root = self._root
        async with root._company_lock:
            if root._companies is None:
                uid = await self.uid()
                rows = await self._unscoped_call("res.users", "web_read", ids=[uid], specification=USER_SPEC)
                if not rows:
                    raise OdooError("Odoo returned no user record for these credentials")
                root._companies = UserCompanies.from_user(rows[0])
            return root._companies

    async def company(self) -> Company:
        """The company this client's calls are for: the one asked for, else the user's default company."""
        if self._company is None:
            self._company = (await self.user_companies()).pick(self._company_ref)
        return self._company

    def for_company(self, ref: str | int | None) -> OdooClient:
        """The same connection with every call scoped to one company (Odoo's `allowed_company_ids`).

        `ref` is an id or an exact name of a company the user may access; None means the user's
        default company (`res.users.company_id`), resolved on the first call.
        """
        scoped = copy.copy(self)
        scoped._scoped = True
        scoped._company_ref = None if ref is None or ref == "" else str(ref)
        scoped._company = None
        return scoped

    # -- ORM calls -------------------------------------------------------------------------

    async def call(
        self, model: str, method: str, *, ids: list[int] | None = None, context: dict[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        """A model method; on a company-scoped client, for that company (`allowed_company_ids` on every call)."""
        if self._scoped:
            company = await self.company()
            context = {"allowed_company_ids": [company.id], **(context or {})}
        return await self._unscoped_call(model, method, ids=ids, context=context, **kwargs)

    async def _unscoped_call(
        self, model: str, method: str, *, ids: list[int] | None = None, context: dict[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        try:
            transport = await self.transport()
            return await transport.call(model, method, ids=ids, kwargs=kwargs, context=context)
        except OdooError as exc:
            raise self._scrubbed(exc) from None

    def _scrubbed(self, exc: OdooError) -> OdooError:
        """The error with our secrets cut out: Odoo or a proxy may echo a key or password back in a message,
        and the message goes on to tool answers, logs and the vault's audit log."""
        for secret in (self._api_key, self._password):
            if secret and len(secret) >= 4 and secret in exc.message:
                exc.message = exc.message.replace(secret, "[secret]")
                exc.args = (exc.message,)
        return exc

    async def search_read(
        self,
        model: str,
        domain: Domain,
        fields: list[str],
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str | None = None,
    ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"domain": domain, "fields": fields, "offset": offset}
        if limit is not None:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        return list(await self.call(model, "search_read", **kwargs))

    async def search_page(
        self,
        model: str,
        domain: Domain,
        fields: list[str],
        *,
        limit: int,
        offset: int = 0,
        order: str | None = None,
        many2one: tuple[str, ...] = (),
        related: dict[str, tuple[str, ...]] | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """One page and the total count in ONE round trip (`web_search_read`, as Odoo's own web client does).

        Many2one fields come back as `[id, display_name]`, like `search_read`, so callers see one shape;
        `related` asks for more fields of a many2one's record, returned as `"<field>.<name>"` keys.
        """
        spec: dict[str, Any] = {name: {} for name in fields}
        related = related or {}
        for name in many2one:
            spec[name] = {"fields": {"display_name": {}, **{sub: {} for sub in related.get(name, ())}}}
        kwargs: dict[str, Any] = {"domain": domain, "specification": spec, "offset": offset, "limit": limit}
        if order:
            kwargs["order"] = order
        result = await self.call(model, "web_search_read", **kwargs)
        records = []
        for row in result.get("records", []):
            for name in many2one:
                value = row.get(name)
                if isinstance(value, dict):
                    row[name] = Many2one.parse(value).pair()
                    row.update({f"{name}.{sub}": value.get(sub) for sub in related.get(name, ())})
            records.append(row)
        return int(result.get("length", len(records))), records

    async def search_count(self, model: str, domain: Domain) -> int:
        return int(await self.call(model, "search_count", domain=domain))

    async def read(self, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]]:
        return list(await self.call(model, "read", ids=ids, fields=fields))

    async def read_group(
        self, model: str, domain: Domain, groupby: list[str], aggregates: list[str], *, order: str | None = None
    ) -> list[dict[str, Any]]:
        """Aggregates computed by Odoo in one round trip (`formatted_read_group`, Odoo 19's public API)."""
        kwargs: dict[str, Any] = {"domain": domain, "groupby": groupby, "aggregates": aggregates}
        if order:
            kwargs["order"] = order
        return list(await self.call(model, "formatted_read_group", **kwargs))

    async def download(self, path: str) -> tuple[bytes, str | None]:
        """GET a file Odoo serves over plain HTTP (a portal document): its bytes and its content type.

        Only for routes that carry their own access token in `path`: no credentials are sent.
        """
        response = await self._session.send("GET", path, read=True)
        if response.status_code != 200:
            raise OdooError(f"Odoo answered HTTP {response.status_code} for {path.split('?')[0]}")
        return response.content, response.headers.get("content-type")

    async def create(self, model: str, vals_list: list[dict[str, Any]], *, context: dict[str, Any] | None = None) -> list[int]:
        result = await self.call(model, "create", vals_list=vals_list, context=context)
        return [int(i) for i in (result if isinstance(result, list) else [result])]
