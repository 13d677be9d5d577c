"""Working days (Monday to Friday) for the disclosure period. Public holidays are not counted out: the
period is set in working days by the Board, which lengthens it by hand around Tết when it must."""
import datetime

SATURDAY = 5


def is_working_day(day):
    return day.weekday() < SATURDAY


def add_working_days(start, days):
    """The day `days` working days after `start` (a Friday plus one is the next Monday; zero: `start`)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(first, last):
    """How many working days there are from `first` to `last`, both included (0 when `last` is earlier)."""
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days + 1, 7)
    count = weeks * 5
    for offset in range(rest):
        if is_working_day(first + datetime.timedelta(days=weeks * 7 + offset)):
            count += 1
    return count
