"""What a Celery task retries on: errors that go away on their own.

A database that restarts or fails over raises ``OperationalError`` (or ``InterfaceError`` on a
dropped connection); a broker, a cache or an SMTP server that is briefly unreachable raises
``ConnectionError``/``TimeoutError`` (both ``OSError``). Every task is written to be safe to run
again, so retrying it cannot do a thing twice.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)
# E-mail tasks also retry on any socket error of the SMTP connection.
TRANSIENT_MAIL_ERRORS: tuple[type[BaseException], ...] = (*TRANSIENT_ERRORS, OSError)
RETRY = {"retry_backoff": True, "retry_jitter": True}
