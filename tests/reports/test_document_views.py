"""Documents built by a task: progress, stored file, scoped download, "my documents"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import GeneratedDocument
from reports.services import documents as document_service
from reports.services.documents import document_build
from tests.factories_reports import YEAR, GeneratedDocumentFactory
from tests.reports.conftest import pdf_text


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_requested_document_is_built_stored_and_downloaded_by_its_owner(
    dataset, world, django_capture_on_commit_callbacks
):
    dit = world.users["dit"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(dit).post(
            reverse("reports:document_create"),
            {"kind": "results", "year": YEAR, "format": "pdf"},
        )
    from khuyencong.audit import bump_data_version

    # The build is queued only once the request committed (beside the audit's version bump).
    assert len([c for c in callbacks if c is not bump_data_version]) == 1
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:document_detail", args=[document.pk])
    # Tests run tasks eagerly: the build ran when the request's transaction committed.
    assert document.status == GeneratedDocument.Status.DONE
    assert document.progress == 100
    assert document.owner == dit
    assert document.params == {"year": YEAR}
    assert document.file.name.startswith(f"documents/{dit.pk}/")
    download = client_for(dit).get(reverse("reports:document_download", args=[document.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert "Kết quả thực hiện".upper() in pdf_text(content).upper()
    assert 'filename="bao-cao-ket-qua-2027.pdf"' in download["Content-Disposition"]
    # The owner hears about it in the portal.
    assert dit.notifications.filter(subject__startswith="Văn bản đã sẵn sàng").exists()


@pytest.mark.parametrize("persona", ["leader", "finance", "district", "facility"])
def test_other_users_get_404_for_a_document_they_do_not_own(world, persona):
    document = GeneratedDocumentFactory(owner=world.users["dit"], status="done")
    client = client_for(world.users[persona])
    for name in ("document_detail", "document_progress", "document_download"):
        assert client.get(reverse(f"reports:{name}", args=[document.pk])).status_code == 404


def test_the_build_reports_progress_along_the_way(dataset, world, monkeypatch):
    document = GeneratedDocumentFactory(owner=world.users["dit"], params={"year": YEAR})
    seen = []
    real = document_service._progress

    def spy(document_id, percent):
        real(document_id, percent)
        seen.append(GeneratedDocument.objects.get(pk=document_id).progress)

    monkeypatch.setattr(document_service, "_progress", spy)
    document_build(document_id=document.pk)
    assert seen == [10, 40, 90]
    document.refresh_from_db()
    assert (document.status, document.progress) == ("done", 100)


def test_a_failed_build_is_recorded_with_its_message(world, monkeypatch):
    document = GeneratedDocumentFactory(owner=world.users["dit"])

    def broken(*args, **kwargs):
        raise RuntimeError("Pango exploded")

    monkeypatch.setattr(document_service, "render", broken)
    document_build(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error == "Lỗi hệ thống khi tạo văn bản. Vui lòng thử lại sau."
    assert not document.file
    page = client_for(world.users["dit"]).get(
        reverse("reports:document_progress", args=[document.pk])
    )
    assert "Không tạo được văn bản" in page.content.decode()
    download = client_for(world.users["dit"]).get(
        reverse("reports:document_download", args=[document.pk])
    )
    assert download.status_code == 404


def test_a_document_with_bad_parameters_fails_with_a_clear_message(world):
    document = GeneratedDocumentFactory(
        owner=world.users["dit"], kind="dossier", params={"proposal": 999999}
    )
    document_build(document_id=document.pk)
    document.refresh_from_db()
    assert (document.status, document.error) == ("failed", "Không tìm thấy đề án.")


def test_building_twice_keeps_the_first_file(dataset, world):
    document = GeneratedDocumentFactory(owner=world.users["dit"], format="xlsx")
    document_build(document_id=document.pk)
    document.refresh_from_db()
    first = document.file.name
    document_build(document_id=document.pk)
    document.refresh_from_db()
    assert document.file.name == first


def test_the_progress_partial_polls_until_the_document_is_finished(world):
    document = GeneratedDocumentFactory(owner=world.users["dit"], status="running", progress=40)
    client = client_for(world.users["dit"])
    url = reverse("reports:document_progress", args=[document.pk])
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in running
    assert 'value="40"' in running
    GeneratedDocument.objects.filter(pk=document.pk).update(status="done", progress=100)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert reverse("reports:document_download", args=[document.pk]) in done


def test_the_detail_page_embeds_the_polling_partial(world):
    document = GeneratedDocumentFactory(owner=world.users["dit"], status="queued")
    page = client_for(world.users["dit"]).get(
        reverse("reports:document_detail", args=[document.pk])
    )
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_my_documents_lists_only_mine(world):
    mine = GeneratedDocumentFactory(owner=world.users["dit"], title="Báo cáo của tôi")
    GeneratedDocumentFactory(owner=world.users["leader"], title="Báo cáo của lãnh đạo")
    page = client_for(world.users["dit"]).get(reverse("reports:my_documents")).content.decode()
    assert mine.title in page
    assert "Báo cáo của lãnh đạo" not in page


def test_my_documents_is_empty_at_first(world):
    page = client_for(world.users["dit"]).get(reverse("reports:my_documents")).content.decode()
    assert "Bạn chưa tạo văn bản nào." in page


def test_my_documents_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    dit = world.users["dit"]
    client = client_for(dit)
    GeneratedDocumentFactory.create_batch(2, owner=dit, status="done")
    client.get(reverse("reports:my_documents"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(reverse("reports:my_documents"))
    GeneratedDocumentFactory.create_batch(18, owner=dit, status="done")
    with django_assert_max_num_queries(len(two)):
        response = client.get(reverse("reports:my_documents"))
    assert response.content.decode().count(reverse("reports:my_documents")) >= 1
    assert len(response.context["page"].object_list) == 20


def test_a_dossier_is_served_directly_to_its_facility(dataset, world):
    response = client_for(world.users["facility"]).get(
        reverse("reports:document_direct"),
        {"kind": "dossier", "proposal": dataset["p1"].pk, "format": "pdf"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Máy sấy bánh tráng" in pdf_text(response.content)


def test_a_facility_cannot_print_another_facilitys_dossier(dataset, world):
    response = client_for(world.users["facility_other"]).get(
        reverse("reports:document_direct"),
        {"kind": "dossier", "proposal": dataset["p1"].pk, "format": "pdf"},
    )
    assert response.status_code == 404


def test_a_district_officer_cannot_queue_another_districts_list(world):
    response = client_for(world.users["district_other"]).post(
        reverse("reports:document_create"),
        {"kind": "district-list", "locality": world.l1.pk, "year": YEAR, "format": "pdf"},
    )
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_missing_parameters_answer_400_with_a_message_and_write_nothing(world):
    response = client_for(world.users["dit"]).post(
        reverse("reports:document_create"), {"kind": "results", "format": "pdf"}
    )
    assert response.status_code == 400
    assert "Vui lòng nhập trường này cho văn bản đã chọn." in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_an_unknown_kind_answers_400(world):
    response = client_for(world.users["dit"]).get(
        reverse("reports:document_direct"), {"kind": "secrets", "format": "pdf", "year": YEAR}
    )
    assert response.status_code == 400


def test_the_index_offers_each_role_its_documents(world):
    page = client_for(world.users["facility"]).get(reverse("reports:index")).content.decode()
    assert "Hồ sơ đề án" in page
    assert "Báo cáo đối chiếu kinh phí" not in page
    page = client_for(world.users["finance"]).get(reverse("reports:index")).content.decode()
    assert "Báo cáo đối chiếu kinh phí" in page
    page = client_for(world.users["council"]).get(reverse("reports:index")).content.decode()
    assert "Vai trò của bạn không có văn bản nào để tạo." in page


def test_large_documents_are_not_rendered_in_the_request(world):
    response = client_for(world.users["dit"]).get(
        reverse("reports:document_direct"),
        {"kind": "results", "year": YEAR, "format": "pdf"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("reports:index")
    assert "Văn bản này lớn" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_queued_document_is_titled_in_words(world, django_capture_on_commit_callbacks):
    client_for(world.users["district"]).post(
        reverse("reports:document_create"),
        {"kind": "district-list", "locality": world.l1.pk, "year": YEAR, "format": "xlsx"},
    )
    document = GeneratedDocument.objects.get()
    assert document.title == "Danh sách đề án của địa phương (Huyện Long Hồ, năm 2027)"
    assert document.params == {"locality": world.l1.pk, "year": YEAR}


def test_a_facility_may_print_its_draft_for_signature(world):
    from tests.factories import ProposalFactory

    draft = ProposalFactory(
        facility=world.users["facility"].facility, state="draft", title="Đề án nháp"
    )
    client = client_for(world.users["facility"])
    assert "Đề án nháp" in client.get(reverse("reports:index")).content.decode()
    response = client.get(
        reverse("reports:document_direct"),
        {"kind": "dossier", "proposal": draft.pk, "format": "pdf"},
    )
    assert response.status_code == 200
    assert "(chưa có mã)" in pdf_text(response.content)
    # the district never sees a draft, not even its dossier
    other = client_for(world.users["district"]).get(
        reverse("reports:document_direct"),
        {"kind": "dossier", "proposal": draft.pk, "format": "pdf"},
    )
    assert other.status_code == 404
