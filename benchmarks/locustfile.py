"""The load test of ``benchmarks/run``: officers of every role opening their pages.

Run by ``benchmarks/run`` (locust headless), which writes one fresh session per simulated user
into a JSON file (``KC_BENCH_SESSIONS``: role, session key, the URLs of that role's pages). By
hand, against a running portal:

    KC_BENCH_SESSIONS=sessions.json KC_BENCH_THINK=5 locust -f benchmarks/locustfile.py \
        --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000

``KC_BENCH_THINK`` is the mean think time in seconds between two pages of one user (drawn
between half and one and a half times it); 0 asks for the next page as soon as the last one
arrives, which measures the saturation throughput.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, constant, task

SESSION_COOKIE = os.environ.get("KC_BENCH_SESSION_COOKIE", "sessionid")
SESSIONS = json.loads(Path(os.environ["KC_BENCH_SESSIONS"]).read_text())
THINK = float(os.environ.get("KC_BENCH_THINK", "0"))
# Each simulated user takes the next session: none is shared.
_next_session = itertools.cycle(SESSIONS)


class Officer(HttpUser):
    wait_time = between(THINK / 2, THINK * 3 / 2) if THINK else constant(0)

    def on_start(self) -> None:
        mine = next(_next_session)
        self.role, self.urls = mine["role"], mine["urls"]
        self.client.cookies.set(SESSION_COOKIE, mine["session"])

    @task
    def page(self) -> None:
        url = random.choice(self.urls)  # noqa: S311  # nosec B311: load mix, not security
        with self.client.get(
            url, name=f"{self.role} {url}", catch_response=True, allow_redirects=False
        ) as response:
            # A lost session redirects to the login page: that is a failure, not a page.
            if response.status_code != 200:
                response.failure(f"{response.status_code} {url}")
