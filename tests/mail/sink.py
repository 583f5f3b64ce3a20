"""A local SMTP sink for the live e-mail tests, and Odoo's outgoing mail server pointed at it.

`smtp_sink()` starts aiosmtpd on 127.0.0.1 (a free port) and keeps every message it receives,
parsed; `mail_server()` creates a uniquely named `ir.mail_server` on that port through the API
(first in sequence, so Odoo uses it) and removes it afterwards. `flush()` runs Odoo's mail queue
(`mail.mail.process_email_queue`, the cron's own method) and waits until the sink has the messages.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from odoo_mcp.odoo import OdooClient

from ..http.server import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    size: int
    message: EmailMessage

    def pdfs(self) -> list[tuple[str, bytes]]:
        return [
            (str(part.get_filename()), part.get_payload(decode=True))
            for part in self.message.walk()
            if part.get_content_type() == "application/pdf"
        ]

    def html(self) -> str:
        body = self.message.get_body(("html", "plain"))
        return body.get_content() if body is not None else ""


@dataclass
class Sink:
    port: int
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls this hook by name
        content = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), len(content), parsed))
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


@contextmanager
def smtp_sink() -> Iterator[Sink]:
    from aiosmtpd.controller import Controller

    sink = Sink(free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@asynccontextmanager
async def mail_server(client: OdooClient, sink: Sink, tag: str) -> AsyncIterator[int]:
    server_id = (await client.create("ir.mail_server", [{
        "name": f"odoo-mcp test sink {tag}", "smtp_host": "127.0.0.1", "smtp_port": sink.port,
        "smtp_encryption": "none", "sequence": 0,
    }]))[0]
    try:
        yield server_id
    finally:
        await client.call("ir.mail_server", "unlink", ids=[server_id])


async def flush(client: OdooClient, sink: Sink, address: str, count: int, *, timeout: float = 60) -> list[Received]:
    """Let Odoo send what is queued and wait until `address` received `count` messages."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        got = sink.to(address)
        if len(got) >= count:
            return got
        if loop.time() > end:
            raise AssertionError(f"the SMTP sink received {len(got)} of {count} messages for {address} within {timeout:g} s")
        await client.call("mail.mail", "process_email_queue")
        await asyncio.sleep(0.5)


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)
