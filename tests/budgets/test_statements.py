import datetime as dt
import io

import pytest
from openpyxl import Workbook

from budgets.models import StatementImport, StatementLine
from budgets.statements import StatementError, parse_statement, statement_import
from khuyencong.models import AuditLog
from tests.factories_budget import AllocationFactory, DisbursementFactory

HEADER = "Mã hồ sơ,Số chứng từ,Ngày chứng từ,Số tiền\n"


def csv_bytes(*lines: str, bom: bool = False, header: str = HEADER) -> bytes:
    text = header + "".join(f"{line}\n" for line in lines)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(name: str, content: bytes) -> list[str]:
    with pytest.raises(StatementError) as exc:
        parse_statement(name, content)
    return exc.value.errors


@pytest.fixture
def recorded(db):
    """Three recorded payments of two proposals in 2027."""
    a = AllocationFactory(proposal__code="KC-2027-0001")
    b = AllocationFactory(proposal__code="KC-2027-0002", appropriation=a.appropriation)
    return {
        "matched": DisbursementFactory(allocation=a, voucher_number="UNC-1", amount=100_000_000),
        "differs": DisbursementFactory(allocation=a, voucher_number="UNC-2", amount=50_000_000),
        "missing": DisbursementFactory(allocation=b, voucher_number="UNC-3", amount=70_000_000),
        "a": a,
    }


def test_it_reads_csv_with_or_without_bom_and_both_date_forms():
    for bom in (False, True):
        lines = parse_statement(
            "bk.csv",
            csv_bytes(
                "KC-2027-0001,UNC-1,05/03/2027,100000000",
                'KC-2027-0001,UNC-2,2027-03-06,"1.250.000"',
                bom=bom,
            ),
        )
        assert [(line.line_number, line.voucher_date, line.amount) for line in lines] == [
            (2, dt.date(2027, 3, 5), 100_000_000),
            (3, dt.date(2027, 3, 6), 1_250_000),
        ]


def test_it_reads_xlsx_with_native_dates_and_numbers():
    content = xlsx_bytes(
        [
            ["Mã hồ sơ", "Số chứng từ", "Ngày", "Số tiền"],
            ["KC-2027-0001", "UNC-1", dt.datetime(2027, 3, 5), 100_000_000],
            ["KC-2027-0001", "UNC-2", "06/03/2027", 999_999_999_999],
        ]
    )
    lines = parse_statement("bk.xlsx", content)
    assert lines[1].amount == 999_999_999_999 and lines[0].voucher_date == dt.date(2027, 3, 5)


def test_it_matches_every_outcome(recorded, finance):
    content = csv_bytes(
        "KC-2027-0001,UNC-1,05/03/2027,100000000",
        "KC-2027-0001,UNC-2,06/03/2027,55000000",
        "KC-2099-0001,UNC-9,07/03/2027,1000",
        "KC-2027-0001,UNC-77,08/03/2027,2000",
    )
    statement = statement_import(plan_year=2027, file_name="bk.csv", content=content, actor=finance)
    outcomes = {
        (line.line_number, line.voucher_number): line.outcome for line in statement.lines.all()
    }
    assert outcomes == {
        (2, "UNC-1"): "matched",
        (3, "UNC-2"): "amount_differs",
        (4, "UNC-9"): "unknown_dossier",
        (5, "UNC-77"): "not_recorded",
        (None, "UNC-3"): "missing",
    }
    differs = statement.lines.get(voucher_number="UNC-2")
    assert (differs.amount, differs.recorded_amount) == (55_000_000, 50_000_000)
    row = AuditLog.objects.for_object(statement).get(action="statement.import")
    assert row.after["lines"] == 4 and row.after["outcomes"]["missing"] == 1


def test_refused_payments_are_not_expected_on_the_statement(recorded, finance):
    DisbursementFactory(allocation=recorded["a"], voucher_number="UNC-X", status="refused")
    statement = statement_import(
        plan_year=2027,
        file_name="bk.csv",
        content=csv_bytes("KC-2027-0001,UNC-1,05/03/2027,100000000"),
        actor=finance,
    )
    assert not statement.lines.filter(voucher_number="UNC-X").exists()


def test_a_recovery_matches_only_a_negative_line_of_its_amount(recorded, finance):
    """Money returned to the budget (thu hồi tạm ứng) is negative on Finance's statement: a
    positive line with the recovery's voucher is a payment the DIT did not record as such."""
    DisbursementFactory(
        allocation=recorded["a"], kind="recovery", voucher_number="THU-1", amount=20_000_000
    )
    DisbursementFactory(
        allocation=recorded["a"], kind="recovery", voucher_number="THU-2", amount=30_000_000
    )
    DisbursementFactory(
        allocation=recorded["a"], kind="recovery", voucher_number="THU-3", amount=40_000_000
    )
    statement = statement_import(
        plan_year=2027,
        file_name="bk.csv",
        content=csv_bytes(
            "KC-2027-0001,THU-1,05/03/2027,-20.000.000",
            'KC-2027-0001,THU-2,05/03/2027,"(30.000.000)"',
            "KC-2027-0001,THU-3,05/03/2027,40.000.000",
        ),
        actor=finance,
    )
    rows = {
        line.voucher_number: (line.amount, line.recorded_amount, line.outcome)
        for line in statement.lines.filter(voucher_number__startswith="THU")
    }
    assert rows == {
        "THU-1": (-20_000_000, -20_000_000, "matched"),
        "THU-2": (-30_000_000, -30_000_000, "matched"),
        "THU-3": (40_000_000, -40_000_000, "amount_differs"),
    }


def test_a_recovery_missing_from_the_statement_is_listed_negative(recorded, finance):
    DisbursementFactory(
        allocation=recorded["a"], kind="recovery", voucher_number="THU-9", amount=15_000_000
    )
    statement = statement_import(
        plan_year=2027,
        file_name="bk.csv",
        content=csv_bytes("KC-2027-0001,UNC-1,05/03/2027,100000000"),
        actor=finance,
    )
    line = statement.lines.get(voucher_number="THU-9")
    assert (line.line_number, line.amount, line.recorded_amount, line.outcome) == (
        None,
        None,
        -15_000_000,
        "missing",
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bk.csv", b"", "Dòng 1: tệp rỗng."),
        ("bk.csv", b"\n\n", "Dòng 1: tệp rỗng."),
        ("bk.csv", csv_bytes(), "Dòng 2: bảng kê không có dòng dữ liệu."),
        (
            "bk.csv",
            csv_bytes("KC-1,UNC-1,100", header="Mã hồ sơ,Số chứng từ,Số tiền\n"),
            "Dòng 1: thiếu cột ngày chứng từ.",
        ),
        (
            "bk.csv",
            csv_bytes("KC-1,UNC-1,05/03/2027,12abc"),
            "Dòng 2: số tiền “12abc” không phải số nguyên đồng (khoản thu hồi ghi số âm).",
        ),
        (
            "bk.csv",
            csv_bytes("KC-1,UNC-1,05/03/2027,1.5"),
            "Dòng 2: số tiền “1.5” không phải số nguyên đồng (khoản thu hồi ghi số âm).",
        ),
        (
            "bk.csv",
            csv_bytes("KC-1,UNC-1,05/03/2027,--5"),
            "Dòng 2: số tiền “--5” không phải số nguyên đồng (khoản thu hồi ghi số âm).",
        ),
        (
            "bk.csv",
            csv_bytes("KC-1,UNC-1,05/03/2027,5", "KC-1,UNC-2,31/02/2027,5"),
            "Dòng 3: ngày “31/02/2027” không đúng dạng dd/mm/yyyy.",
        ),
        (
            "bk.csv",
            csv_bytes(
                "KC-1,UNC-1,05/03/2027,5", "KC-2,UNC-1,05/03/2027,5", "kc-1,unc-1,05/03/2027,5"
            ),
            "Dòng 4: trùng với dòng 2.",
        ),
        (
            "bk.csv",
            csv_bytes(",UNC-1,05/03/2027,5"),
            "Dòng 2: thiếu mã hồ sơ.",
        ),
        (
            "bk.csv",
            HEADER.encode() + "KC-1,UNC-1,05/03/2027,5\nKC-2,Đ,05/03/2027,5\n".encode("cp1258"),
            "Dòng 3: tệp CSV không phải mã UTF-8.",
        ),
        (
            "bk.xlsx",
            b"PK\x03\x04 not really a zip",
            "Dòng 1: tệp không phải bảng tính Excel (.xlsx) hợp lệ.",
        ),
        (
            "bk.xlsx",
            csv_bytes("KC-1,UNC-1,05/03/2027,5"),
            "Dòng 1: tệp không phải bảng tính Excel (.xlsx) hợp lệ.",
        ),
        ("bk.pdf", b"%PDF-1.4", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
    ],
    ids=[
        "empty",
        "blank-lines",
        "header-only",
        "missing-column",
        "bad-number",
        "fraction",
        "negative",
        "bad-date",
        "duplicate",
        "missing-code",
        "not-utf8",
        "fake-xlsx",
        "csv-named-xlsx",
        "other-type",
    ],
)
def test_a_malformed_file_gets_line_numbered_errors_and_imports_nothing(
    finance, name, content, expected
):
    with pytest.raises(StatementError) as exc:
        statement_import(plan_year=2027, file_name=name, content=content, actor=finance)
    assert expected in exc.value.errors
    assert not StatementImport.objects.exists()
    assert not StatementLine.objects.exists()
    assert not AuditLog.objects.filter(action="statement.import").exists()


def test_it_reports_every_bad_line_not_just_the_first():
    errors = errors_of(
        "bk.csv", csv_bytes("KC-1,UNC-1,x,5", "KC-1,UNC-2,05/03/2027,5", "KC-1,UNC-3,05/03/2027,y")
    )
    assert [e.split(":")[0] for e in errors] == ["Dòng 2", "Dòng 4"]


def test_a_malformed_xlsx_line_is_numbered_as_the_sheet_shows_it():
    content = xlsx_bytes(
        [
            ["Mã hồ sơ", "Số chứng từ", "Ngày", "Số tiền"],
            ["KC-1", "UNC-1", "05/03/2027", 5],
            ["KC-1", "UNC-2", "05/03/2027", 5.5],
        ]
    )
    assert errors_of("bk.xlsx", content) == [
        "Dòng 3: số tiền “5.5” không phải số nguyên đồng (khoản thu hồi ghi số âm)."
    ]


def test_ten_thousand_lines_are_accepted_and_one_more_is_refused(finance):
    lines = [f"KC-2027-9999,UNC-{n},05/03/2027,1000" for n in range(10_000)]
    statement = statement_import(
        plan_year=2027, file_name="bk.csv", content=csv_bytes(*lines), actor=finance
    )
    assert statement.line_count == 10_000
    assert statement.lines.count() == 10_000
    with pytest.raises(StatementError) as exc:
        statement_import(
            plan_year=2027,
            file_name="bk.csv",
            content=csv_bytes(*lines, "KC-2027-9999,UNC-X,05/03/2027,1000"),
            actor=finance,
        )
    assert exc.value.errors == ["Dòng 10002: bảng kê có hơn 10.000 dòng dữ liệu."]
    assert StatementImport.objects.count() == 1


def test_an_xlsx_over_the_line_limit_is_refused():
    rows = [["Mã hồ sơ", "Số chứng từ", "Ngày", "Số tiền"]]
    rows += [["KC-1", f"UNC-{n}", "05/03/2027", 1] for n in range(10_001)]
    assert errors_of("bk.xlsx", xlsx_bytes(rows)) == [
        "Dòng 10002: bảng kê có hơn 10.000 dòng dữ liệu."
    ]


def test_a_csv_with_a_semicolon_delimiter_and_quoted_amounts_is_read():
    content = 'Mã hồ sơ;Số chứng từ;Ngày chứng từ;Số tiền\nKC-1;UNC-1;05/03/2027;"1.000"\n'
    assert parse_statement("bk.csv", content.encode())[0].amount == 1_000
