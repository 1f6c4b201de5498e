"""What the README claims for scaling out, each with code behind it: media on an S3-compatible
store (a real S3 server, moto's, on the loopback) and report reads from a read replica."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from khuyencong.db_router import ReportsReplicaRouter, reading_from_replica
from proposals.models import Proposal
from reports.models import GeneratedDocument, PlanRun
from tests.conftest import requires_postgres
from tests.factories_reports import GeneratedDocumentFactory

BASE_DIR = Path(__file__).resolve().parents[2]
BUCKET = "khuyencong-media"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",  # noqa: S106
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


@pytest.mark.django_db
def test_media_on_an_s3_compatible_store_are_written_there_and_served_by_the_portal(
    s3_server, settings, world, tmp_path
):
    endpoint, client = s3_server
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "addressing_style": "path",
            },
        },
    }
    owner = world.users["dit"]
    document = GeneratedDocumentFactory(owner=owner, status="done", filename="bao-cao.pdf")
    document.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 on S3"), save=True)

    keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [document.file.name]
    grants = client.get_object_acl(Bucket=BUCKET, Key=keys[0])["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)  # private
    assert not (tmp_path / "media").exists()  # nothing on the local disk

    http = Client()
    http.force_login(owner)
    response = http.get(reverse("reports:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 on S3"
    outsider = Client()
    outsider.force_login(world.users["facility"])
    assert outsider.get(reverse("reports:document_download", args=[document.pk])).status_code == 404


def test_the_router_sends_only_report_reads_to_the_replica_and_only_when_asked():
    router = ReportsReplicaRouter()
    assert router.db_for_read(Proposal) is None  # the workflow reads its own writes
    with reading_from_replica():
        assert router.db_for_read(Proposal) == "replica"
        assert router.db_for_read(PlanRun) == "replica"
        assert router.db_for_write(GeneratedDocument) == "default"
    assert router.db_for_read(PlanRun) is None
    assert router.allow_migrate("replica", "reports") is False
    assert router.allow_migrate("default", "reports") is True


def test_on_sqlite_or_without_a_replica_there_is_no_router(settings):
    assert "replica" not in settings.DATABASES
    assert getattr(settings, "DATABASE_ROUTERS", []) == []


def _db_url(name: str) -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


REPLICA_PROBE = """
from django.db import connections
from khuyencong.db_router import reading_from_replica
from khuyencong.models import Locality
primary = Locality.objects.count()
with reading_from_replica():
    replica = Locality.objects.count()
print(primary > 0, replica, connections["replica"].settings_dict["NAME"])
"""


@requires_postgres
def test_document_reads_go_to_the_replica_when_one_is_configured(tmp_path):
    suffix = uuid.uuid4().hex[:8]
    primary, replica = f"kc_primary_{suffix}", f"kc_replica_{suffix}"
    with psycopg.connect(_db_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{primary}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
        "DJANGO_ENV": "test",
        "DATABASE_URL": _db_url(primary),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=600,
        )
        with psycopg.connect(_db_url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{primary}"')
        # The replica is told apart: it lost the localities the primary holds.
        with psycopg.connect(_db_url(replica), autocommit=True) as conn:
            conn.execute("TRUNCATE khuyencong_locality CASCADE")
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", REPLICA_PROBE],
            cwd=BASE_DIR,
            env={**env, "DATABASE_REPLICA_URL": _db_url(replica)},
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout.split()
        assert out == ["True", "0", replica]
    finally:
        with psycopg.connect(_db_url("postgres"), autocommit=True) as admin:
            for name in (replica, primary):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
