"""The Board's configurable scoring rules of its province (DOMAIN.md defaults until it changes them)."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from emulation.exceptions import ConflictError
from scoring.enums import AggregationMethod, TieBreak
from scoring.models import ScoringSettings

SETTINGS_FIELDS = ["aggregation_method", "discrepancy_percent", "excellent_percent", "good_percent",
                   "complete_percent", "tie_break_chain", "inspectors_per_member", "bonus_cap_percent"]
PERCENT_FIELDS = ["discrepancy_percent", "excellent_percent", "good_percent", "complete_percent",
                  "bonus_cap_percent"]


def update_scoring_settings(*, province, user, expected_version, **values):
    """Save the province's settings (created with the defaults on first save); a stale version is refused."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        try:
            with transaction.atomic():
                current, _created = ScoringSettings.objects.select_for_update().get_or_create(province=province)
        except IntegrityError as exc:  # created by a concurrent request
            raise ConflictError(_("Quy định chấm điểm vừa được người khác cập nhật; hãy tải lại trang.")) from exc
        if current.version != expected_version:
            raise ConflictError(_("Quy định chấm điểm vừa được người khác cập nhật; hãy tải lại trang."))
        old = _snapshot(current)
        for name, value in values.items():
            setattr(current, name, value)
        _check(current)
        current.version += 1
        current.save()
        current.refresh_from_db()  # the stored values, as the database rounded them
        record_event(actor=user, event_type="scoring_settings.changed", obj=current, old_value=old,
                     new_value=_snapshot(current))
    return current


def _check(settings):
    for name in PERCENT_FIELDS:
        value = Decimal(getattr(settings, name))
        if not Decimal("0") <= value <= Decimal("100"):
            raise ValidationError(_("Các tỷ lệ phần trăm phải từ 0 đến 100."))
    if not settings.excellent_percent > settings.good_percent > settings.complete_percent:
        raise ValidationError(_("Ngưỡng xếp loại phải giảm dần: hoàn thành xuất sắc > hoàn thành tốt > "
                                "hoàn thành."))
    if settings.aggregation_method not in AggregationMethod.values:
        raise ValidationError(_("Cách tính điểm cuối cùng không hợp lệ."))
    chain = list(settings.tie_break_chain or [])
    if not chain or len(set(chain)) != len(chain) or not set(chain) <= set(TieBreak.values):
        raise ValidationError(_("Thứ tự phá thế hòa phải gồm các tiêu chí khác nhau, hợp lệ."))
    if not 1 <= settings.inspectors_per_member <= 10:
        raise ValidationError(_("Số đơn vị kiểm tra mỗi thành viên phải từ 1 đến 10."))


def _snapshot(settings):
    return {name: getattr(settings, name) for name in SETTINGS_FIELDS}
