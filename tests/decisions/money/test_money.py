"""Reward money: multiple × base salary at the decision date, rounded up to 10,000 VND; yearly totals; Excel."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from awards.models import AwardRule
from decisions.domain.money import base_salary_on, reward_amount
from decisions.domain.queries.records import money_totals
from decisions.domain.records import LineInput, record_decision, withdraw_decision
from decisions.exporters import export_money
from tests.decisions.records.conftest import decision_fields, install_types

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("multiple", "base", "amount"), [
    ("1.5", 1800000, 2700000),  # exact: nothing to round
    ("1.5", 2340000, 3510000),
    ("0.3", 2340000, 710000),  # 702,000 rounds UP to 710,000
    ("4.5", 1490000, 6710000),  # 6,705,000 → 6,710,000
    ("0.01", 1, 10000),  # any part of ten thousand is a whole ten thousand
    ("0.8", 1390000, 1120000),  # 1,112,000 → 1,120,000
    ("0", 2340000, 0),
])
def test_reward_amount_rounds_up_to_ten_thousand(multiple, base, amount):
    assert reward_amount(multiple=Decimal(multiple), base_salary=Decimal(base)) == Decimal(amount)


@pytest.mark.django_db
def test_the_seeded_base_salaries_change_on_1_july_2024():
    assert base_salary_on(datetime.date(2024, 6, 30)).amount == Decimal("1800000")
    assert base_salary_on(datetime.date(2024, 7, 1)).amount == Decimal("2340000")
    assert base_salary_on(datetime.date(2016, 4, 30)) is None


def _decide(w, on, number, types=("merit",), year=2024, department=0):
    lines = [LineInput(award_type=w.types[key], department=w.other_departments[department]) for key in types]
    return record_decision(province=w.province, lines=lines, user=w.board,
                           **decision_fields(year=year, decided_on=on, number_symbol=number))


def _line(decision):
    return decision.lines.values_list("cash_multiple", "base_salary", "amount").get()


@pytest.fixture
def priced(world):
    world.types = install_types(world.province)
    AwardRule.objects.filter(award_type=world.types["merit"]).update(cash_multiple=Decimal("1.5"))
    return world


def test_the_same_multiple_before_and_after_the_base_salary_changes(priced):
    w = priced
    before = _decide(w, datetime.date(2024, 6, 30), "10/QĐ-UBND", department=0)
    after = _decide(w, datetime.date(2024, 7, 1), "11/QĐ-UBND", department=1)
    assert _line(before) == (Decimal("1.50"), Decimal("1800000"), Decimal("2700000"))
    assert _line(after) == (Decimal("1.50"), Decimal("2340000"), Decimal("3510000"))
    totals = money_totals(province=w.province, year=2024)
    assert [(r.award_type, r.count, r.amount) for r in totals.rows] == [
        ("Bằng khen của Chủ tịch UBND tỉnh", 2, Decimal("6210000"))]
    assert (totals.count, totals.amount) == (2, Decimal("6210000"))


def test_the_multiple_comes_from_the_rule_set_in_force_at_the_decision_date(priced):
    w = priced
    AwardRule.objects.filter(award_type=w.types["person"]).delete()
    old = w.types["merit"].rules.get().rule_set
    old.valid_to = datetime.date(2024, 6, 30)
    old.save()
    newer = old.__class__.objects.create(province=w.province, name="Quy định mới",
                                         valid_from=datetime.date(2024, 7, 1))
    AwardRule.objects.create(rule_set=newer, award_type=w.types["merit"], cash_multiple=Decimal("2.3"))
    decision = _decide(w, datetime.date(2024, 7, 1), "12/QĐ-UBND")
    assert _line(decision) == (Decimal("2.30"), Decimal("2340000"), Decimal("5390000"))  # 5,382,000 rounded up


def test_an_award_type_without_a_multiple_is_priced_zero(priced):
    w = priced
    AwardRule.objects.filter(award_type=w.types["merit"]).update(cash_multiple=Decimal("0"))
    decision = _decide(w, datetime.date(2024, 7, 1), "13/QĐ-UBND")
    assert _line(decision) == (Decimal("0.00"), Decimal("2340000"), Decimal("0"))


def test_a_priced_award_before_any_base_salary_is_refused(priced):
    w = priced
    w.types["merit"].rules.get().rule_set.__class__.objects.filter(province=w.province).update(
        valid_from=datetime.date(2010, 1, 1))
    with pytest.raises(ValidationError) as refused:
        _decide(w, datetime.date(2016, 4, 1), "14/QĐ-UBND", year=2015)
    assert refused.value.messages == [
        "Chưa có mức lương cơ sở áp dụng tại ngày 01/04/2016 nên không tính được tiền thưởng “Bằng khen của Chủ "
        "tịch UBND tỉnh”; hãy bổ sung danh mục lương cơ sở."]


def test_totals_by_award_type_skip_withdrawn_decisions_and_other_years(priced):
    w = priced
    _decide(w, datetime.date(2024, 7, 1), "20/QĐ-UBND", types=("flag", "merit"), department=0)
    gone = _decide(w, datetime.date(2024, 7, 2), "21/QĐ-UBND", department=1)
    _decide(w, datetime.date(2024, 7, 3), "22/QĐ-UBND", year=2023, department=2)
    withdraw_decision(decision=gone, reason="Thu hồi", user=w.board, expected_version=1)
    totals = money_totals(province=w.province, year=2024)
    assert [(r.award_type, r.count, r.amount) for r in totals.rows] == [
        ("Cờ thi đua của UBND tỉnh", 1, Decimal("36270000")),
        ("Bằng khen của Chủ tịch UBND tỉnh", 1, Decimal("3510000"))]
    assert (totals.count, totals.amount) == (2, Decimal("39780000"))


def test_excel_export_has_a_row_per_award_type_and_the_total(priced):
    w = priced
    _decide(w, datetime.date(2024, 7, 1), "20/QĐ-UBND", types=("flag", "merit"))
    content = export_money(province=w.province, year=2024, totals=money_totals(province=w.province, year=2024))
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=5)]
    assert rows == [("STT", "Hình thức khen thưởng", "Số lượng", "Số tiền (đồng)"),
                    (1, "Cờ thi đua của UBND tỉnh", 1, 36270000),
                    (2, "Bằng khen của Chủ tịch UBND tỉnh", 1, 3510000),
                    (None, "Tổng cộng", 2, 39780000)]
    assert sheet["A2"].value == "TỔNG HỢP TIỀN THƯỞNG THEO HÌNH THỨC KHEN THƯỞNG NĂM 2024"
