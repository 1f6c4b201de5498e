"""The English catalogue is complete, compiled, and actually used by the pages of every area.

The .po file is parsed here with a small reader (no runtime dependency on polib): enough of
the gettext PO format for what ``makemessages`` writes.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"

# %(name)s / %(n)d / %s / %d and %% (python-format), {{ x }} left by blocktranslate.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|%%|\{\{ ?\w+ ?\}\}")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete ``#~`` entries are left out), header included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            # An obsolete entry: drop it together with the comments above it.
            if entry is not None and entry.msgstr:
                finish()
            entry, target = None, None
            continue
        if not line:
            if entry is not None and entry.msgstr:
                finish()
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:
                finish()
            if entry is None:
                entry = Entry(line=number)
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}"
            name, index = target
            if name == "msgstr":
                entry.msgstr[index or 0] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        if keyword in ("msgctxt", "msgid") and entry is not None and entry.msgstr:
            finish()
        if entry is None:
            entry = Entry(line=number)
        plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if plural:
            target = ("msgstr", int(plural.group(1)))
            entry.msgstr[target[1]] = _unquote(rest)
        elif keyword == "msgstr":
            target = ("msgstr", 0)
            entry.msgstr[0] = _unquote(rest)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            target = (keyword, None)
            setattr(entry, keyword, _unquote(rest))
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
    finish()
    return entries


def messages() -> list[Entry]:
    return [e for e in parse_po(PO_FILE) if e.msgid]


def where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid[:70]!r}"


def test_the_po_file_has_the_catalogue():
    entries = messages()
    # makemessages has been run: the catalogue holds the portal's interface, not a stub.
    assert len(entries) > 1000
    ids = {e.msgid for e in entries}
    assert {"Đăng nhập", "Đề án của tôi", "Dự toán được giao", "mã hồ sơ"} <= ids


def test_every_entry_is_translated_and_none_is_fuzzy():
    problems = []
    for entry in messages():
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where(entry)}")
        expected = 2 if entry.msgid_plural else 1
        if len(entry.msgstr) != expected or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {where(entry)}")
    assert not problems, "\n".join(problems)
    # The header is not fuzzy either and declares English plural forms.
    header = parse_po(PO_FILE)[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_translations_keep_every_placeholder():
    problems = []
    for entry in messages():
        sources = [entry.msgid, entry.msgid_plural or entry.msgid]
        for index, text in entry.msgstr.items():
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(f"{where(entry)} -> {text[:70]!r}")
    assert not problems, "\n".join(problems)


def test_translations_are_not_left_in_vietnamese():
    vietnamese = re.compile("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐơưăƠƯĂ]")
    # Proper names and legal document numbers stay as they are (NĐ-CP, Tiếng Việt).
    allowed = re.compile(r"NĐ-CP|Tiếng Việt")
    leftovers = [
        f"{where(e)} -> {text[:70]!r}"
        for e in messages()
        for text in e.msgstr.values()
        if vietnamese.search(allowed.sub("", text))
    ]
    assert not leftovers, "\n".join(leftovers)


def _mo_catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)  # the header
    return catalog


def test_the_compiled_catalogue_holds_every_translation_of_the_po():
    """The committed .mo is compiled from the committed .po (no stale or missing strings)."""
    compiled = _mo_catalog(MO_FILE)
    expected: dict = {}
    for entry in messages():
        if entry.msgid_plural:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text
        else:
            expected[entry.key] = entry.msgstr[0]
    missing = sorted(str(k)[:70] for k in expected if k not in compiled)
    stale = sorted(str(k)[:70] for k in compiled if k not in expected)
    different = sorted(
        str(k)[:70] for k in expected if k in compiled and compiled[k] != expected[k]
    )
    assert not (missing or stale or different), (
        "Run `manage.py compilemessages` and commit django.mo.\n"
        f"missing: {missing[:10]}\nstale: {stale[:10]}\ndifferent: {different[:10]}"
    )


@pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"),
    reason="msgfmt (GNU gettext) is not installed; the .po/.mo comparison above still runs, "
    "and CI installs gettext and runs this test",
)
def test_msgfmt_accepts_the_po_and_compiles_the_committed_mo(tmp_path):
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Bytes may differ between gettext versions (hash table layout): compare the catalogues.
    assert _mo_catalog(fresh) == _mo_catalog(MO_FILE)


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="xgettext (GNU gettext) is not installed; CI installs it and runs this test",
)
def test_the_catalogue_holds_every_string_of_the_sources(tmp_path):
    """makemessages over a copy of the sources adds nothing: no string was left out of
    the catalogue (the entries tests above only see what the .po already holds)."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "var", "media", "staticfiles", "test-artifacts", "__pycache__", "vendor"
        ),
    )
    env = {**os.environ, "DJANGO_ENV": "test"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    problems = [
        f"{'fuzzy' if 'fuzzy' in e.flags else 'missing'}: {e.msgid[:70]!r}"
        for e in parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
        if e.msgid and ("fuzzy" in e.flags or not all(e.msgstr.values()))
    ]
    assert not problems, "run `make messages` and translate:\n" + "\n".join(problems)


def english_client(user=None) -> Client:
    client = Client()
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "url_name", "english", "vietnamese"),
    [
        (None, "login", "Forgot your password?", "Quên mật khẩu?"),
        (
            None,
            "proposals:register",
            "Register a rural industrial facility account",
            "Đăng ký tài khoản cơ sở công nghiệp nông thôn",
        ),
        (None, "proposals:dossier_lookup", "Proposal dossier status lookup", "Tra cứu tình trạng"),
        ("facility", "proposals:my_proposals", "My proposals", "Đề án của tôi"),
        (
            "district",
            "proposals:district_inbox",
            "Proposals awaiting review in the locality",
            "Đề án chờ xem xét của địa bàn",
        ),
        (
            "dit",
            "proposals:dit_intake",
            "Receive proposals forwarded by localities",
            "Tiếp nhận đề án địa phương chuyển lên",
        ),
        ("dit", "budgets:home", "Industrial promotion funding", "Kinh phí khuyến công"),
        (
            "finance",
            "budgets:home",
            "Allocations awaiting Finance Department confirmation",
            "Phân bổ chờ Sở Tài chính xác nhận",
        ),
        ("dit", "reports:index", "Documents and reports", "Văn bản, báo cáo"),
        # The document cards come from the document registry, not from the template.
        ("dit", "reports:index", "Annual industrial promotion plan", "Kế hoạch khuyến công năm"),
        ("facility", "reports:index", "Proposal dossier", "Hồ sơ đề án"),
    ],
)
def test_pages_of_every_area_render_in_english(world, persona, url_name, english, vietnamese):
    user = world.users[persona] if persona else None
    response = english_client(user).get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert english in body
    assert vietnamese not in body
    if user is not None:
        # The shared layout is English too.
        assert "Log out" in body and "Đăng xuất" not in body


def test_vietnamese_stays_the_default_on_the_same_pages(world):
    client = Client()
    client.force_login(world.users["dit"])
    body = client.get(reverse("reports:index")).content.decode()
    assert "Văn bản, báo cáo" in body and "Hồ sơ đề án" in body
    assert "Documents and reports" not in body
