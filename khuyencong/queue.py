"""Queue a Celery task once the transaction commits, without failing a request that has saved.

Publishing needs the broker (Redis). When it is unreachable at that moment, the user's action
is already committed: an error page would say it failed when it did not. So the failure is
logged and the work is left to the periodic sweeps that catch it up
(``khuyencong.tasks.send_pending_notification_emails``,
``reports.tasks.requeue_stale_documents``; a lost manual aggregation is redone by the nightly
one or by pressing the button again).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerError, ConnectionError, TimeoutError)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """``task.delay(*args, **kwargs)`` after the current transaction commits (at once outside
    one), logging instead of raising when the broker cannot be reached."""

    def publish() -> None:
        # The publish retry policy (settings: CELERY_TASK_PUBLISH_RETRY_POLICY) keeps this under
        # a second or two with Redis down; whatever goes wrong is logged, never raised: the
        # request has committed and must say so.
        try:
            task.delay(*args, **kwargs)
        except BROKER_ERRORS:
            logger.exception("Could not queue %s %r: left to the periodic sweep", task.name, args)
        except Exception:
            logger.exception("Could not queue %s %r (unexpected error)", task.name, args)

    transaction.on_commit(publish)
