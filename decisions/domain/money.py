"""Reward money (tiền thưởng): a multiple of the base salary (lương cơ sở), priced at the decision date.

The base salary is national data with effective dates (only a superuser adds a figure; everyone reads them);
an award type's multiple comes from the province's award rule in the rule set in force at the decision date.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from awards.domain.queries.rules import rule_set_in_force
from awards.models import AwardRule
from decisions.models import BaseSalary

ROUNDING_STEP = Decimal("10000")
AMOUNT_MAX = Decimal("999999999")  # nine digits: far above any base salary, inside the column
BASIS_MAX = BaseSalary._meta.get_field("legal_basis").max_length
EARLIEST = datetime.date(1990, 1, 1)


def reward_amount(*, multiple, base_salary):
    """Multiple × base salary, rounded UP to the next 10,000 VND.

    Decree 98/2023/NĐ-CP, art. 55: reward money, once the multiple is applied to the base salary, is rounded
    up to tens of thousands of đồng (làm tròn số lên hàng chục nghìn đồng). Keep this rule here, only here.
    """
    raw = Decimal(multiple) * Decimal(base_salary)
    return (raw / ROUNDING_STEP).to_integral_value(rounding=ROUND_CEILING) * ROUNDING_STEP


def base_salary_on(on_date):
    """The base salary in force on `on_date` (the latest figure valid from that day or before), or None."""
    return BaseSalary.objects.filter(valid_from__lte=on_date).order_by("-valid_from").first()


def cash_multiples_on(*, province, on_date):
    """{award type id: cash multiple} of the province's rule set in force on `on_date` (one or two queries)."""
    rule_set = rule_set_in_force(province=province, on_date=on_date)
    if rule_set is None:
        return {}
    return dict(AwardRule.objects.filter(rule_set=rule_set).values_list("award_type_id", "cash_multiple"))


@dataclass(frozen=True)
class Price:
    cash_multiple: Decimal
    base_salary: Decimal
    amount: Decimal


class PriceList:
    """Prices every award type of a province at one date: the rule set and base salary are read once."""

    def __init__(self, *, province, on_date):
        self.on_date = on_date
        self.multiples = cash_multiples_on(province=province, on_date=on_date)
        salary = base_salary_on(on_date)
        self.base_salary = salary.amount if salary else None

    def price(self, award_type):
        multiple = self.multiples.get(award_type.pk, Decimal("0"))
        if not multiple:
            return Price(Decimal("0"), self.base_salary or Decimal("0"), Decimal("0"))
        if self.base_salary is None:
            raise ValidationError(
                _("Chưa có mức lương cơ sở áp dụng tại ngày %(date)s nên không tính được tiền thưởng “%(award)s”; "
                  "hãy bổ sung danh mục lương cơ sở.") % {"date": date_format(self.on_date, "d/m/Y"),
                                                         "award": award_type.name})
        return Price(multiple, self.base_salary, reward_amount(multiple=multiple, base_salary=self.base_salary))


# --------------------------------------------------------------------------------------------- base salary

def add_base_salary(*, amount, valid_from, legal_basis="", user):
    """A superuser adds the base salary in force from a date (one figure per date; amount > 0)."""
    if not (user.is_authenticated and user.has_perm("decisions.add_base_salary")):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được thêm mức lương cơ sở (dữ liệu dùng chung cả nước)."))
    amount = _check_amount(amount)
    legal_basis = " ".join(str(legal_basis or "").split())
    if len(legal_basis) > BASIS_MAX or "\x00" in legal_basis:
        raise ValidationError(_("Căn cứ không được dài quá %(limit)s ký tự và không chứa ký tự NUL.")
                              % {"limit": BASIS_MAX})
    if not isinstance(valid_from, datetime.date) or valid_from < EARLIEST:
        raise ValidationError(_("Ngày áp dụng không hợp lệ."))
    taken = _("Đã có mức lương cơ sở áp dụng từ ngày %(date)s.") % {"date": date_format(valid_from, "d/m/Y")}
    with transaction.atomic():
        if BaseSalary.objects.filter(valid_from=valid_from).exists():
            raise ValidationError(taken)
        try:
            with transaction.atomic():
                salary = BaseSalary.objects.create(amount=amount, valid_from=valid_from, legal_basis=legal_basis)
        except IntegrityError as exc:  # a concurrent request added the same date first
            raise ValidationError(taken) from exc
        record_event(actor=user, event_type="base_salary.added", obj=salary,
                     new_value={"amount": str(amount), "valid_from": valid_from.isoformat(),
                                "legal_basis": legal_basis})
    return salary


def _check_amount(amount):
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("Mức lương cơ sở phải là một số tiền (đồng).")) from None
    if not value.is_finite() or value != value.to_integral_value() or not Decimal("0") < value <= AMOUNT_MAX:
        raise ValidationError(_("Mức lương cơ sở phải là số đồng nguyên, lớn hơn 0 và không quá %(max)s.")
                              % {"max": f"{AMOUNT_MAX:,}".replace(",", ".")})
    return value


def format_vnd(amount):
    """36270000 → "36.270.000": đồng are whole, thousands separated by dots (Vietnamese usage)."""
    if amount is None or amount == "":
        return ""
    return f"{int(Decimal(str(amount))):,}".replace(",", ".")
