"""National reference data the app ships with: the base salary (lương cơ sở) and its effective dates.

Reward money is a multiple of the base salary priced at the decision date, so past decisions need the figures
of their time. The migration seeds them; the demo loader and tests seed them again (idempotently) because a
database flush (a transactional test, `flush`) removes rows that migrations wrote.
"""
from datetime import date
from decimal import Decimal

BASE_SALARIES = [
    (date(2016, 5, 1), Decimal("1210000"), "Nghị định 47/2016/NĐ-CP"),
    (date(2017, 7, 1), Decimal("1300000"), "Nghị định 47/2017/NĐ-CP"),
    (date(2018, 7, 1), Decimal("1390000"), "Nghị định 72/2018/NĐ-CP"),
    (date(2019, 7, 1), Decimal("1490000"), "Nghị định 38/2019/NĐ-CP"),
    (date(2023, 7, 1), Decimal("1800000"), "Nghị định 24/2023/NĐ-CP"),
    (date(2024, 7, 1), Decimal("2340000"), "Nghị định 73/2024/NĐ-CP"),
]


def seed_base_salaries(base_salary_model):
    """Adds the figures that are missing; a figure someone already entered for a date is kept."""
    for valid_from, amount, basis in BASE_SALARIES:
        base_salary_model.objects.get_or_create(valid_from=valid_from,
                                                defaults={"amount": amount, "legal_basis": basis})
