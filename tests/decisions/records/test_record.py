"""Recording a decision: each awarded line becomes exactly one award, priced at the decision date, audited,
and the awarded departments' officers are told."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from awards.enums import AwardSource
from awards.models import Award
from decisions.domain.records import LineInput, record_decision
from decisions.enums import DecisionStatus
from decisions.models import AwardDecision, AwardDecisionLine
from notifications.models import Notification
from tests.decisions.records.conftest import awarded, decision_fields

pytestmark = pytest.mark.integration


def _record(w, *, lines=None, user=None, disclosure="default", **fields):
    return record_decision(province=w.province, lines=awarded(w.entries) if lines is None else lines,
                           user=user or w.board, disclosure=w.disclosure if disclosure == "default" else disclosure,
                           **decision_fields(**fields))


def _counts():
    return (AwardDecision.objects.count(), AwardDecisionLine.objects.count(), Award.objects.count(),
            AuditEvent.objects.count(), Notification.objects.count())


def test_record_from_the_disclosure_creates_one_award_per_awarded_line(decision_world):
    w = decision_world
    lines = [LineInput(entry=w.entries[0], awarded=True), LineInput(entry=w.entries[1], awarded=False),
             LineInput(entry=w.entries[2], awarded=True)]

    decision = _record(w, lines=lines)

    assert (decision.status, decision.number_symbol, decision.year, decision.disclosure_id) == (
        DecisionStatus.RECORDED, "125/QĐ-UBND", 2026, w.disclosure.pk)
    rows = list(decision.lines.order_by("position").values_list(
        "position", "department_id", "award_type_id", "entry_id", "nomination_id", "cash_multiple", "base_salary",
        "amount"))
    assert rows == [
        (1, w.own_departments[0].pk, w.types["flag"].pk, w.entries[0].pk, w.entries[0].nomination_id,
         Decimal("15.50"), Decimal("2340000"), Decimal("36270000")),
        (2, w.own_departments[2].pk, w.types["merit"].pk, w.entries[2].pk, w.entries[2].nomination_id,
         Decimal("2.00"), Decimal("2340000"), Decimal("4680000")),
    ]
    awards = list(Award.objects.order_by("decision_line__position").values_list(
        "department_id", "award_type_id", "year", "source", "decision_reference", "decided_on", "person_name",
        "is_withdrawn", "decision_line__decision_id"))
    assert awards == [
        (w.own_departments[0].pk, w.types["flag"].pk, 2026, AwardSource.DECISION, "125/QĐ-UBND",
         datetime.date(2026, 11, 20), "", False, decision.pk),
        (w.own_departments[2].pk, w.types["merit"].pk, 2026, AwardSource.DECISION, "125/QĐ-UBND",
         datetime.date(2026, 11, 20), "", False, decision.pk),
    ]


def test_record_is_audited_and_tells_the_awarded_officers(decision_world):
    w = decision_world
    decision = _record(w, lines=[LineInput(entry=w.entries[0]), LineInput(entry=w.entries[1], awarded=False)])

    events = list(AuditEvent.objects.order_by("id").values_list("event_type", "object_type", "actor_id"))
    assert events == [("decision.recorded", "decisions.awarddecision", w.board.pk),
                      ("award.recorded", "awards.award", w.board.pk)]
    recorded = AuditEvent.objects.get(event_type="decision.recorded").new_value
    assert (recorded["number_symbol"], recorded["not_awarded_entries"], recorded["lines"][0]["amount"]) == (
        "125/QĐ-UBND", [w.entries[1].pk], "36270000")
    notes = list(Notification.objects.values_list("user__username", "title", "url"))
    assert notes == [("officer0", "Quyết định khen thưởng 125/QĐ-UBND ngày 20/11/2026 (năm thi đua 2026)",
                      f"/decisions/records/{decision.pk}/")]
    body = Notification.objects.get().body
    assert body.endswith(f"- Cờ thi đua của UBND tỉnh: {w.own_departments[0].name}")


def test_the_same_decision_submitted_twice_is_recorded_once(decision_world):
    w = decision_world
    _record(w)
    before = _counts()

    with pytest.raises(ValidationError) as refused:
        _record(w)

    assert refused.value.messages == ["Quyết định số 125/QĐ-UBND của tỉnh đã được ghi nhận (ngày 20/11/2026)."]
    assert _counts() == before
    assert Award.objects.count() == 3


def test_the_same_number_in_other_letters_case_is_the_same_decision(decision_world):
    w = decision_world
    _record(w, lines=awarded(w.entries[:1]))
    with pytest.raises(ValidationError, match="125/QĐ-UBND của tỉnh đã được ghi nhận"):
        _record(w, lines=awarded(w.entries[1:]), number_symbol="125/qđ-ubnd")


def test_entries_already_decided_are_not_awarded_again_under_another_number(decision_world):
    w = decision_world
    _record(w)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        _record(w, lines=awarded(w.entries[:1]), number_symbol="126/QĐ-UBND")
    assert refused.value.messages == [f"Đã có quyết định khen thưởng cho: {w.own_departments[0].name}."]
    assert _counts() == before


def test_manual_lines_for_a_year_without_a_disclosure(decision_world):
    w = decision_world
    lines = [LineInput(award_type=w.types["merit"], department=w.other_departments[0]),
             LineInput(award_type=w.types["person"], department=w.other_departments[0], person_name=" Trần  Thị Bình ")]

    decision = _record(w, lines=lines, disclosure=None, year=2025, number_symbol="12/2026/QĐ-UBND")

    rows = list(decision.lines.values_list("recipient_name", "person_name", "amount", "entry_id"))
    assert rows == [(w.other_departments[0].name, "", Decimal("4680000"), None),
                    (f"Trần Thị Bình – {w.other_departments[0].name}", "Trần Thị Bình", Decimal("710000"), None)]
    assert list(Award.objects.order_by("pk").values_list("year", "person_name")) == [(2025, ""),
                                                                                     (2025, "Trần Thị Bình")]


def test_a_live_award_of_the_same_recipient_type_and_year_refuses_the_line(decision_world):
    w = decision_world
    Award.objects.create(department=w.own_departments[0], award_type=w.types["flag"], year=2026,
                         source=AwardSource.IMPORTED, decision_reference="99/QĐ-UBND")
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        _record(w)
    assert refused.value.messages == [
        f"Đã có khen thưởng còn hiệu lực: {w.own_departments[0].name}: Cờ thi đua của UBND tỉnh 2026."]
    assert _counts() == before


def test_a_disclosure_not_yet_sent_to_the_council_blocks_the_decision(decision_world):
    w = decision_world
    w.disclosure.status = "open"
    w.disclosure.save()
    before = _counts()
    message = ("Danh sách đề nghị khen thưởng năm 2026 chưa được trình Hội đồng Thi đua - Khen thưởng; hãy trình "
               "Hội đồng trước khi ghi nhận quyết định.")
    with pytest.raises(ValidationError) as refused:
        _record(w)
    assert refused.value.messages == [message]
    manual = [LineInput(award_type=w.types["merit"], department=w.other_departments[0])]
    with pytest.raises(ValidationError) as refused:
        _record(w, lines=manual, disclosure=None)
    assert refused.value.messages == [
        "Danh sách đề nghị khen thưởng năm 2026 đang công khai, chưa trình Hội đồng Thi đua - Khen thưởng; hãy "
        "trình Hội đồng trước khi ghi nhận quyết định."]
    assert _counts() == before


def _manual(w, **kw):
    return LineInput(**{"award_type": w.types["merit"], "department": w.other_departments[0], **kw})


BAD = {
    # id: (fields, lines(world) or None for the disclosure's, use the disclosure, expected message)
    "number-blank": ({"number_symbol": "  "}, None, True, "Hãy nhập số, ký hiệu quyết định."),
    "number-shape": ({"number_symbol": "QĐ-UBND"}, None, True,
                     "Số, ký hiệu “QĐ-UBND” không đúng dạng số/ký hiệu, ví dụ 125/QĐ-UBND."),
    "number-nul": ({"number_symbol": "125/QĐ\x00"}, None, True, "Không được chứa ký tự NUL."),
    "number-too-long": ({"number_symbol": "1/" + "Q" * 60}, None, True,
                        "Số, ký hiệu quyết định không được dài quá 60 ký tự."),
    "authority-blank": ({"authority": ""}, None, True, "Hãy nhập cơ quan ban hành."),
    "signer-blank": ({"signer_name": " "}, None, True, "Hãy nhập họ tên người ký."),
    "position-too-long": ({"signer_position": "C" * 201}, None, True,
                          "Chức vụ người ký không được dài quá 200 ký tự."),
    "future-date": ({"decided_on": datetime.date(2999, 1, 1)}, None, True,
                    "Ngày ký quyết định không được sau hôm nay."),
    "date-not-a-date": ({"decided_on": "2026-11-20"}, None, True, "Ngày ký quyết định không hợp lệ."),
    "year-after-the-date": ({"year": 2027, "decided_on": datetime.date(2026, 1, 5)}, None, False,
                            "Năm thi đua phải từ 2000 đến năm ký quyết định (2026)."),
    "year-too-early": ({"year": 1999}, None, False, "Năm thi đua phải từ 2000 đến năm ký quyết định (2026)."),
    "year-of-another-disclosure": ({"year": 2025}, None, True,
                                   "Danh sách công khai không thuộc tỉnh và năm thi đua của quyết định."),
    "dated-during-the-disclosure": ({"decided_on": datetime.date(2026, 11, 6)}, None, True,
                                    "Ngày ký quyết định phải sau ngày kết thúc công khai danh sách (06/11/2026)."),
    "nothing-awarded": ({}, lambda w: [LineInput(entry=e, awarded=False) for e in w.entries], True,
                        "Quyết định phải khen thưởng ít nhất một đơn vị hoặc cá nhân."),
    "no-lines": ({}, lambda w: [], True, "Quyết định phải khen thưởng ít nhất một đơn vị hoặc cá nhân."),
    "entry-twice": ({}, lambda w: awarded([w.entries[0], w.entries[0]]), True,
                    "Một đơn vị hoặc cá nhân được ghi hai lần cho cùng một hình thức khen thưởng."),
    "manual-line-with-a-disclosure": ({}, lambda w: [_manual(w)], True,
                                      "Dòng đề nghị không thuộc danh sách công khai của quyết định."),
    "entry-without-a-disclosure": ({"year": 2025}, lambda w: awarded(w.entries[:1]), False,
                                   "Quyết định không theo danh sách công khai nào: hãy nhập từng dòng khen thưởng."),
    "manual-twice": ({"year": 2025}, lambda w: [_manual(w), _manual(w)], False,
                     "Một đơn vị hoặc cá nhân được ghi hai lần cho cùng một hình thức khen thưởng."),
    "manual-far-unit": ({"year": 2025}, lambda w: [_manual(w, department=w.far_departments[0])], False,
                        "Hình thức khen thưởng và đơn vị phải thuộc tỉnh của quyết định."),
    "manual-far-award": ({"year": 2025}, lambda w: [_manual(w, award_type=w.far_types["merit"])], False,
                         "Hình thức khen thưởng và đơn vị phải thuộc tỉnh của quyết định."),
    "manual-missing-unit": ({"year": 2025}, lambda w: [_manual(w, department=None)], False,
                            "Mỗi dòng cần hình thức khen thưởng và đơn vị."),
    "individual-without-name": ({"year": 2025}, lambda w: [_manual(w, award_type=w.types["person"])], False,
                                None),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_with_a_message_and_changes_nothing(decision_world, case):
    w = decision_world
    fields, lines, with_disclosure, message = BAD[case]
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        _record(w, lines=lines(w) if lines else None, disclosure="default" if with_disclosure else None, **fields)
    expected = message or (f"“Chiến sĩ thi đua cơ sở” tặng cho cá nhân: hãy ghi họ tên người được khen thưởng "
                           f"({w.other_departments[0].name}).")
    assert refused.value.messages == [expected]
    assert _counts() == before


@pytest.mark.parametrize("role", ["secretariat", "officer", "leader", "other_officer", "far_board"])
def test_only_the_provinces_board_records(decision_world, role):
    w = decision_world
    before = _counts()
    with pytest.raises(PermissionDenied):
        _record(w, user=getattr(w, role))
    assert _counts() == before


def test_an_entry_of_a_withdrawn_decision_can_be_decided_again(decision_world):
    from decisions.domain.records import withdraw_decision

    w = decision_world
    first = _record(w)
    withdraw_decision(decision=first, reason="Sai sót danh sách", user=w.board, expected_version=1)
    second = _record(w, number_symbol="130/QĐ-UBND")
    assert second.lines.count() == 3
    assert Award.objects.filter(is_withdrawn=False, decision_line__decision=second).count() == 3
    assert Award.objects.filter(is_withdrawn=True).count() == 3
