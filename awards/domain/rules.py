"""The Board's award catalogue: award types, rule sets with their periods, award rules and their conditions.

Rule-set writes lock the province row, so that two overlapping periods cannot be saved side by side. Every
change writes an audit event in its transaction.
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from awards.domain import conditions as checks
from awards.domain.queries import rules as queries
from awards.enums import Recipient
from awards.models import AwardRule, AwardType, EligibilityCondition, Nomination, RuleSet
from blocs.models import Province

MAX_CASH_MULTIPLE = Decimal("9999.99")


def _text(value, label, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("“%(label)s” không được để trống.") % {"label": label})
    if len(value) > max_length:
        raise ValidationError(_("“%(label)s” không được dài quá %(n)s ký tự.") % {"label": label, "n": max_length})
    if "\x00" in value:
        raise ValidationError(_("Không được chứa ký tự NUL."))
    return value


# --- Award types ----------------------------------------------------------------------------------------


def create_award_type(*, province, code, name, user, recipient=Recipient.COLLECTIVE, position=None):
    """Add an award type to the province's catalogue; its code is unique in the province and never changes."""
    code = _text(code, _("Mã"), 60)
    name = _text(name, _("Tên hình thức khen thưởng"), 200)
    if recipient not in Recipient.values:
        raise ValidationError(_("Đối tượng khen thưởng không hợp lệ."))
    with transaction.atomic():
        Province.objects.select_for_update().get(pk=province.pk)
        if AwardType.objects.filter(province=province, code=code).exists():
            raise ValidationError(_("Tỉnh đã có hình thức khen thưởng mã “%(code)s”.") % {"code": code})
        if position is None:
            position = (AwardType.objects.filter(province=province).aggregate(m=Max("position"))["m"] or 0) + 1
        award_type = AwardType.objects.create(province=province, code=code, name=name, recipient=recipient,
                                              position=position)
        record_event(actor=user, event_type="award_type.created", obj=award_type,
                     new_value={"code": code, "name": name, "recipient": recipient, "position": position})
    return award_type


def update_award_type(*, award_type, name, recipient, position, user):
    """Rename an award type or change its recipient or order (the code stays: conditions refer to it)."""
    name = _text(name, _("Tên hình thức khen thưởng"), 200)
    if recipient not in Recipient.values:
        raise ValidationError(_("Đối tượng khen thưởng không hợp lệ."))
    with transaction.atomic():
        old = {"name": award_type.name, "recipient": award_type.recipient, "position": award_type.position}
        award_type.name, award_type.recipient, award_type.position = name, recipient, position
        award_type.save(update_fields=["name", "recipient", "position"])
        record_event(actor=user, event_type="award_type.changed", obj=award_type, old_value=old,
                     new_value={"name": name, "recipient": recipient, "position": position})
    return award_type


# --- Rule sets ------------------------------------------------------------------------------------------


def _period_text(valid_from, valid_to):
    start = date_format(valid_from, "d/m/Y")
    if valid_to is None:
        return _("từ %(start)s") % {"start": start}
    return _("%(start)s – %(end)s") % {"start": start, "end": date_format(valid_to, "d/m/Y")}


def _check_period(*, province, valid_from, valid_to, exclude_pk=None):
    if valid_from is None:
        raise ValidationError(_("Cần ngày bắt đầu hiệu lực."))
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("Ngày hết hiệu lực phải sau hoặc trùng ngày bắt đầu hiệu lực."))
    clash = queries.overlapping_rule_sets(province=province, valid_from=valid_from, valid_to=valid_to,
                                          exclude_pk=exclude_pk).first()
    if clash is not None:
        raise ValidationError(
            _("Thời gian hiệu lực %(period)s trùng với bộ quy định “%(name)s” (%(other)s). Mỗi ngày chỉ có một bộ "
              "quy định có hiệu lực trong tỉnh: hãy điều chỉnh ngày hết hiệu lực của bộ quy định cũ trước.")
            % {"period": _period_text(valid_from, valid_to), "name": clash.name,
               "other": _period_text(clash.valid_from, clash.valid_to)})


def create_rule_set(*, province, name, valid_from, user, valid_to=None, legal_basis=""):
    """Add a rule set for a period; periods of one province never overlap."""
    name = _text(name, _("Tên bộ quy định"), 200)
    legal_basis = _text(legal_basis, _("Căn cứ pháp lý"), 5000, required=False)
    with transaction.atomic():
        Province.objects.select_for_update().get(pk=province.pk)
        _check_period(province=province, valid_from=valid_from, valid_to=valid_to)
        rule_set = RuleSet.objects.create(province=province, name=name, legal_basis=legal_basis,
                                          valid_from=valid_from, valid_to=valid_to)
        record_event(actor=user, event_type="rule_set.created", obj=rule_set, new_value=_rule_set_values(rule_set))
    return rule_set


def update_rule_set(*, rule_set, name, valid_from, valid_to, legal_basis, user):
    """Change a rule set's name, basis or period; the period may not overlap another set's, nor leave out a
    year whose nominations were judged by this set."""
    name = _text(name, _("Tên bộ quy định"), 200)
    legal_basis = _text(legal_basis, _("Căn cứ pháp lý"), 5000, required=False)
    with transaction.atomic():
        Province.objects.select_for_update().get(pk=rule_set.province_id)
        _check_period(province=rule_set.province, valid_from=valid_from, valid_to=valid_to, exclude_pk=rule_set.pk)
        _check_judged_years(rule_set, valid_from, valid_to)
        old = _rule_set_values(rule_set)
        rule_set.name, rule_set.legal_basis = name, legal_basis
        rule_set.valid_from, rule_set.valid_to = valid_from, valid_to
        rule_set.save(update_fields=["name", "legal_basis", "valid_from", "valid_to"])
        record_event(actor=user, event_type="rule_set.changed", obj=rule_set, old_value=old,
                     new_value=_rule_set_values(rule_set))
    return rule_set


def _check_judged_years(rule_set, valid_from, valid_to):
    years = sorted(set(Nomination.objects.filter(rule_set=rule_set).values_list("bloc_year__year", flat=True)))
    outside = [y for y in years if not (valid_from <= queries.judging_date(y)
                                        and (valid_to is None or queries.judging_date(y) <= valid_to))]
    if outside:
        raise ValidationError(_("Không thể đổi thời gian hiệu lực: đề nghị khen thưởng năm %(years)s đã được xét "
                                "theo bộ quy định này.") % {"years": ", ".join(map(str, outside))})


def _rule_set_values(rule_set):
    return {"name": rule_set.name, "legal_basis": rule_set.legal_basis, "valid_from": rule_set.valid_from,
            "valid_to": rule_set.valid_to}


def delete_rule_set(*, rule_set, user):
    """Remove a rule set that no nomination was judged by."""
    with transaction.atomic():
        if Nomination.objects.filter(rule_set=rule_set).exists():
            raise ValidationError(_("Không thể xóa bộ quy định đã dùng để xét đề nghị khen thưởng."))
        record_event(actor=user, event_type="rule_set.deleted", obj=rule_set, old_value={
            **_rule_set_values(rule_set), "rules": _rules_snapshot(rule_set)})
        rule_set.delete()


def _rules_snapshot(rule_set):
    return [_rule_values(rule) for rule in queries.rules_of(rule_set)]


# --- Award rules and their conditions -------------------------------------------------------------------


def _cash_multiple(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not Decimal("0") <= number <= MAX_CASH_MULTIPLE:
        raise ValidationError(_("Hệ số tiền thưởng phải là số từ 0 đến %(max)s.") % {"max": MAX_CASH_MULTIPLE})
    return number.quantize(Decimal("0.01"))


def _rule_values(rule):
    # Ids too: replacing or deleting a rule replaces or deletes these rows with it.
    return {"id": rule.pk, "award_type": rule.award_type.code, "article": rule.article,
            "cash_multiple": rule.cash_multiple,
            "conditions": [{"id": c.pk, "kind": c.kind, "params": c.params, "description": c.description}
                           for c in rule.conditions.order_by("position", "id")]}


def save_award_rule(*, rule_set, award_type, article, cash_multiple, user, rule=None, conditions=None):
    """Create (rule=None) or change the rule of one award type in a rule set. `conditions`, when given, is
    the full list [{kind, params, description}] that replaces the rule's conditions."""
    article = _text(article, _("Điều khoản"), 200, required=False)
    cash_multiple = _cash_multiple(cash_multiple)
    if award_type.province_id != rule_set.province_id:
        raise ValidationError(_("Hình thức khen thưởng không thuộc tỉnh của bộ quy định."))
    codes = set(AwardType.objects.filter(province_id=rule_set.province_id).values_list("code", flat=True))
    cleaned = [_clean_condition(c, codes) for c in conditions] if conditions is not None else None
    with transaction.atomic():
        Province.objects.select_for_update().get(pk=rule_set.province_id)
        if AwardRule.objects.filter(rule_set=rule_set, award_type=award_type).exclude(
                pk=getattr(rule, "pk", None)).exists():
            raise ValidationError(_("Bộ quy định đã có quy định cho “%(award)s”.") % {"award": award_type.name})
        old = _rule_values(rule) if rule else None
        rule = rule or AwardRule(rule_set=rule_set)
        rule.award_type, rule.article, rule.cash_multiple = award_type, article, cash_multiple
        rule.save()
        if cleaned is not None:
            rule.conditions.all().delete()
            EligibilityCondition.objects.bulk_create(
                [EligibilityCondition(rule=rule, position=i, **c) for i, c in enumerate(cleaned, start=1)])
        record_event(actor=user, event_type="award_rule.saved", obj=rule, old_value=old, new_value=_rule_values(rule))
    return rule


def _clean_condition(data, codes):
    if not isinstance(data, dict):
        raise ValidationError(_("Mỗi điều kiện phải là một đối tượng JSON."))
    kind = data.get("kind")
    params = checks.clean_params(kind=kind, params=data.get("params") or {}, award_codes=codes)
    return {"kind": kind, "params": params,
            "description": _text(data.get("description"), _("Diễn giải"), 500, required=False)}


def delete_award_rule(*, rule, user):
    with transaction.atomic():
        record_event(actor=user, event_type="award_rule.deleted", obj=rule, old_value=_rule_values(rule))
        rule.delete()


def add_condition(*, rule, kind, params, user, description=""):
    """Append a condition to an award rule (all conditions of a rule must be met)."""
    codes = set(AwardType.objects.filter(province_id=rule.rule_set.province_id).values_list("code", flat=True))
    cleaned = _clean_condition({"kind": kind, "params": params, "description": description}, codes)
    with transaction.atomic():
        position = (rule.conditions.aggregate(m=Max("position"))["m"] or 0) + 1
        condition = EligibilityCondition.objects.create(rule=rule, position=position, **cleaned)
        record_event(actor=user, event_type="condition.added", obj=condition, new_value=cleaned)
    return condition


def update_condition(*, condition, kind, params, user, description=""):
    codes = set(AwardType.objects.filter(province_id=condition.rule.rule_set.province_id)
                .values_list("code", flat=True))
    cleaned = _clean_condition({"kind": kind, "params": params, "description": description}, codes)
    with transaction.atomic():
        old = {"kind": condition.kind, "params": condition.params, "description": condition.description}
        for key, value in cleaned.items():
            setattr(condition, key, value)
        condition.save(update_fields=list(cleaned))
        record_event(actor=user, event_type="condition.changed", obj=condition, old_value=old, new_value=cleaned)
    return condition


def delete_condition(*, condition, user):
    with transaction.atomic():
        record_event(actor=user, event_type="condition.deleted", obj=condition, old_value={
            "rule": condition.rule_id, "kind": condition.kind, "params": condition.params,
            "description": condition.description})
        condition.delete()
