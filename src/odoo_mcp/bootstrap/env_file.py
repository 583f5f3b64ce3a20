"""The `.env` setup writes: read as `load_settings` reads it, its own lines updated, every other line kept."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..vault.layout import atomic_write
from .options import SetupError


def read_env_file(path: Path) -> dict[str, str] | None:
    """The settings in an existing .env (None when there is none), parsed as `load_settings` parses them."""
    if not path.is_file():
        return None
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def env_line(name: str, value: str) -> str:
    """`NAME=value`, quoted so python-dotenv (and Compose's env_file) read back exactly `value`."""
    from dotenv import dotenv_values

    if re.fullmatch(r"[A-Za-z0-9_./:@+-]*", value):
        line = f"{name}={value}"
    else:
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        line = f"{name}='{escaped}'"
    if dotenv_values(stream=io.StringIO(line)).get(name) != value:
        raise SetupError(f"the value for {name} contains characters a .env file cannot hold (such as '${{'): choose another")
    return line


def merge_env(text: str, values: Mapping[str, str | None], *, header: str) -> str:
    """`text` with the managed lines set to `values` (None removes the line); all other lines kept in place."""
    out: list[str] = []
    seen: set[str] = set()
    assignment = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
    for line in text.splitlines():
        match = assignment.match(line)
        name = match.group(1) if match else None
        if name is not None and name in values:
            value = values[name]
            if value is not None and name not in seen:
                out.append(env_line(name, value))
            seen.add(name)  # a later duplicate is dropped: dotenv lets the last one win, which would undo ours
            continue
        out.append(line)
    missing = [name for name, value in values.items() if value is not None and name not in seen]
    if missing:
        if out and out[-1].strip():
            out.append("")
        out.append(header)
        out.extend(env_line(name, values[name] or "") for name in missing)
    return "\n".join(out) + "\n"


def write_env_file(path: Path, text: str) -> None:
    """Atomically, readable by the owner only: the file holds an API key or a password."""
    atomic_write(path, text)
    os.chmod(path, 0o600)
