"""OAuth 2.0 token introspection (RFC 7662): asking the owner's authorization server about a token.

In OAuth mode the server is only a resource server: an authorization server the owner already
runs (Keycloak, Authentik, Zitadel, Auth0 ...) issues the tokens, and each one is checked at its
introspection endpoint with this server's own client credentials. An answer is cached for at most
`ttl` seconds (never past the token's expiry), keyed by the token's SHA-256, so a burst of calls
costs one round trip; an unreachable or confused authorization server means "not valid", never
"valid".
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Introspected:
    """What an active token is: who, for which resource(s), with which scopes, until when."""

    client_id: str
    subject: str | None
    scopes: list[str]
    audience: list[str]
    expires_at: int | None


class Introspection:
    def __init__(
        self,
        url: str,
        client_id: str,
        client_secret: str,
        *,
        ttl: float = 30.0,
        max_entries: int = 1024,
    ) -> None:
        self.url = url
        self._auth = httpx.BasicAuth(client_id, client_secret)
        self._ttl, self._max = ttl, max_entries
        self._cache: dict[str, tuple[float, Introspected | None]] = {}

    async def check(self, token: str) -> Introspected | None:
        key = hashlib.sha256(token.encode("utf-8")).hexdigest()
        now = time.time()
        cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        found = await self._ask(token)
        until = now + self._ttl
        if found is not None and found.expires_at is not None:
            until = min(until, found.expires_at)
        if len(self._cache) >= self._max:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = (until, found)
        return found

    async def _ask(self, token: str) -> Introspected | None:
        try:
            # A client per question: it is asked at most once per token and `ttl`, so nothing is kept open between.
            async with httpx.AsyncClient(timeout=10.0) as http:
                answer = await http.post(self.url, data={"token": token, "token_type_hint": "access_token"}, auth=self._auth)
            answer.raise_for_status()
            body = answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("token introspection at %s failed (%s): the request is refused", self.url, type(exc).__name__)
            return None
        if not isinstance(body, dict) or body.get("active") is not True:
            return None
        audience = body.get("aud")
        scope = body.get("scope")
        expires = body.get("exp")
        return Introspected(
            client_id=str(body.get("client_id") or body.get("sub") or "oauth"),
            subject=str(body["sub"]) if body.get("sub") else None,
            scopes=scope.split() if isinstance(scope, str) else [],
            audience=[audience] if isinstance(audience, str) else [str(a) for a in audience] if isinstance(audience, list) else [],
            expires_at=int(expires) if isinstance(expires, int | float) else None,
        )
