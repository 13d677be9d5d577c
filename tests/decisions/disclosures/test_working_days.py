import datetime

import pytest

from decisions.domain.working_days import add_working_days, working_days_between

D = datetime.date
pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("start", "days", "expected"), [
    (D(2027, 1, 4), 5, D(2027, 1, 11)),   # Monday + 5 → next Monday
    (D(2027, 1, 8), 1, D(2027, 1, 11)),   # Friday + 1 → Monday, across the weekend
    (D(2027, 1, 7), 3, D(2027, 1, 12)),   # Thursday + 3 → Tuesday
    (D(2027, 1, 9), 1, D(2027, 1, 11)),   # Saturday + 1 → Monday
    (D(2027, 1, 10), 5, D(2027, 1, 15)),  # Sunday + 5 → Friday
    (D(2027, 1, 8), 10, D(2027, 1, 22)),  # two weekends
    (D(2027, 1, 8), 0, D(2027, 1, 8)),
])
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2027, 1, 4), -1)


@pytest.mark.parametrize(("first", "last", "expected"), [
    (D(2027, 1, 4), D(2027, 1, 8), 5), (D(2027, 1, 8), D(2027, 1, 11), 2), (D(2027, 1, 9), D(2027, 1, 10), 0),
    (D(2027, 1, 4), D(2027, 1, 31), 20), (D(2027, 1, 11), D(2027, 1, 4), 0), (D(2027, 1, 6), D(2027, 1, 6), 1),
])
def test_working_days_between_counts_both_ends(first, last, expected):
    assert working_days_between(first, last) == expected
