"""One normaliser (issue 14, item 1): NFC for everything stored, folded forms for search."""

from __future__ import annotations

import unicodedata

import pytest
from django import forms
from django.db import connection

from khuyencong.lib.text import dossier_code, fold, nfc
from tests.factories import FacilityFactory, UserFactory

NFD_NAME = unicodedata.normalize("NFD", "Cơ sở chế biến Hoàng Long")


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Máy SẤY nông sản", "may say nong san"),
        (unicodedata.normalize("NFD", "Máy SẤY nông sản"), "may say nong san"),
        ("Đồng Tháp", "dong thap"),
        ("đường", "duong"),
        ("Hòa  Bình\t", "hoa binh"),
        ("Hoà Bình", "hoa binh"),
        ("Thuỷ sản", "thuy san"),
        ("ỹ Ữ ợ", "y u o"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_marks_reads_d_lowers_and_collapses_blanks(typed, folded):
    assert fold(typed) == folded


def test_nfc_composes_and_leaves_ascii_and_non_text_alone():
    assert nfc(NFD_NAME) == "Cơ sở chế biến Hoàng Long"
    assert len(nfc(NFD_NAME)) == 25 and len(NFD_NAME) == 33  # ơ ở ế ế à: 8 marks
    assert nfc("KC-2026-0001") == "KC-2026-0001"
    assert nfc(None) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("kc-2026-0042", "KC-2026-0042"),
        (" KC - 2026-0042 ", "KC-2026-0042"),
        ("ＫＣ", "KC"),
        ("", ""),
    ],
)
def test_a_dossier_code_is_stored_upper_case_without_blanks(typed, code):
    assert dossier_code(typed) == code


@pytest.mark.django_db
def test_every_text_saved_is_nfc_whatever_the_way_in():
    facility = FacilityFactory(name=NFD_NAME, address=unicodedata.normalize("NFD", "Ấp Mỹ Hòa"))
    facility.refresh_from_db()
    assert facility.name == "Cơ sở chế biến Hoàng Long"
    assert facility.address == "Ấp Mỹ Hòa"
    user = UserFactory(username="nfd", first_name=unicodedata.normalize("NFD", "Lê Thị Ánh"))
    user.refresh_from_db()
    assert user.first_name == "Lê Thị Ánh"


def test_every_form_text_field_returns_nfc_but_passwords_stay_as_typed():
    assert forms.CharField().clean(NFD_NAME) == "Cơ sở chế biến Hoàng Long"
    secret = unicodedata.normalize("NFD", "Mật khẩu")
    assert forms.CharField(widget=forms.PasswordInput).clean(secret) == secret


@pytest.mark.django_db
def test_the_database_folds_like_python_on_sqlite_and_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kc_unaccent(%s), kc_unaccent(%s), kc_unaccent(NULL)",
            ["Máy SẤY Đồng Tháp", unicodedata.normalize("NFD", "Hoàng Long ĐỨC")],
        )
        assert cursor.fetchone() == ("may say dong thap", "hoang long duc", None)
