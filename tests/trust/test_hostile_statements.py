"""Hostile Finance statements (issue 8): generated CSV and XLSX content either imports or is
refused with the statement's message, never a crash, never a half import."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from budgets.models import StatementImport, StatementLine
from budgets.statements import StatementError, statement_import
from khuyencong.models import AuditLog
from tests.factories_budget import DisbursementFactory
from tests.trust.hostile import dates, numbers, texts

HEADER = ["Mã hồ sơ", "Số chứng từ", "Ngày chứng từ", "Số tiền"]
cells = st.one_of(texts, numbers, dates)
rows = st.lists(st.lists(cells, min_size=0, max_size=6), min_size=0, max_size=8)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _csv(header: list[str], body: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _xlsx(header: list[str], body: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [header, *body]:
        sheet.append([_xlsx_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value: str) -> str:
    # openpyxl itself refuses control characters; the hostile part is the value, not them.
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")[:32000]


def _import(world, name: str, content: bytes) -> None:
    before = (StatementImport.objects.count(), StatementLine.objects.count())
    audit = AuditLog.objects.count()
    try:
        statement_import(
            plan_year=2027, file_name=name, content=content, actor=world.users["finance"]
        )
    except StatementError as refused:
        assert refused.message and isinstance(refused.errors, list)
        assert (StatementImport.objects.count(), StatementLine.objects.count()) == before
        assert AuditLog.objects.count() == audit
    else:
        assert StatementImport.objects.count() == before[0] + 1
        assert AuditLog.objects.count() == audit + 1


@pytest.mark.django_db
def test_hostile_csv_statements(world):
    DisbursementFactory(voucher_number="UNC-0001")

    @SETTINGS
    @given(header=st.one_of(st.just(HEADER), st.lists(texts, max_size=5)), body=rows)
    def run(header, body):
        _import(world, "bang-ke.csv", _csv(header, body))

    run()


@pytest.mark.django_db
def test_hostile_xlsx_statements(world):
    @SETTINGS
    @given(body=rows)
    def run(body):
        _import(world, "bang-ke.xlsx", _xlsx(HEADER, body))

    run()


@pytest.mark.django_db
def test_random_bytes_are_refused(world):
    @SETTINGS
    @given(content=st.binary(max_size=4096), name=st.sampled_from(["a.csv", "a.xlsx", "a.pdf"]))
    def run(content, name):
        _import(world, name, content)

    run()
