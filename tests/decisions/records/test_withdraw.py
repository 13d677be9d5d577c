"""Withdrawing a decision: a Board action with a reason; its awards stop counting for eligibility and totals."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from awards.domain.eligibility import evaluate
from awards.enums import ConditionKind
from awards.models import Award, AwardRule, EligibilityCondition
from decisions.domain.queries.records import money_totals
from decisions.domain.records import LineInput, record_decision, withdraw_decision
from decisions.enums import DecisionStatus
from emulation.exceptions import ConflictError
from notifications.models import Notification
from tests.decisions.records.conftest import awarded, decision_fields

pytestmark = pytest.mark.integration


@pytest.fixture
def recorded(decision_world):
    w = decision_world
    w.decision = record_decision(province=w.province, lines=awarded(w.entries), user=w.board,
                                 disclosure=w.disclosure, **decision_fields())
    return w


def test_withdrawal_marks_the_awards_and_keeps_the_reason(recorded):
    w = recorded
    events_before = AuditEvent.objects.count()

    decision = withdraw_decision(decision=w.decision, reason="  Sai đối tượng khen thưởng  ", user=w.board,
                                 expected_version=1)

    assert (decision.status, decision.withdrawal_reason, decision.withdrawn_by, decision.version) == (
        DecisionStatus.WITHDRAWN, "Sai đối tượng khen thưởng", w.board, 2)
    assert list(Award.objects.values_list("is_withdrawn", flat=True)) == [True, True, True]
    events = AuditEvent.objects.order_by("id")[events_before:]
    assert [e.event_type for e in events] == ["decision.withdrawn", "award.withdrawn", "award.withdrawn",
                                              "award.withdrawn"]
    withdrawn = events[0]
    assert (withdrawn.old_value["status"], withdrawn.new_value["status"], withdrawn.new_value["withdrawal_reason"],
            withdrawn.old_value["version"], withdrawn.new_value["version"]) == (
        "recorded", "withdrawn", "Sai đối tượng khen thưởng", 1, 2)
    assert (events[1].old_value, events[1].new_value["is_withdrawn"]) == ({"is_withdrawn": False}, True)
    titles = set(Notification.objects.filter(title__startswith="Thu hồi").values_list("user__username", flat=True))
    assert titles == {"officer0", "officer1", "officer"}


def test_withdrawal_removes_the_award_from_eligibility(recorded):
    """A 2027 condition "held the provincial flag in 2026" passes with the decision, fails once withdrawn."""
    w = recorded
    rule = AwardRule.objects.get(award_type=w.types["merit"])
    EligibilityCondition.objects.create(rule=rule, kind=ConditionKind.HOLDS_AWARD,
                                        params={"award_type": "co_thi_dua_tinh", "year_offset": -1})
    next_year = w.own.__class__.objects.create(bloc=w.own.bloc, year=2027)
    next_year.memberships.create(department=w.own_departments[0], year=2027,
                                 name_at_time=w.own_departments[0].name)

    def verdict():
        return evaluate(department=w.own_departments[0], bloc_year=next_year, award_type=w.types["merit"])

    assert verdict().eligible is True
    withdraw_decision(decision=w.decision, reason="Thu hồi", user=w.board, expected_version=1)
    after = verdict()
    assert after.eligible is False
    assert after.conditions[0].detail == "Không có “Cờ thi đua của UBND tỉnh” năm 2026 trong lịch sử khen thưởng " \
                                         "của đơn vị."


def test_withdrawal_removes_the_money_from_the_totals(recorded):
    w = recorded
    assert (money_totals(province=w.province, year=2026).count,
            money_totals(province=w.province, year=2026).amount) == (3, 45630000)
    withdraw_decision(decision=w.decision, reason="Thu hồi", user=w.board, expected_version=1)
    totals = money_totals(province=w.province, year=2026)
    assert (totals.rows, totals.count, totals.amount) == ([], 0, 0)


def test_withdrawal_needs_a_reason(recorded):
    w = recorded
    with pytest.raises(ValidationError) as refused:
        withdraw_decision(decision=w.decision, reason=" \n ", user=w.board, expected_version=1)
    assert refused.value.messages == ["Hãy nhập lý do thu hồi."]
    assert Award.objects.filter(is_withdrawn=True).count() == 0


def test_a_stale_version_is_a_conflict_and_a_second_withdrawal_is_refused(recorded):
    w = recorded
    with pytest.raises(ConflictError):
        withdraw_decision(decision=w.decision, reason="Thu hồi", user=w.board, expected_version=7)
    withdraw_decision(decision=w.decision, reason="Thu hồi", user=w.board, expected_version=1)
    with pytest.raises(ValidationError) as refused:
        withdraw_decision(decision=w.decision, reason="Thu hồi lần hai", user=w.board, expected_version=2)
    assert refused.value.messages == ["Quyết định 125/QĐ-UBND đã được thu hồi."]


@pytest.mark.parametrize("role", ["secretariat", "officer", "leader", "other_officer", "far_board"])
def test_only_the_provinces_board_withdraws(recorded, role):
    w = recorded
    with pytest.raises(PermissionDenied):
        withdraw_decision(decision=w.decision, reason="Thu hồi", user=getattr(w, role), expected_version=1)
    w.decision.refresh_from_db()
    assert w.decision.status == DecisionStatus.RECORDED


def test_manual_line_awards_are_withdrawn_too(decision_world):
    w = decision_world
    decision = record_decision(province=w.province, lines=[LineInput(award_type=w.types["merit"],
                                                                     department=w.other_departments[1])],
                               user=w.board, **decision_fields(year=2025))
    withdraw_decision(decision=decision, reason="Thu hồi", user=w.board, expected_version=1)
    assert Award.objects.get().is_withdrawn is True
