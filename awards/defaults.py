"""The default award catalogue of a province: five award types and three rule sets, per ../shared/DOMAIN.md.

`install_defaults` is idempotent (the demo and the Board's "install the defaults" button both call it): it
adds the award types whose code is missing and each rule set whose name is missing, through the same audited
domain functions as the pages, and never touches what the Board already has. A default rule set whose period
overlaps one of the Board's own is skipped and reported.

What is illustrative (the Board must check and update it): the cash multiples (no figure for these award
types is confirmed in DOMAIN.md; the values follow the ones commonly quoted for Decrees 91/2017 and 98/2023),
the "N leading units" of the provincial flag before 2024, the ranking and classification thresholds of the
certificate of merit and of the collective titles, and the article numbers of the 2003 law. Conditions on
members' results (art. 27, 28) are kept, but the system has no per-person data yet, so they answer "chưa có
dữ liệu" (unknown) rather than met.

Bằng khen của Chủ tịch UBND tỉnh is, in the law, mostly for individuals (art. 74), but blocs propose it for
their member units (the Quảng Ngãi 2017 and Nam Định 2022 reports), so its recipient here is collective.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.domain import rules as services
from awards.enums import ConditionKind as K
from awards.enums import Recipient
from awards.models import AwardType, RuleSet

AWARD_TYPES = [
    ("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ"),
    ("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh"),
    ("bang_khen_chu_tich_tinh", "Bằng khen của Chủ tịch UBND tỉnh"),
    ("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc"),
    ("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến"),
]
ILLUSTRATIVE = ("Hệ số tiền thưởng, ngưỡng xếp hạng và xếp loại trong bộ quy định mặc định là giá trị minh họa, "
                "Ban TĐKT cần cập nhật theo văn bản hiện hành và quy định của tỉnh.")
# Illustrative cash multiples of the base salary (see the module docstring).
CASH = {"co_thi_dua_chinh_phu": "24.5", "co_thi_dua_tinh": "15.5", "bang_khen_chu_tich_tinh": "2.0",
        "tap_the_lao_dong_xuat_sac": "1.5", "tap_the_lao_dong_tien_tien": "0.8"}


def _cond(kind, description="", **params):
    return {"kind": kind, "params": params, "description": description}


LED_GOVERNMENT = _cond(K.LED_BLOC, "Được chọn trong số các tập thể dẫn đầu khối thi đua (xếp thứ nhất khối)",
                       max_rank=1)
EXCELLENT = _cond(K.CLASSIFICATION_AT_LEAST, classification="excellent")
ALL_COMPLETED = _cond(K.MEMBER_SHARE_AT_LEAST, status="completed", percent=100)
SEVENTY_GOOD = _cond(K.MEMBER_SHARE_AT_LEAST, status="good", percent=70)
SEVENTY_LDTT = _cond(K.MEMBER_SHARE_AT_LEAST, status="lao_dong_tien_tien", percent=70)
NONE_DISCIPLINED = _cond(K.MEMBER_SHARE_AT_LEAST, status="not_disciplined", percent=100)


def _rules(law, *, provincial_leaders, merit, merit_article):
    return {
        "co_thi_dua_chinh_phu": (f"Điều 25 {law}", [LED_GOVERNMENT, EXCELLENT]),
        "co_thi_dua_tinh": (f"Điều 26 {law}", [_cond(K.LED_BLOC, max_rank=provincial_leaders), EXCELLENT]),
        "bang_khen_chu_tich_tinh": (f"Điều {merit_article} {law}", merit),
        "tap_the_lao_dong_xuat_sac": (f"Điều 27 {law}", [EXCELLENT, ALL_COMPLETED, SEVENTY_GOOD]),
        "tap_the_lao_dong_tien_tien": (f"Điều 28 {law}", [
            _cond(K.CLASSIFICATION_AT_LEAST, classification="good"), SEVENTY_LDTT, NONE_DISCIPLINED]),
    }


LAW_2022 = "Luật Thi đua, Khen thưởng 2022"
MERIT_2022 = [_cond(K.RANKED_AT_MOST, rank=3), _cond(K.CLASSIFICATION_AT_LEAST, classification="good")]
RULE_SETS = [
    {
        "name": "Luật Thi đua, Khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP",
        "valid_from": datetime.date(2014, 1, 1), "valid_to": datetime.date(2023, 12, 31),
        "legal_basis": ("Luật Thi đua, Khen thưởng năm 2003, sửa đổi, bổ sung năm 2005 và 2013; Nghị định "
                        "91/2017/NĐ-CP. Dùng để xét các năm thi đua trước 2024 theo quy định của thời kỳ đó. "
                        "Số điều của luật cũ và việc Cờ thi đua của UBND tỉnh xét cho hai đơn vị dẫn đầu khối "
                        "(như Nam Định năm 2022) là giá trị minh họa. " + ILLUSTRATIVE),
        "rules": _rules("Luật Thi đua, Khen thưởng 2003", provincial_leaders=2,
                        merit=[EXCELLENT], merit_article=72),
    },
    {
        "name": "Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
        "valid_from": datetime.date(2024, 1, 1), "valid_to": datetime.date(2025, 6, 30),
        "legal_basis": ("Luật Thi đua, Khen thưởng số 06/2022/QH15 (hiệu lực từ 01/01/2024); Nghị định "
                        "98/2023/NĐ-CP (hết hiệu lực khi Nghị định 152/2025/NĐ-CP có hiệu lực). " + ILLUSTRATIVE),
        "rules": _rules(LAW_2022, provincial_leaders=1, merit=MERIT_2022, merit_article=74),
    },
    {
        "name": "Luật Thi đua, Khen thưởng 2022 và Nghị định 152/2025/NĐ-CP",
        "valid_from": datetime.date(2025, 7, 1), "valid_to": None,
        "legal_basis": ("Luật Thi đua, Khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP (hiệu lực từ "
                        "01/07/2025, thay thế Nghị định 98/2023/NĐ-CP). " + ILLUSTRATIVE),
        "rules": _rules(LAW_2022, provincial_leaders=1, merit=MERIT_2022, merit_article=74),
    },
]


@dataclass
class InstallReport:
    award_types: list = field(default_factory=list)  # codes created
    rule_sets: list = field(default_factory=list)  # names created
    skipped: list = field(default_factory=list)  # (name, reason)

    @property
    def changed(self):
        return bool(self.award_types or self.rule_sets)


def install_defaults(*, province, user):
    """Add the default award types and rule sets that the province lacks (by code, by name)."""
    report = InstallReport()
    with transaction.atomic():
        types = {t.code: t for t in AwardType.objects.filter(province=province)}
        for position, (code, name) in enumerate(AWARD_TYPES, start=1):
            if code not in types:
                types[code] = services.create_award_type(province=province, code=code, name=name, user=user,
                                                         recipient=Recipient.COLLECTIVE, position=position)
                report.award_types.append(code)
        existing = set(RuleSet.objects.filter(province=province).values_list("name", flat=True))
        for spec in RULE_SETS:
            if spec["name"] not in existing:
                _install_rule_set(province, spec, types, user, report)
    return report


def _install_rule_set(province, spec, types, user, report):
    try:
        with transaction.atomic():
            rule_set = services.create_rule_set(province=province, name=spec["name"], valid_from=spec["valid_from"],
                                                valid_to=spec["valid_to"], legal_basis=spec["legal_basis"], user=user)
            for code, (article, conditions) in spec["rules"].items():
                services.save_award_rule(rule_set=rule_set, award_type=types[code], article=article,
                                         cash_multiple=Decimal(CASH[code]), conditions=conditions, user=user)
    except ValidationError as exc:  # the Board's own rule set covers that period
        report.skipped.append((spec["name"], " ".join(exc.messages)))
    else:
        report.rule_sets.append(spec["name"])


def report_message(report):
    """The Board's feedback after pressing the button."""
    if not report.changed and not report.skipped:
        return _("Tỉnh đã có đủ danh mục và các bộ quy định mặc định; không có gì thay đổi.")
    parts = [_("Đã thêm %(types)s hình thức khen thưởng và %(sets)s bộ quy định.")
             % {"types": len(report.award_types), "sets": len(report.rule_sets)}]
    parts += [_("Bỏ qua “%(name)s”: %(reason)s") % {"name": name, "reason": reason} for name, reason in report.skipped]
    return " ".join(parts)
