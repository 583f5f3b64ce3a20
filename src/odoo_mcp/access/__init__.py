"""Who may call the server over the network: bearer tokens (local, hashed) and what each may do."""

from .tokens import READ_SCOPE, WRITE_SCOPE, TokenError, TokenRecord, TokenStore, open_token_store

__all__ = ["READ_SCOPE", "WRITE_SCOPE", "TokenError", "TokenRecord", "TokenStore", "open_token_store"]
