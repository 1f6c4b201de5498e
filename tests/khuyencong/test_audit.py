"""The audit log: one row per call, before/after as JSON, never changed or deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from khuyencong import audit
from khuyencong.models import AuditLog
from tests.conftest import requires_postgres
from tests.factories import DitFactory, FacilityFactory

pytestmark = pytest.mark.django_db


def test_record_writes_one_row_per_call_with_before_and_after():
    actor = DitFactory(username="dit", first_name="Võ Thành Công")
    facility = FacilityFactory(name="Cơ sở gốm")
    before = audit.snapshot(facility, ["status", "name", "created_at", "locality"])
    audit.record(
        actor=actor,
        action="facility.test",
        obj=facility,
        before=before,
        after={"status": "active", "amount": 1_250_000_000, "day": dt.date(2026, 11, 26)},
        note="ghi chú",
    )
    audit.record(actor=actor, action="facility.test", obj=facility)
    assert AuditLog.objects.count() == 2
    row = AuditLog.objects.for_object(facility).first()
    assert row.actor == actor
    assert row.actor_name == "Võ Thành Công"
    assert row.action == "facility.test"
    assert row.object_repr == "Cơ sở gốm"
    assert row.object_id == str(facility.pk)
    assert row.before["status"] == "active"
    assert row.before["locality"] == facility.locality_id
    assert isinstance(row.before["created_at"], str)
    assert row.after == {"status": "active", "amount": 1_250_000_000, "day": "2026-11-26"}
    assert row.note == "ghi chú"


def test_record_without_object_or_actor():
    row = audit.record(actor=None, action="system.nightly")
    assert (row.actor, row.actor_name, row.object_id, row.before) == (None, "", "", None)


def test_rows_cannot_be_changed_through_the_model():
    row = audit.record(actor=None, action="a")
    row.action = "b"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    assert AuditLog.objects.get(pk=row.pk).action == "a"


def test_rows_cannot_be_changed_through_the_queryset():
    audit.record(actor=None, action="a")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(action="a").update(action="b")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get().action == "a"


@requires_postgres
def test_the_database_refuses_raw_updates_and_deletes():
    row = audit.record(actor=None, action="a")
    table = AuditLog._meta.db_table
    for sql in (
        f"UPDATE {table} SET action = 'b' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    assert AuditLog.objects.get(pk=row.pk).action == "a"
