"""The base salary is national data: a superuser adds a figure (one per date, amount > 0), audited."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from decisions.domain.money import add_base_salary
from decisions.models import BaseSalary
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration
JULY_2026 = datetime.date(2026, 7, 1)


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_a_superuser_adds_a_base_salary(root):
    salary = add_base_salary(amount=2530000, valid_from=JULY_2026, legal_basis=" Nghị định  thử ", user=root)
    assert (salary.amount, salary.valid_from, salary.legal_basis) == (Decimal("2530000"), JULY_2026, "Nghị định thử")
    event = AuditEvent.objects.get(event_type="base_salary.added")
    assert (event.actor_id, event.new_value) == (root.pk, {"amount": "2530000", "valid_from": "2026-07-01",
                                                           "legal_basis": "Nghị định thử"})


@pytest.mark.parametrize("role", ["board", "secretariat", "officer", "leader"])
def test_only_a_superuser_adds_one(world, role):
    with pytest.raises(PermissionDenied):
        add_base_salary(amount=2530000, valid_from=JULY_2026, user=getattr(world, role))
    assert not BaseSalary.objects.filter(valid_from=JULY_2026).exists()


@pytest.mark.parametrize(("amount", "valid_from", "message"), [
    (0, JULY_2026, "Mức lương cơ sở phải là số đồng nguyên, lớn hơn 0 và không quá 999.999.999."),
    (-5, JULY_2026, "Mức lương cơ sở phải là số đồng nguyên, lớn hơn 0 và không quá 999.999.999."),
    ("2340000.5", JULY_2026, "Mức lương cơ sở phải là số đồng nguyên, lớn hơn 0 và không quá 999.999.999."),
    (10**12, JULY_2026, "Mức lương cơ sở phải là số đồng nguyên, lớn hơn 0 và không quá 999.999.999."),
    ("NaN", JULY_2026, "Mức lương cơ sở phải là số đồng nguyên, lớn hơn 0 và không quá 999.999.999."),
    ("hai triệu", JULY_2026, "Mức lương cơ sở phải là một số tiền (đồng)."),
    (2530000, "2026-07-01", "Ngày áp dụng không hợp lệ."),
    (2530000, datetime.date(2024, 7, 1), "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2024."),
])
def test_bad_figures_are_refused(root, amount, valid_from, message):
    before = (BaseSalary.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        add_base_salary(amount=amount, valid_from=valid_from, user=root)
    assert refused.value.messages == [message]
    assert (BaseSalary.objects.count(), AuditEvent.objects.count()) == before
