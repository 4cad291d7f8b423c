"""A real SMTP server on the loopback (aiosmtpd) that the site sends to and the tests read from,
and the mail queue's worker run in the test's own thread (the `Worker` that `manage.py db_worker`
runs), so that a test sees exactly what the worker sends."""

import email
import email.policy
import socket
import time

from aiosmtpd.controller import Controller


class Inbox:
    """What the server received: `messages` (email.message.EmailMessage), oldest first."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return list(self.inbox.messages)

    def to(self, address):
        return [message for message in self.inbox.messages if address in message["X-Envelope-To"]]

    def wait_for(self, address, count=1, timeout=10):
        """The messages to `address` once there are `count`, running the mail queue meanwhile."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            run_mail_queue()
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} message(s) to {address} expected, got {len(self.to(address))}")
            time.sleep(0.05)
        return self.to(address)


def run_mail_queue():
    """Send what the queue holds now, as the worker does, then return (its --batch mode)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="tests", excluded_queue_names=[]).run()


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()
