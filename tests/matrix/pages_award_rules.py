"""Permission-matrix entries for the award catalogue, eligibility and quota pages (merged by
tests/test_permission_matrix.py). The page tables are spelled out here, as in the other page modules."""
from awards.defaults import install_defaults
from awards.models import AwardRule, AwardType, RuleSet

_ALL_IN = dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=200, officer=200, leader=200,
               other_officer=200)
VIEW = {  # anyone who sees the bloc-year
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
BOARD_OF_BLOC_YEAR = {  # the Board of the bloc-year's province
    "own": dict(VIEW["own"], secretariat=403, officer=403, leader=403),
    "other": dict(VIEW["other"], other_officer=403),
    "far": VIEW["far"],
}
PROVINCE_VIEW = {  # every account of the province
    "own": dict(_ALL_IN, far_board=404),
    "far": dict(_ALL_IN, board=404, secretariat=404, officer=404, leader=404, other_officer=404),
}
PROVINCE_MANAGE = {  # the province's Board
    "own": dict(PROVINCE_VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": PROVINCE_VIEW["far"],
}


def province(w, v):
    return w.far_province if v == "far" else w.province


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def catalogue(w, v):
    """The province's default catalogue (installed on first use) and a sixth award type that no rule set
    governs yet."""
    target = province(w, v)
    if not AwardType.objects.filter(province=target).exists():
        install_defaults(province=target, user=None)
        AwardType.objects.create(province=target, code="giay_khen", name="Giấy khen", position=6)
    return target


def award_type(w, v, code="co_thi_dua_tinh"):
    return AwardType.objects.get(province=catalogue(w, v), code=code)


def rule_set(w, v):
    return RuleSet.objects.get(province=catalogue(w, v), valid_to__isnull=True)


def award_rule(w, v):
    return AwardRule.objects.get(rule_set=rule_set(w, v), award_type__code="co_thi_dua_tinh")


def condition(w, v):
    return award_rule(w, v).conditions.order_by("position").first()


def pk_of(getter):
    return lambda w, v: [getter(w, v).pk]


def quota_args(w, v):
    by = bloc_year(w, v)
    return [by.pk, AwardType.objects.get(province=catalogue(w, "far" if v == "far" else "own"),
                                         code="co_thi_dua_tinh").pk]


PAGE_MATRIX = {
    "awards:rules": ({None: _ALL_IN}, None),
    "awards:award_type_create": (PROVINCE_MANAGE, pk_of(province)),
    "awards:rule_set_create": (PROVINCE_MANAGE, pk_of(province)),
    "awards:install_defaults": (PROVINCE_MANAGE, pk_of(province)),
    "awards:award_type_edit": (PROVINCE_MANAGE, pk_of(award_type)),
    "awards:rule_set_detail": (PROVINCE_VIEW, pk_of(rule_set)),
    "awards:rule_set_edit": (PROVINCE_MANAGE, pk_of(rule_set)),
    "awards:rule_set_delete": (PROVINCE_MANAGE, pk_of(rule_set)),
    "awards:award_rule_create": (PROVINCE_MANAGE, pk_of(rule_set)),
    "awards:award_rule_edit": (PROVINCE_MANAGE, pk_of(award_rule)),
    "awards:award_rule_delete": (PROVINCE_MANAGE, pk_of(award_rule)),
    "awards:condition_create": (PROVINCE_MANAGE, pk_of(award_rule)),
    "awards:condition_edit": (PROVINCE_MANAGE, pk_of(condition)),
    "awards:condition_delete": (PROVINCE_MANAGE, pk_of(condition)),
    "awards:eligibility": (VIEW, pk_of(bloc_year)),
    "awards:quotas": (VIEW, pk_of(bloc_year)),
    "awards:quota_set": (BOARD_OF_BLOC_YEAR, quota_args),
}
