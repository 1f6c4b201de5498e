"""Load of benchmark (e): DIT staff opening the proposal list and the dashboard.

Run by ``benchmarks/run`` (locust headless); by hand:

    KC_BENCH_SESSION=<session key of a DIT user> KC_BENCH_LIST_URL=/proposals/all/ \
    KC_BENCH_DASHBOARD_URL=/dashboard/ locust -f benchmarks/locustfile.py \
        --headless -u 50 -r 50 -t 30s --host http://127.0.0.1:8000

Each simulated user is one DIT officer with a logged-in session who asks for the next page as
soon as the last one arrives (no think time): the throughput is what the server gives, not
what a think time allows.
"""

from __future__ import annotations

import os

from locust import HttpUser, constant, task

SESSION_COOKIE = os.environ.get("KC_BENCH_SESSION_COOKIE", "sessionid")
# Passed by benchmarks/run, which reverses them from the URL names.
LIST_URL = os.environ["KC_BENCH_LIST_URL"]
DASHBOARD_URL = os.environ["KC_BENCH_DASHBOARD_URL"]


class DitOfficer(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set(SESSION_COOKIE, os.environ["KC_BENCH_SESSION"])

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            # A lost session shows the login page with 200: that is a failure, not a page.
            if response.status_code != 200 or "/accounts/login" in response.url:
                response.failure(f"{response.status_code} {response.url}")

    @task
    def dit_list(self) -> None:
        self._get(LIST_URL, "DIT list")

    @task
    def dashboard(self) -> None:
        self._get(DASHBOARD_URL, "dashboard")
