import datetime as dt

import pytest

from khuyencong.holidays import holiday_dates
from khuyencong.lib.workdays import add_working_days, is_working_day, working_days_between
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
