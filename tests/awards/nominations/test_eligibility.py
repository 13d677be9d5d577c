"""Preparing and submitting a nomination asks the award rules in force: an ineligible unit is refused with
the failing conditions named; conditions the rules cannot decide are allowed and flagged."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.domain import nominations as services
from awards.enums import ConditionKind
from awards.enums import NominationStatus as S
from awards.models import AwardRule, EligibilityCondition, Nomination
from tests.awards.nominations.conftest import nomination_in, pdf, ranked

pytestmark = pytest.mark.integration


@pytest.fixture
def led_bloc(year_end):
    """The provincial flag needs the unit to lead its bloc (art. 26); the members ranked d0, d1, d2."""
    w = year_end
    rule = AwardRule.objects.get(rule_set=w.rule_set, award_type=w.flag)
    EligibilityCondition.objects.create(rule=rule, kind=ConditionKind.LED_BLOC, params={"max_rank": 1})
    return w


def _rank(w, *, finalised=True):
    d0, d1, d2 = w.own_departments
    return ranked(w.own, [(d0, 1, "excellent", Decimal("95")), (d1, 2, "excellent", Decimal("92")),
                          (d2, 3, "good", Decimal("80"))], finalised=finalised)


def test_an_ineligible_unit_is_refused_with_the_failing_condition_named(led_bloc):
    w = led_bloc
    _rank(w)
    second = w.own_departments[1]
    with pytest.raises(ValidationError) as excinfo:
        services.prepare_nomination(bloc_year=w.own, award_type=w.flag, department=second, user=w.secretariat)
    assert excinfo.value.messages == [
        f"{second.name}: Không đủ điều kiện xét tặng “Cờ thi đua của UBND tỉnh” (Điều 26 Luật Thi đua, khen "
        "thưởng; bộ quy định “Quy định khen thưởng của tỉnh”). Điều kiện chưa đạt: Dẫn đầu khối thi đua năm 2026 "
        "(xếp thứ nhất) (Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2026 đã chốt; cần xếp thứ nhất)."]
    assert Nomination.objects.count() == 0


def test_an_eligible_unit_keeps_the_verdict_and_the_rule_set(led_bloc):
    w = led_bloc
    _rank(w)
    nomination = services.prepare_nomination(bloc_year=w.own, award_type=w.flag, department=w.own_departments[0],
                                             ballot_round=w.round, user=w.secretariat)
    assert nomination.rule_set == w.rule_set
    data = nomination.eligibility
    assert (data["eligible"], data["rule_set"], data["article"], data["year"], data["judged_on"]) == (
        True, {"id": w.rule_set.pk, "name": "Quy định khen thưởng của tỉnh"}, "Điều 26 Luật Thi đua, khen thưởng",
        2026, "2026-12-31")
    assert [(c["kind"], c["met"], c["detail"]) for c in data["conditions"]] == [
        ("led_bloc", True, "Xếp thứ 1 trong bảng xếp hạng tổng kết năm 2026 đã chốt.")]
    assert services.failing_conditions(data) == [] and services.unknown_conditions(data) == []


def test_a_condition_without_data_is_allowed_and_flagged(led_bloc):
    w = led_bloc
    _rank(w, finalised=False)
    nomination = services.prepare_nomination(bloc_year=w.own, award_type=w.flag, department=w.own_departments[0],
                                             ballot_round=w.round, user=w.secretariat)
    assert nomination.eligibility["eligible"] is None
    assert services.unknown_conditions(nomination.eligibility) == [
        "Dẫn đầu khối thi đua năm 2026 (xếp thứ nhất) (Chưa có dữ liệu: bảng xếp hạng tổng kết năm 2026 của khối "
        "chưa được chốt)"]


def test_submission_judges_again_and_refuses_a_unit_no_longer_eligible(led_bloc):
    w = led_bloc
    nomination = nomination_in(w, S.DRAFT, award_type=w.flag, department=w.own_departments[2])
    _rank(w)
    with pytest.raises(ValidationError) as excinfo:
        services.submit_nomination(nomination=nomination, user=w.secretariat)
    assert excinfo.value.messages[0].startswith(
        f"{w.own_departments[2].name}: Không đủ điều kiện xét tặng “Cờ thi đua của UBND tỉnh”")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.eligibility) == (S.DRAFT, {})


def test_submission_stores_the_verdict_of_the_day(led_bloc):
    w = led_bloc
    nomination = services.prepare_nomination(bloc_year=w.own, award_type=w.flag, department=w.own_departments[0],
                                             ballot_round=w.round, achievement_report=pdf(), user=w.secretariat)
    assert nomination.eligibility["eligible"] is None  # no finalised ranking yet
    _rank(w)
    services.submit_nomination(nomination=nomination, user=w.secretariat)
    assert (nomination.status, nomination.eligibility["eligible"], nomination.rule_set_id) == (
        S.SUBMITTED, True, w.rule_set.pk)


def test_a_year_without_rules_in_force_is_refused(year_end):
    w = year_end
    w.rule_set.delete()
    with pytest.raises(ValidationError) as excinfo:
        services.prepare_nomination(bloc_year=w.own, award_type=w.merit, department=w.own_departments[0],
                                    user=w.secretariat)
    assert excinfo.value.messages == [
        f"Tỉnh {w.province.name} chưa có bộ quy định khen thưởng có hiệu lực vào ngày 31/12/2026; Ban Thi đua - "
        "Khen thưởng cần khai báo bộ quy định cho thời kỳ này."]
