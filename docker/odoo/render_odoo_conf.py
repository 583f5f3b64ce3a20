#!/usr/bin/env python3
"""Render odoo.conf from odoo.conf.template and the environment (run by entrypoint.sh).

Why: the official odoo image reads /etc/odoo/odoo.conf, and the master password must come from
the environment, never from a committed file. Standard library only, because it runs with the
image's own python3 before Odoo starts.

`${NAME}` in a non-comment line of the template is replaced by the environment variable NAME;
a missing one stops the container with a message naming it. Two values are derived:
  ODOO_ADMIN_PASSWD  PBKDF2-SHA512 hash of ODOO_MASTER_PASSWORD, in the passlib format Odoo
                     verifies, so the rendered file holds no plaintext password;
  ODOO_DBFILTER      ^<ODOO_DB_NAME>$ (escaped), unless ODOO_DBFILTER is set explicitly.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import secrets
import sys
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Odoo's own rule for database names (odoo/service/db.py DBNAME_PATTERN).
DB_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
BOOLEANS = {"true": "True", "1": "True", "yes": "True", "on": "True",
            "false": "False", "0": "False", "no": "False", "off": "False"}
# Odoo's CryptContext uses pbkdf2_sha512 with this many rounds; fewer would be re-hashed.
PBKDF2_ROUNDS = 600_000


class RenderError(Exception):
    """A setting is missing or malformed; the message names it, never a secret's value."""


def _ab64(data: bytes) -> str:
    """passlib's 'adapted base64': standard alphabet with '.' for '+', no padding."""
    return base64.b64encode(data).decode("ascii").rstrip("=").replace("+", ".")


def pbkdf2_sha512_hash(password: str, salt: bytes | None = None, rounds: int = PBKDF2_ROUNDS) -> str:
    """`$pbkdf2-sha512$<rounds>$<salt>$<checksum>`, as passlib writes it and Odoo verifies it."""
    salt = secrets.token_bytes(16) if salt is None else salt
    checksum = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, rounds)
    return f"$pbkdf2-sha512${rounds}${_ab64(salt)}${_ab64(checksum)}"


def derived_values(env: Mapping[str, str]) -> dict[str, str]:
    """The environment plus the derived settings, validated."""
    values = dict(env)
    password = values.get("ODOO_MASTER_PASSWORD", "")
    if not password:
        raise RenderError("ODOO_MASTER_PASSWORD is not set: set it in docker/.env")
    values["ODOO_ADMIN_PASSWD"] = pbkdf2_sha512_hash(password)

    if not values.get("ODOO_DBFILTER"):
        db_name = values.get("ODOO_DB_NAME", "")
        if not DB_NAME.match(db_name):
            raise RenderError(
                f"ODOO_DB_NAME must be letters, digits, '_', '.' or '-' (at least 2), got {db_name!r}"
            )
        values["ODOO_DBFILTER"] = "^" + re.escape(db_name) + "$"

    for name in ("ODOO_LIST_DB", "ODOO_PROXY_MODE"):
        if name in values:
            normalised = BOOLEANS.get(values[name].strip().lower())
            if normalised is None:
                raise RenderError(f"{name} must be True or False, got {values[name]!r}")
            values[name] = normalised
    return values


def render(template: str, env: Mapping[str, str]) -> str:
    values = derived_values(env)
    lines = []
    for line in template.splitlines(keepends=True):
        if line.lstrip().startswith((";", "#")):
            lines.append(line)
            continue

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise RenderError(f"{name} is not set in the odoo container's environment")
            value = values[name]
            if "\n" in value or "\r" in value:
                raise RenderError(f"{name} must be a single line")
            return value

        lines.append(PLACEHOLDER.sub(substitute, line))
    return "".join(lines)


def write_private(path: str, text: str) -> None:
    """Write readable by the owner only (the file holds the master password's hash)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    try:
        with open(args.template, encoding="utf-8") as handle:
            text = render(handle.read(), os.environ)
        write_private(args.output, text)
    except RenderError as exc:
        print(f"odoo.conf not rendered: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"odoo.conf not rendered: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    print(f"rendered {args.output} from {args.template}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
