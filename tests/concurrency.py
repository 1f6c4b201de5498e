"""One helper for the PostgreSQL race tests: start calls at the same moment, each in its own
thread and database connection, and sort what came back."""

from __future__ import annotations

import threading
from collections.abc import Callable

from celery._state import _set_task_join_will_block
from django.db import connection

from khuyencong.exceptions import ServiceError


def race(*calls: Callable[[], object]) -> tuple[list[object], list[str], list[BaseException]]:
    """Run ``calls`` at one moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    refusals: list[str] = []
    crashes: list[BaseException] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcome = call()
            with lock:
                results.append(outcome)
        except ServiceError as error:
            with lock:
                refusals.append(str(error.message))
        except BaseException as error:  # a crash must fail the test, not vanish in a thread
            with lock:
                crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Celery's eager mode keeps "a task is running" in a process-wide flag that two threads
    # queueing e-mails at once can leave set; clear it so later .get() calls are not refused.
    _set_task_join_will_block(False)
    return results, refusals, crashes
