"""What ``benchmarks/run`` measures inside one database (run in a child process per database,
Django set up on it): page medians and query counts, the aggregation against one hand-written
GROUP BY, the plan PDF against bare WeasyPrint, and the locust load test."""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Pages measured: URL name, user (scale- prefix added), query string.
PAGES: list[tuple[str, str, str]] = [
    ("dashboard", "dit", ""),
    ("dashboard", "leader", ""),
    ("dashboard", "council1", ""),
    ("dashboard", "district", ""),
    ("dashboard", "facility0", ""),
    ("proposals:dit_list", "dit", ""),
    ("proposals:dit_intake", "dit", ""),
    ("proposals:district_inbox", "district", ""),
    ("proposals:district_forwarded", "district", ""),
    ("proposals:leader_decisions", "leader", ""),
    ("proposals:council_assigned", "council1", ""),
    ("proposals:my_proposals", "facility0", ""),
    ("proposals:facility_pending", "district", ""),
    ("proposals:monitoring_list", "dit", ""),
    ("proposals:monitoring_facility_due", "facility0", ""),
    ("budgets:home", "finance", ""),
    ("budgets:allocation_board", "dit", ""),
    ("budgets:appropriation_list", "finance", ""),
    ("budgets:reconciliation", "finance", ""),
    ("budgets:statement_list", "finance", ""),
    ("reports:plan", "dit", ""),
    ("reports:index", "dit", ""),
    ("reports:my_documents", "dit", ""),
    ("reports:public_list", "", ""),
    ("notifications", "dit", ""),
    ("audit_log", "admin", ""),
    ("admin:proposals_proposal_changelist", "admin", ""),
]
LIST_PAGE = "proposals:dit_list (dit)"
ADMIN_PAGE = "admin:proposals_proposal_changelist (admin)"


def page_label(url_name: str, user: str, query: str) -> str:
    return f"{url_name} ({user or 'public'})" + (f" ?{query}" if query else "")


# --- users and sessions -----------------------------------------------------------------------
def scale_user(name: str) -> Any:
    from khuyencong.models import Role, User

    if name == "district":
        # The officer of the first facility's district: the facility pages measure the same.
        owner = User.objects.get(username="scale-facility0")
        officers = User.objects.filter(username__startswith="scale-district-")
        return officers.get(locality=owner.facility.locality_id)
    if name == "admin":
        user, _ = User.objects.get_or_create(
            username="scale-admin",
            defaults={"role": Role.ADMIN, "is_staff": True, "is_superuser": True},
        )
        return user
    return User.objects.get(username=f"scale-{name}")


def client_for(name: str) -> Any:
    """A test client with a fresh session of ``name`` (second factor passed): one session per
    simulated user, as the login view would make it."""
    from django.test import Client

    client = Client()
    if name:
        user = scale_user(name)
        client.force_login(user)
        _pass_second_factor(client, user)
    return client


def _pass_second_factor(client: Any, user: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from khuyencong.two_factor import HAS_DEVICE_SESSION_KEY, otp_required

    if not otp_required(user):
        return
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_DEVICE_SESSION_KEY] = True
    session.save()


def session_key(client: Any) -> str:
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


def median_of(fn: Any, rounds: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def side_by_side(ours: Any, theirs: Any, rounds: int, warmup: int = 1) -> tuple[float, float]:
    """Median seconds of each, alternating so that both see the same machine state."""
    for _ in range(warmup):
        ours()
        theirs()
    a, b = [], []
    for _ in range(rounds):
        for fn, out in ((ours, a), (theirs, b)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


# --- pages: server medians and queries --------------------------------------------------------
def _url(url_name: str, query: str) -> str:
    from django.urls import reverse

    return reverse(url_name) + (f"?{query}" if query else "")


def warm_every_worker(get: Any, concurrency: int) -> None:
    """Send ``get`` from ``concurrency`` threads at once, twice each, so that every gunicorn
    worker has served the page (templates compiled, per-process caches such as the working-day
    calendar filled) before it is timed: a sequential warm-up may reach one worker only, and a
    worker's first request then counts among the "warm" ones."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _i: get(), range(2 * concurrency)))


def pages(base: str | None, rounds: int, concurrency: int = 1) -> dict[str, dict[str, Any]]:
    """Every page: queries of a second visit (in this process) and the median of ``rounds``
    warm requests to gunicorn at ``base`` (in this process when ``base`` is None), after each
    of its ``concurrency`` workers (× threads) has served the page."""
    import requests
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out: dict[str, dict[str, Any]] = {}
    getters: dict[str, Any] = {}
    for url_name, user, query in PAGES:
        client = client_for(user)
        url = _url(url_name, query)
        client.get(url)  # warm per-process caches (content types, settings rows)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url_name, user, response.status_code)
        figures: dict[str, Any] = {"queries": len(captured.captured_queries)}
        if base is None:
            figures["median"] = median_of(lambda c=client, u=url: c.get(u), rounds)
        else:
            http = requests.Session()
            if user:
                http.cookies.set(settings.SESSION_COOKIE_NAME, session_key(client))

            def get(h: Any = http, u: str = url) -> None:
                answer = h.get(base + u, timeout=120, allow_redirects=False)
                assert answer.status_code == 200, (u, answer.status_code)

            if concurrency > 1:
                warm_every_worker(get, concurrency)
            figures["median"] = median_of(get, rounds)
            figures["bytes"] = len(http.get(base + url, timeout=120).content)
            getters[page_label(url_name, user, query)] = get
        out[page_label(url_name, user, query)] = figures
    if LIST_PAGE in getters and ADMIN_PAGE in getters:
        # The ratio from requests alternated one for one (three times the rounds), so that
        # both pages meet the same machine: two medians taken minutes apart drift apart.
        ours, theirs = side_by_side(getters[LIST_PAGE], getters[ADMIN_PAGE], 3 * rounds)
        out[LIST_PAGE]["vs_admin"] = ours / theirs
    return out


# --- the aggregation against one hand-written GROUP BY ----------------------------------------
FIGURES = (
    "n_submitted",
    "n_in_review",
    "n_approved",
    "n_in_progress",
    "n_accepted",
    "n_settled",
    "n_refused",
    "requested",
    "recommended",
    "approved",
    "allocated",
    "disbursed",
    "settled",
    "jobs",
    "facilities",
)
# Written once by hand, run as it stands (the server's default settings, work_mem included).
HAND_SQL = """
WITH alloc AS (
    SELECT proposal_id, SUM(amount - released) AS total FROM budgets_allocation
    WHERE status <> 'refused' GROUP BY proposal_id
), disb AS (
    SELECT a.proposal_id,
        SUM(CASE WHEN d.kind = 'recovery' THEN -d.amount ELSE d.amount END) AS total
    FROM budgets_disbursement d
    JOIN budgets_allocation a ON a.id = d.allocation_id
    WHERE d.status = 'confirmed' GROUP BY a.proposal_id
)
SELECT p.plan_year, p.locality_id, p.activity_type_id, p.fund_source_id,
    COUNT(*),
    COUNT(*) FILTER (WHERE p.state IN ('submitted','returned','forwarded','under_appraisal',
                                       'appraised')),
    COUNT(*) FILTER (WHERE p.state IN ('approved','in_progress','accepted','settled')),
    COUNT(*) FILTER (WHERE p.state = 'in_progress'),
    COUNT(*) FILTER (WHERE p.state IN ('accepted','settled')),
    COUNT(*) FILTER (WHERE p.state = 'settled'),
    COUNT(*) FILTER (WHERE p.state IN ('rejected','withdrawn','cancelled')),
    COALESCE(SUM(p.requested_support), 0),
    COALESCE(SUM(p.recommended_amount), 0),
    COALESCE(SUM(p.approved_amount) FILTER (WHERE p.state IN ('approved','in_progress',
                                                             'accepted','settled')), 0),
    COALESCE(SUM(alloc.total), 0),
    COALESCE(SUM(disb.total), 0),
    COALESCE(SUM(s.amount), 0),
    COALESCE(SUM(p.jobs_created) FILTER (WHERE p.state IN ('approved','in_progress',
                                                           'accepted','settled')), 0),
    COUNT(DISTINCT p.facility_id) FILTER (WHERE p.state IN ('approved','in_progress',
                                                            'accepted','settled'))
FROM proposals_proposal p
LEFT JOIN alloc ON alloc.proposal_id = p.id
LEFT JOIN disb ON disb.proposal_id = p.id
LEFT JOIN budgets_settlement s ON s.proposal_id = p.id
WHERE p.state <> 'draft' AND p.plan_year IS NOT NULL
GROUP BY p.plan_year, p.locality_id, p.activity_type_id, p.fund_source_id
"""


def plan_years() -> list[int]:
    from proposals.models import Proposal

    years = Proposal.objects.exclude(plan_year=None).order_by().values_list("plan_year", flat=True)
    return sorted(years.distinct())


def orm_figures(years: list[int]) -> dict[tuple, tuple]:
    from reports.services.plan import plan_rows_of_years

    out = {}
    for year, rows in plan_rows_of_years(years).items():
        for row in rows:
            key = (year, row["locality_id"], row["activity_type_id"], row["fund_source_id"])
            out[key] = tuple(int(row[f]) for f in FIGURES)
    return out


def sql_figures() -> dict[tuple, tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL)
        rows = cursor.fetchall()
    return {tuple(r[:4]): tuple(int(v) for v in r[4:]) for r in rows}


def aggregation(rounds: int) -> dict[str, Any]:
    """The plan aggregation of every year against the hand-written GROUP BY (figures equal)."""
    years = plan_years()
    orm, hand = orm_figures(years), sql_figures()
    if orm != hand:
        diff = next(k for k in sorted(set(orm) | set(hand), key=str) if orm.get(k) != hand.get(k))
        raise AssertionError(f"{diff}: aggregation {orm.get(diff)} != SQL {hand.get(diff)}")
    a, b = side_by_side(lambda: orm_figures(years), sql_figures, rounds)
    return {"years": len(years), "lines": len(orm), "orm": a, "sql": b, "ratio": a / b}


# --- the annual plan PDF against a bare WeasyPrint table --------------------------------------
BENCH_YEAR = 2099


def pdf(rounds: int, size: int) -> dict[str, Any]:
    """Move ``size`` approved proposals into an empty year inside a transaction rolled back
    at the end: the plan of that year then holds exactly ``size`` proposals."""
    import io

    from django.db import transaction
    from pypdf import PdfReader
    from weasyprint import HTML

    from proposals.models import Proposal
    from reports.documents import render
    from reports.documents.annual_plan import annex_rows
    from reports.services.plan import APPROVED, plan_aggregate

    columns = ("code", "title", "facility__name", "locality__name", "activity_type__name")
    with transaction.atomic():
        approved = Proposal.objects.filter(state__in=APPROVED).order_by("pk")
        ids = list(approved.values_list("pk", flat=True)[:size])
        Proposal.objects.filter(pk__in=ids).update(plan_year=BENCH_YEAR)
        plan_aggregate(year=BENCH_YEAR, trigger="benchmark")
        rendered: list[bytes] = []

        def ours() -> None:
            rendered[:] = [render("annual-plan", {"year": BENCH_YEAR}, "pdf").content]

        def bare() -> None:
            # The same proposal rows, no template, no fonts, no layout: WeasyPrint's floor.
            cells = "".join(
                "<tr>"
                + "".join(f"<td>{r[k]}</td>" for k in (*columns, "approved_amount"))
                + "</tr>"
                for r in annex_rows(BENCH_YEAR)
            )
            HTML(string=f"<html><body><table>{cells}</table></body></html>").write_pdf()

        a, b = side_by_side(ours, bare, rounds, warmup=0 if rounds < 2 else 1)
        pages_count = len(PdfReader(io.BytesIO(rendered[0])).pages)
        transaction.set_rollback(True)
    return {"proposals": len(ids), "pdf": a, "bare": b, "ratio": a / b, "pages": pages_count}


# --- the load test ----------------------------------------------------------------------------
# Who the simulated users are, in turn: each gets its own session and opens its pages.
LOAD_USERS: list[tuple[str, list[tuple[str, str]]]] = [
    ("dit", [("dashboard", ""), ("proposals:dit_list", ""), ("proposals:dit_intake", "")]),
    ("district", [("dashboard", ""), ("proposals:district_inbox", "")]),
    ("facility0", [("dashboard", ""), ("proposals:my_proposals", "")]),
    ("leader", [("dashboard", ""), ("proposals:leader_decisions", "")]),
    ("finance", [("budgets:home", ""), ("budgets:reconciliation", "")]),
]


def load_sessions(users: int) -> list[dict[str, Any]]:
    """One fresh session per simulated user, round the roles of ``LOAD_USERS``."""
    out = []
    for n in range(users):
        name, urls = LOAD_USERS[n % len(LOAD_USERS)]
        out.append(
            {
                "role": name,
                "session": session_key(client_for(name)),
                "urls": [_url(url_name, query) for url_name, query in urls],
            }
        )
    return out


def warm_load_pages(base: str, sessions: list[dict[str, Any]], concurrency: int) -> None:
    """Every page of the load mix, served by every worker once, as in a portal that has been
    running: the test measures the steady state, not each worker's first request."""
    import requests
    from django.conf import settings

    seen: set[tuple[str, str]] = set()
    for mine in sessions:
        for url in mine["urls"]:
            if (mine["role"], url) in seen:
                continue
            seen.add((mine["role"], url))
            http = requests.Session()
            http.cookies.set(settings.SESSION_COOKIE_NAME, mine["session"])
            warm_every_worker(lambda h=http, u=url: h.get(base + u, timeout=120), concurrency)


def load(
    base: str, locust: str, users: int, seconds: int, think: float, concurrency: int = 1
) -> dict[str, Any]:
    """locust headless against ``base``: ``users`` users, each with its own session, waiting
    ``think`` seconds on average between pages (0: saturation), after every page of the mix
    has been served by each of the ``concurrency`` workers. Also returns the five slowest pages
    by their 95th percentile."""
    from django.conf import settings

    with tempfile.TemporaryDirectory() as tmp:
        sessions = Path(tmp) / "sessions.json"
        mix = load_sessions(users)
        warm_load_pages(base, mix, concurrency)
        sessions.write_text(json.dumps(mix))
        began = time.perf_counter()
        done = subprocess.run(
            [
                locust,
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 5)),
                "--run-time",
                f"{seconds}s",
                "--host",
                base,
                "--csv",
                f"{tmp}/load",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "KC_BENCH_SESSIONS": str(sessions),
                "KC_BENCH_SESSION_COOKIE": settings.SESSION_COOKIE_NAME,
                "KC_BENCH_THINK": str(think),
            },
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - began
        stats = Path(f"{tmp}/load_stats.csv")
        if not stats.exists():
            raise RuntimeError(f"locust wrote no statistics: {done.stderr[-3000:]}")
        with stats.open(newline="") as handle:
            rows = {r["Name"]: r for r in csv.DictReader(handle)}
        row = rows.pop("Aggregated")
        slowest = sorted(rows.values(), key=lambda r: -float(r["95%"]))[:5]
    return {
        "slowest": [(r["Name"], float(r["50%"]) / 1000, float(r["95%"]) / 1000) for r in slowest],
        "users": users,
        "think": think,
        "seconds": wall,
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]) / 1000,
        "p95": float(row["95%"]) / 1000,
    }
