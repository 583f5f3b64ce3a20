"""How setup shows its progress: one line per step, and a ticker while Odoo works for a minute."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from typing import TextIO


class StepStatus(str, Enum):
    OK = "ok"
    DONE = "done"
    SKIPPED = "skipped"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Step:
    name: str
    status: StepStatus
    detail: str

    def line(self) -> str:
        return f"{'[' + self.status.value + ']':<10} {self.name:<11} {self.detail}"


class Console:
    """Step lines and a progress ticker for the slow calls (creating a database, installing an app)."""

    def __init__(self, out: TextIO = sys.stdout, *, tick: float = 1.0, quiet_tick: float = 15.0) -> None:
        self.out = out
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.tick = tick if self.tty else quiet_tick

    def step(self, step: Step) -> None:
        print(step.line(), file=self.out, flush=True)

    def note(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    @asynccontextmanager
    async def waiting(self, label: str) -> AsyncIterator[None]:
        """Show that a call that takes a minute is still running: a live counter on a terminal, a line every 15 s otherwise."""
        start = time.monotonic()

        async def ticker() -> None:
            while True:
                await asyncio.sleep(self.tick)
                elapsed = time.monotonic() - start
                if self.tty:
                    print(f"\r           {label} ... {elapsed:.0f} s ", end="", file=self.out, flush=True)
                else:
                    print(f"           {label} ... still working ({elapsed:.0f} s)", file=self.out, flush=True)

        task = asyncio.create_task(ticker())
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
            if self.tty:
                print("\r\033[K", end="", file=self.out, flush=True)
