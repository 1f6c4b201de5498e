"""Finance statements: parse an uploaded .xlsx or .csv and match it to recorded disbursements.

A file is read completely and checked before anything is written: any error in any line refuses
the whole file with line-numbered messages (the header is line 1, as a spreadsheet shows it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import Disbursement, StatementImport, StatementLine
from khuyencong import audit
from khuyencong.exceptions import ServiceError
from khuyencong.lib.money import MAX_VND, format_vnd, parse_vnd
from khuyencong.models import User
from proposals.models import Proposal
from proposals.uploads import zip_too_large

MAX_LINES = 10_000
MAX_ERRORS = 50

COLUMNS = {
    "dossier_code": ("ma ho so", "dossier code", "ma_ho_so", "dossier_code", "code"),
    "voucher_number": (
        "so chung tu",
        "voucher number",
        "voucher",
        "so_chung_tu",
        "voucher_number",
    ),
    "voucher_date": ("ngay chung tu", "ngay", "date", "voucher date", "ngay_chung_tu"),
    "amount": ("so tien", "amount", "so_tien", "so tien (dong)"),
}
COLUMN_LABELS = {
    "dossier_code": "mã hồ sơ",
    "voucher_number": "số chứng từ",
    "voucher_date": "ngày chứng từ",
    "amount": "số tiền",
}


class StatementError(ServiceError):
    """The file was refused; ``errors`` lists every problem found, with its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(_("Tệp không hợp lệ, không có dòng nào được nhập."))
        self.errors = errors


@dataclass(frozen=True)
class ParsedLine:
    line_number: int
    dossier_code: str
    voucher_number: str
    voucher_date: dt.date
    amount: int


def _normalise(header: object) -> str:
    text = unicodedata.normalize("NFD", str(header or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().replace("\ufeff", "").split())


MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (Excel, Word)


def parse_amount(value: object) -> int:
    """A statement cell as signed whole VND.

    A payment out of the budget (tạm ứng, thanh toán) is positive; money returned to it (thu hồi
    tạm ứng) is negative, written as a negative number cell, with a leading minus sign
    (``-5.000.000``) or in the accounting form ``(5.000.000)``. The digits are read by
    ``parse_vnd``, the portal's one money reader.

    Raises ``ValueError`` for anything else (a fraction, zero, other digits, empty, beyond
    ``MAX_VND``).
    """
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        amount = int(value)
    else:
        text = str(value or "").strip()
        sign = 1
        if len(text) > 2 and text[0] == "(" and text[-1] == ")":
            sign, text = -1, text[1:-1].strip()
        elif text[:1] in MINUS_SIGNS:
            sign, text = -1, text[1:].strip()
        if text[:1] in MINUS_SIGNS or text[:1] in "(+":
            raise ValueError
        amount = sign * parse_vnd(text)
    if amount == 0 or abs(amount) > MAX_VND:
        raise ValueError
    return amount


def signed_amount(disbursement: Disbursement) -> int:
    """The disbursement as the statement shows it, in VND: a recovery negative."""
    if disbursement.kind == Disbursement.Kind.RECOVERY:
        return -disbursement.amount
    return disbursement.amount


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise StatementError(
            [_("Dòng %(line)s: tệp CSV không phải mã UTF-8.") % {"line": line}]
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error:
        raise StatementError(
            [_("Dòng %(line)s: không đọc được dòng CSV.") % {"line": reader.line_num + 1}]
        ) from None


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    if not content.startswith(b"PK\x03\x04"):
        raise StatementError([_("Dòng 1: tệp không phải bảng tính Excel (.xlsx) hợp lệ.")])
    invalid = StatementError([_("Dòng 1: tệp không phải bảng tính Excel (.xlsx) hợp lệ.")])
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if zip_too_large(archive.infolist()):  # a zip bomb: it would fill the memory
                raise StatementError(
                    [_("Dòng 1: tệp Excel giải nén ra quá lớn, không thể là một bảng kê.")]
                )
    except zipfile.BadZipFile:
        raise invalid from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged archive
        raise invalid from None
    # Read lazily, so a sheet far beyond the line limit is refused without loading it whole.
    number = 0
    try:
        for number, row in enumerate(rows, start=1):  # noqa: B007
            yield number, list(row)
    except StatementError:
        raise
    except Exception:
        raise StatementError(
            [_("Dòng %(line)s: không đọc được dòng của bảng tính.") % {"line": number + 1}]
        ) from None
    finally:
        workbook.close()


def parse_statement(file_name: str, content: bytes) -> list[ParsedLine]:
    """Every line of the file, or ``StatementError`` with every problem found."""
    name = file_name.lower()
    if not content:
        raise StatementError([_("Dòng 1: tệp rỗng.")])
    if name.endswith(".csv"):
        rows = _csv_rows(content)
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    else:
        raise StatementError([_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")])

    def blank(row: list[Any]) -> bool:
        return all(cell is None or str(cell).strip() == "" for cell in row)

    header: list[Any] | None = None
    header_line = 1
    data: list[tuple[int, list[Any]]] = []
    for number, row in rows:
        if blank(row):
            continue
        if header is None:
            header, header_line = row, number
            continue
        data.append((number, row))
        if len(data) > MAX_LINES:
            raise StatementError(
                [
                    _("Dòng %(line)s: bảng kê có hơn %(max)s dòng dữ liệu.")
                    % {"line": number, "max": format_vnd(MAX_LINES, suffix=False)}
                ]
            )
    if header is None:
        raise StatementError([_("Dòng 1: tệp rỗng.")])
    positions: dict[str, int] = {}
    normalised = [_normalise(h) for h in header]
    for key, aliases in COLUMNS.items():
        for index, title in enumerate(normalised):
            if title in aliases:
                positions[key] = index
                break
    missing = [COLUMN_LABELS[k] for k in COLUMNS if k not in positions]
    if missing:
        raise StatementError(
            [
                _("Dòng %(line)s: thiếu cột %(columns)s.")
                % {"line": header_line, "columns": ", ".join(missing)}
            ]
        )
    if not data:
        raise StatementError(
            [_("Dòng %(line)s: bảng kê không có dòng dữ liệu.") % {"line": header_line + 1}]
        )

    errors: list[str] = []
    parsed: list[ParsedLine] = []
    seen: dict[tuple[str, str], int] = {}

    def cell(row: list[Any], key: str) -> Any:
        index = positions[key]
        return row[index] if index < len(row) else None

    for number, row in data:
        code = str(cell(row, "dossier_code") or "").strip()
        voucher = str(cell(row, "voucher_number") or "").strip()
        problems = []
        if not code:
            problems.append(_("thiếu mã hồ sơ"))
        if not voucher:
            problems.append(_("thiếu số chứng từ"))
        try:
            day = parse_date(cell(row, "voucher_date"))
        except ValueError:
            problems.append(
                _("ngày “%(value)s” không đúng dạng dd/mm/yyyy")
                % {"value": cell(row, "voucher_date") or ""}
            )
        try:
            amount = parse_amount(cell(row, "amount"))
        except ValueError:
            problems.append(
                _(
                    "số tiền “%(value)s” không phải số nguyên đồng (khoản thu hồi ghi số âm)"
                )
                % {"value": cell(row, "amount") or ""}
            )
        key = (code.upper(), voucher.upper())
        if code and voucher and key in seen:
            problems.append(_("trùng với dòng %(other)s") % {"other": seen[key]})
        elif code and voucher:
            seen[key] = number
        if problems:
            errors.append(
                _("Dòng %(line)s: %(problems)s.")
                % {"line": number, "problems": "; ".join(problems)}
            )
        else:
            parsed.append(ParsedLine(number, code, voucher, day, amount))
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [
                _("… và %(n)s lỗi khác.") % {"n": len(errors) - MAX_ERRORS}
            ]
        raise StatementError(errors)
    return parsed


def match_lines(plan_year: int, lines: list[ParsedLine]) -> list[StatementLine]:
    """Unsaved result lines: one per statement line, plus one per recorded payment it lacks.

    Recorded payments are the disbursements of the plan year that Finance has not refused; a
    recovery (thu hồi tạm ứng) is compared as a negative amount, so a recovery never matches a
    payment line of the same voucher number and amount.
    """
    recorded = {
        (d.allocation.proposal.code.upper(), d.voucher_number.upper()): d
        for d in Disbursement.objects.counting()
        .filter(allocation__appropriation__plan_year=plan_year)
        .select_related("allocation__proposal")
    }
    known_codes = {
        code.upper()
        for code in Proposal.objects.filter(code__isnull=False).values_list("code", flat=True)
        if code
    }
    results: list[StatementLine] = []
    used: set[tuple[str, str]] = set()
    for line in lines:
        key = (line.dossier_code.upper(), line.voucher_number.upper())
        disbursement = recorded.get(key)
        if disbursement is not None:
            used.add(key)
            outcome = (
                StatementLine.Outcome.MATCHED
                if signed_amount(disbursement) == line.amount
                else StatementLine.Outcome.AMOUNT_DIFFERS
            )
        elif key[0] not in known_codes:
            outcome = StatementLine.Outcome.UNKNOWN_DOSSIER
        else:
            outcome = StatementLine.Outcome.NOT_RECORDED
        results.append(
            StatementLine(
                line_number=line.line_number,
                dossier_code=line.dossier_code,
                voucher_number=line.voucher_number,
                voucher_date=line.voucher_date,
                amount=line.amount,
                recorded_amount=signed_amount(disbursement) if disbursement else None,
                disbursement=disbursement,
                outcome=outcome,
            )
        )
    for key, disbursement in sorted(recorded.items()):
        if key in used:
            continue
        results.append(
            StatementLine(
                line_number=None,
                dossier_code=disbursement.allocation.proposal.code,
                voucher_number=disbursement.voucher_number,
                voucher_date=disbursement.voucher_date,
                amount=None,
                recorded_amount=signed_amount(disbursement),
                disbursement=disbursement,
                outcome=StatementLine.Outcome.MISSING,
            )
        )
    return results


def statement_import(
    *, plan_year: int, file_name: str, content: bytes, actor: User
) -> StatementImport:
    """Parse, match and store a statement; a malformed file writes nothing."""
    lines = parse_statement(file_name, content)
    with transaction.atomic():
        results = match_lines(plan_year, lines)
        statement = StatementImport.objects.create(
            plan_year=plan_year, file_name=file_name[:255], uploaded_by=actor, line_count=len(lines)
        )
        for result in results:
            result.statement = statement
        StatementLine.objects.bulk_create(results, batch_size=1000)
        counts: dict[str, int] = {}
        for result in results:
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
        audit.record(
            actor=actor,
            action="statement.import",
            obj=statement,
            before=None,
            after={"plan_year": plan_year, "lines": len(lines), "outcomes": counts},
            note=file_name,
        )
    return statement
