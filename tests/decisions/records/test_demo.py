"""The demo's completed years (Quảng Ngãi 2017, Quảng Nam 2016) end in recorded decisions through the real
workflow: published list, one answered comment, sent to the Council, the Chairman's decision, priced with the
base salary in force on its date; a second load changes nothing."""
import datetime
from decimal import Decimal

import pytest

from audit.domain.services import verify_chain
from audit.models import AuditEvent
from awards.models import Award
from decisions.enums import DecisionStatus, DisclosureStatus
from decisions.domain.money import reward_amount
from decisions.models import AwardDecision, Complaint, Disclosure
from tests.scoring.demo.loading import demo, load_demo  # noqa: F401 — a fixture

pytestmark = pytest.mark.integration


@pytest.fixture
def loaded(demo, db):  # noqa: F811
    return demo


def test_quang_ngai_2017_ends_in_a_recorded_decision(loaded):
    disclosure = Disclosure.objects.get(province__code="quang-ngai", year=2017)
    assert (disclosure.status, disclosure.published_on, disclosure.entries.count()) == (
        DisclosureStatus.SENT_TO_COUNCIL, datetime.date(2018, 1, 8), 4)
    complaint = Complaint.objects.get(disclosure=disclosure)
    assert (complaint.kind, complaint.filed_by.username, bool(complaint.answer), complaint.answered_by.username) == (
        "comment", "canbo.quangngai", True, "ban.quangngai")
    decision = AwardDecision.objects.get(province__code="quang-ngai")
    assert (decision.number_symbol, decision.decided_on, decision.year, decision.status, decision.authority,
            decision.recorded_by.username) == (
        "125/QĐ-UBND", datetime.date(2018, 1, 22), 2017, DecisionStatus.RECORDED,
        "Ủy ban nhân dân tỉnh Quảng Ngãi", "ban.quangngai")
    rows = sorted(decision.lines.values_list("award_type__code", "recipient_name", "base_salary", "amount"))
    assert rows == [
        ("bang_khen_chu_tich_tinh", "Kho bạc Nhà nước tỉnh", Decimal("1300000"), Decimal("2600000")),
        ("bang_khen_chu_tich_tinh", "Sở Tài chính", Decimal("1300000"), Decimal("2600000")),
        ("co_thi_dua_tinh", "Văn phòng UBND tỉnh", Decimal("1300000"), Decimal("20150000")),
    ]
    assert "Văn phòng HĐND tỉnh" in decision.council_outcome  # the Government flag goes to the Prime Minister
    awards = sorted(Award.objects.filter(decision_line__decision=decision).values_list(
        "department__name", "year", "decision_reference", "is_withdrawn"))
    assert awards == [("Kho bạc Nhà nước tỉnh", 2017, "125/QĐ-UBND", False),
                      ("Sở Tài chính", 2017, "125/QĐ-UBND", False),
                      ("Văn phòng UBND tỉnh", 2017, "125/QĐ-UBND", False)]
    assert verify_chain() == []


def test_quang_nam_2016_ends_in_a_recorded_decision(loaded):
    # The awards are the demo's illustrative supplement (awards/demo.py): the leading unit for the provincial
    # flag, the second for the certificate of merit; the report names the ranking only.
    disclosure = Disclosure.objects.get(province__code="quang-nam", year=2016)
    assert (disclosure.status, disclosure.published_on, disclosure.closes_on, disclosure.entries.count()) == (
        DisclosureStatus.SENT_TO_COUNCIL, datetime.date(2017, 3, 6), datetime.date(2017, 3, 13), 2)
    assert disclosure.published_on.weekday() == 0  # a Monday, after the conference of 24/02/2017
    complaint = Complaint.objects.get(disclosure=disclosure)
    assert (complaint.filed_by.username, complaint.answered_by.username) == ("canbo.quangnam", "ban.quangnam")
    decision = AwardDecision.objects.get(province__code="quang-nam")
    assert (decision.number_symbol, decision.decided_on, decision.year, decision.status, decision.authority,
            decision.recorded_by.username, decision.disclosure_id) == (
        "86/QĐ-UBND", datetime.date(2017, 3, 20), 2016, DecisionStatus.RECORDED,
        "Ủy ban nhân dân tỉnh Quảng Nam", "ban.quangnam", disclosure.pk)
    base = Decimal("1210000")  # Decree 47/2016, in force from 01/05/2016 until 30/06/2017
    assert reward_amount(multiple=Decimal("15.5"), base_salary=base) == Decimal("18760000")  # rounded up
    rows = sorted(decision.lines.values_list("award_type__code", "recipient_name", "cash_multiple", "base_salary",
                                             "amount"))
    assert rows == [
        ("bang_khen_chu_tich_tinh", "Sở Giao thông vận tải", Decimal("2.00"), base, Decimal("2420000")),
        ("co_thi_dua_tinh", "Sở Thông tin và Truyền thông", Decimal("15.50"), base, Decimal("18760000")),
    ]
    assert all(amount == reward_amount(multiple=multiple, base_salary=salary)
               for *_rest, multiple, salary, amount in rows)
    awards = sorted(Award.objects.filter(decision_line__decision=decision).values_list(
        "award_type__code", "department__name", "year", "decision_reference", "is_withdrawn"))
    assert awards == [("bang_khen_chu_tich_tinh", "Sở Giao thông vận tải", 2016, "86/QĐ-UBND", False),
                      ("co_thi_dua_tinh", "Sở Thông tin và Truyền thông", 2016, "86/QĐ-UBND", False)]
    assert verify_chain() == []


def test_loading_again_changes_nothing(loaded):
    before = (AuditEvent.objects.count(), AwardDecision.objects.count(), Award.objects.count())
    load_demo()
    assert (AuditEvent.objects.count(), AwardDecision.objects.count(), Award.objects.count()) == before
