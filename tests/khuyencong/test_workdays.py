import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings

from khuyencong.holidays import holiday_dates, work_calendar
from khuyencong.lib.workdays import (
    WorkCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)
from khuyencong.models import Holiday

D = dt.date


def test_weekends_are_not_working_days():
    assert is_working_day(D(2026, 3, 6))  # Friday
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday


def test_adding_working_days_skips_the_weekend():
    # Thursday + 2 working days = Monday.
    assert add_working_days(D(2026, 3, 5), 2) == D(2026, 3, 9)
    # Friday + 10 working days = the Friday two weeks later.
    assert add_working_days(D(2026, 3, 6), 10) == D(2026, 3, 20)


def test_adding_zero_days_moves_a_weekend_start_to_monday():
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 4), 0) == D(2026, 3, 4)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 4), -1)


@pytest.mark.django_db
def test_tet_2026_is_skipped():
    holidays = holiday_dates()
    # Tết Bính Ngọ: offices close Saturday 14/02 to Sunday 22/02/2026.
    for day in range(16, 21):
        assert not is_working_day(D(2026, 2, day), holidays)
    # Friday 13/02 + 1 working day = Monday 23/02, after the whole Tết break.
    assert add_working_days(D(2026, 2, 13), 1, holidays) == D(2026, 2, 23)
    # A 10-day step started on Tuesday 10/02: 11-13/02, 23-27/02, 2-3/03 -> 03/03.
    assert add_working_days(D(2026, 2, 10), 10, holidays) == D(2026, 3, 3)
    assert add_working_days(D(2026, 2, 10), 10) == D(2026, 2, 24)


@pytest.mark.django_db
def test_reunification_labour_day_and_national_day_are_skipped():
    holidays = holiday_dates()
    # 30/4 and 1/5/2026 are Thursday and Friday: Wednesday + 1 = Monday 4/5.
    assert add_working_days(D(2026, 4, 29), 1, holidays) == D(2026, 5, 4)
    # Hùng Kings' day 2026 falls on a Sunday: Monday 27/4 is the day off in lieu.
    assert not is_working_day(D(2026, 4, 27), holidays)
    # National day 2025: Monday 1/9 and Tuesday 2/9 off.
    assert add_working_days(D(2025, 8, 29), 1, holidays) == D(2025, 9, 3)
    # New Year's day 2027 is a Friday.
    assert add_working_days(D(2026, 12, 31), 1, holidays) == D(2027, 1, 4)


@pytest.mark.django_db
def test_holidays_are_data_an_admin_can_add():
    Holiday.objects.create(date=D(2026, 6, 10), name="Ngày nghỉ thử")
    assert add_working_days(D(2026, 6, 9), 1, holiday_dates()) == D(2026, 6, 11)


@pytest.mark.django_db
def test_counting_working_days_between_dates():
    holidays = holiday_dates()
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1  # Fri -> Mon
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 6)) == -1
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    # Two full weeks around Tết 2026 hold only 5 working days.
    assert working_days_between(D(2026, 2, 8), D(2026, 2, 22), holidays) == 5
    assert working_days_between(D(2026, 2, 8), D(2026, 2, 22)) == 10


@pytest.mark.django_db
def test_the_seed_covers_2025_to_2027():
    years = {d.year for d in holiday_dates()}
    assert years == {2025, 2026, 2027}
    assert D(2025, 1, 1) in holiday_dates() and D(2027, 9, 2) in holiday_dates()


# --- the official calendar of ../shared/realworld/calendar.json, with make-up working days ---

REALWORLD = Path(settings.BASE_DIR).parent / "shared" / "realworld"


def realworld_calendar() -> dict:
    return json.loads((REALWORLD / "calendar.json").read_text(encoding="utf-8"))


@pytest.mark.django_db
@pytest.mark.parametrize("case", realworld_calendar()["days"], ids=lambda c: c["date"])
def test_the_official_days_are_working_or_not_as_announced(case):
    calendar = work_calendar()
    day = dt.date.fromisoformat(case["date"])
    assert is_working_day(day, calendar) is case["working"], case["source"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", realworld_calendar()["working_days"], ids=lambda c: c["from"])
def test_the_official_working_day_arithmetic(case):
    start = dt.date.fromisoformat(case["from"])
    expected = dt.date.fromisoformat(case["gives"])
    assert add_working_days(start, case["add"], work_calendar()) == expected


@pytest.mark.django_db
def test_the_2026_new_year_swap_moves_a_deadline_and_its_saturday_counts():
    calendar = work_calendar()
    # Friday 2/1/2026 is off, swapped with Saturday 10/1/2026, a make-up working day.
    assert add_working_days(D(2025, 12, 31), 1, calendar) == D(2026, 1, 5)
    assert add_working_days(D(2026, 1, 9), 1, calendar) == D(2026, 1, 10)
    # Mon 5 .. Sat 10 January: six working days, the Saturday included.
    assert working_days_between(D(2026, 1, 4), D(2026, 1, 10), calendar) == 6
    make_up = Holiday.objects.get(date=D(2026, 1, 10))
    assert make_up.kind == Holiday.Kind.MAKE_UP
    assert "12729/VPCP-KGVX" in make_up.source


@pytest.mark.django_db
def test_every_seeded_day_names_its_source_and_2027_is_provisional():
    assert not Holiday.objects.filter(source="").exists()
    assert set(
        Holiday.objects.filter(date__year=2027).values_list("provisional", flat=True)
    ) == {True}
    assert not Holiday.objects.filter(date__year=2026, date__month=2, provisional=True).exists()
    assert "9441/TB-BNV" in Holiday.objects.get(date=D(2026, 2, 16)).source


@pytest.mark.django_db
def test_a_make_up_day_an_admin_adds_shortens_a_deadline():
    calendar_before = work_calendar()
    assert add_working_days(D(2026, 6, 12), 1, calendar_before) == D(2026, 6, 15)
    Holiday.objects.create(
        date=D(2026, 6, 13), name="Làm bù thử", kind=Holiday.Kind.MAKE_UP, source="Thử"
    )
    assert add_working_days(D(2026, 6, 12), 1, work_calendar()) == D(2026, 6, 13)


@pytest.mark.django_db
def test_the_calendar_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = work_calendar()
    with django_assert_num_queries(0):
        for start in range(1, 200):
            add_working_days(D(2026, 1, 1) + dt.timedelta(days=start), 20, calendar)


def test_the_arithmetic_does_not_walk_day_by_day():
    calendar = WorkCalendar([D(2026, 1, 1)])
    # Ten thousand working days ahead is two binary searches over a precomputed list.
    assert add_working_days(D(2026, 1, 1), 10_000, calendar).year > 2060
    assert working_days_between(D(2026, 1, 1), D(2026, 1, 9), calendar) == 6
