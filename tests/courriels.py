"""A local SMTP sink (aiosmtpd): the real mail path of the app, received on 127.0.0.1 and kept for the tests."""
from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass
class Courriel:
    destinataires: list[str]
    sujet: str
    corps: str


class _Handler:
    def __init__(self) -> None:
        self.messages: list[Courriel] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(Courriel(list(envelope.rcpt_tos), " ".join(str(message["Subject"]).split()),
                                      message.get_body(("plain",)).get_content()))
        return "250 Message accepted for delivery"


class SmtpSink:
    """A real SMTP server on localhost that keeps what it receives; it can be stopped to simulate an outage."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.handler = _Handler()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[Courriel]:
        return self.handler.messages

    def to(self, address: str) -> list[Courriel]:
        return [m for m in self.messages if address in m.destinataires]

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
