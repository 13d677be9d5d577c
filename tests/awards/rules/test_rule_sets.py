"""Rule sets and their periods, award rules and conditions, and the default catalogue."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from awards.defaults import install_defaults, report_message
from awards.domain import rules as services
from awards.domain.eligibility import rule_set_for, rule_set_on
from awards.models import AwardRule, AwardType, EligibilityCondition, RuleSet
from tests.factories.awards import NominationFactory

pytestmark = pytest.mark.integration

SET_2014 = "Luật Thi đua, Khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP"
SET_2024 = "Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP"
SET_2025 = "Luật Thi đua, Khen thưởng 2022 và Nghị định 152/2025/NĐ-CP"


def d(text):
    return datetime.date.fromisoformat(text)


def test_each_year_is_judged_by_the_rule_set_in_force_on_its_last_day(catalogue):
    province = catalogue.province
    assert {y: rule_set_for(province=province, year=y).name for y in (2014, 2017, 2023, 2024, 2025, 2026)} == {
        2014: SET_2014, 2017: SET_2014, 2023: SET_2014, 2024: SET_2024, 2025: SET_2025, 2026: SET_2025}


def test_a_day_picks_the_rule_set_of_that_day(catalogue):
    province = catalogue.province
    assert rule_set_on(province=province, on_date=d("2025-06-30")).name == SET_2024
    assert rule_set_on(province=province, on_date=d("2025-07-01")).name == SET_2025
    assert rule_set_on(province=province, on_date=d("2024-01-01")).name == SET_2024
    assert rule_set_on(province=province, on_date=d("2023-12-31")).name == SET_2014


def test_a_year_without_rules_is_refused_clearly(catalogue):
    with pytest.raises(ValidationError) as exc:
        rule_set_for(province=catalogue.province, year=2013)
    assert exc.value.messages == [
        f"Tỉnh {catalogue.province.name} chưa có bộ quy định khen thưởng có hiệu lực vào ngày 31/12/2013; Ban Thi "
        "đua - Khen thưởng cần khai báo bộ quy định cho thời kỳ này."]


def test_another_province_has_no_rules_of_its_own(catalogue):
    with pytest.raises(ValidationError):
        rule_set_for(province=catalogue.far_province, year=2024)


@pytest.mark.parametrize(("start", "end", "clash", "clash_period"), [
    ("2025-01-01", "2025-12-31", SET_2024, "01/01/2024 – 30/06/2025"),
    ("2023-12-31", "2023-12-31", SET_2014, "01/01/2014 – 31/12/2023"),
    ("2030-01-01", None, SET_2025, "từ 01/07/2025"),
    ("2000-01-01", None, SET_2014, "01/01/2014 – 31/12/2023"),
])
def test_overlapping_periods_are_refused_with_the_clashing_set_named(catalogue, start, end, clash, clash_period):
    before = RuleSet.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_rule_set(province=catalogue.province, name="Quy định riêng", valid_from=d(start),
                                 valid_to=d(end) if end else None, user=catalogue.board)
    period = f"{d(start):%d/%m/%Y} – {d(end):%d/%m/%Y}" if end else f"từ {d(start):%d/%m/%Y}"
    assert exc.value.messages == [
        f"Thời gian hiệu lực {period} trùng với bộ quy định “{clash}” ({clash_period}). Mỗi ngày chỉ có một bộ quy "
        "định có hiệu lực trong tỉnh: hãy điều chỉnh ngày hết hiệu lực của bộ quy định cũ trước."]
    assert RuleSet.objects.count() == before


def test_periods_that_touch_without_overlapping_are_accepted(world):
    first = services.create_rule_set(province=world.province, name="A", valid_from=d("2024-01-01"),
                                     valid_to=d("2024-12-31"), user=world.board)
    second = services.create_rule_set(province=world.province, name="B", valid_from=d("2025-01-01"), user=world.board)
    # The same period in another province does not clash.
    services.create_rule_set(province=world.far_province, name="A", valid_from=d("2024-01-01"), user=world.far_board)
    assert [rs.name for rs in RuleSet.objects.filter(province=world.province).order_by("valid_from")] == ["A", "B"]
    assert (first.valid_to, second.valid_to) == (d("2024-12-31"), None)
    assert AuditEvent.objects.filter(event_type="rule_set.created").count() == 3


def test_a_period_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.create_rule_set(province=world.province, name="A", valid_from=d("2024-01-01"),
                                 valid_to=d("2023-01-01"), user=world.board)
    assert exc.value.messages == ["Ngày hết hiệu lực phải sau hoặc trùng ngày bắt đầu hiệu lực."]


def test_closing_the_open_set_lets_a_new_one_follow(catalogue):
    current = catalogue.sets[2025]
    services.update_rule_set(rule_set=current, name=current.name, valid_from=current.valid_from,
                             valid_to=d("2027-12-31"), legal_basis=current.legal_basis, user=catalogue.board)
    new = services.create_rule_set(province=catalogue.province, name="Luật sửa đổi", valid_from=d("2028-01-01"),
                                   user=catalogue.board)
    assert rule_set_for(province=catalogue.province, year=2028) == new
    event = AuditEvent.objects.filter(event_type="rule_set.changed").get()
    assert (event.old_value["valid_to"], event.new_value["valid_to"]) == (None, "2027-12-31")


def test_editing_a_set_into_its_neighbour_is_refused(catalogue):
    current = catalogue.sets[2025]
    with pytest.raises(ValidationError) as exc:
        services.update_rule_set(rule_set=current, name=current.name, valid_from=d("2025-06-01"), valid_to=None,
                                 legal_basis="", user=catalogue.board)
    assert exc.value.messages[0].startswith(f"Thời gian hiệu lực từ 01/06/2025 trùng với bộ quy định “{SET_2024}”")
    current.refresh_from_db()
    assert current.valid_from == d("2025-07-01")


def test_a_set_that_judged_nominations_keeps_their_years_and_cannot_be_deleted(years):
    w = years
    NominationFactory(bloc_year=w.by[2024], award_type=w.types["co_thi_dua_tinh"], department=w.own_departments[0],
                      rule_set=w.sets[2024])
    rule_set = w.sets[2024]
    with pytest.raises(ValidationError) as exc:
        services.update_rule_set(rule_set=rule_set, name=rule_set.name, valid_from=d("2024-01-01"),
                                 valid_to=d("2024-06-30"), legal_basis="", user=w.board)
    assert exc.value.messages == ["Không thể đổi thời gian hiệu lực: đề nghị khen thưởng năm 2024 đã được xét theo "
                                  "bộ quy định này."]
    with pytest.raises(ValidationError) as exc:
        services.delete_rule_set(rule_set=rule_set, user=w.board)
    assert exc.value.messages == ["Không thể xóa bộ quy định đã dùng để xét đề nghị khen thưởng."]
    assert RuleSet.objects.filter(pk=rule_set.pk).exists()


def test_deleting_an_unused_set_removes_its_rules_and_records_them(catalogue):
    rule_set = catalogue.sets[2014]
    services.delete_rule_set(rule_set=rule_set, user=catalogue.board)
    assert not AwardRule.objects.filter(rule_set_id=rule_set.pk).exists()
    event = AuditEvent.objects.get(event_type="rule_set.deleted")
    assert [r["award_type"] for r in event.old_value["rules"]] == [
        "co_thi_dua_chinh_phu", "co_thi_dua_tinh", "bang_khen_chu_tich_tinh", "tap_the_lao_dong_xuat_sac",
        "tap_the_lao_dong_tien_tien"]


# --- Award rules and conditions -------------------------------------------------------------------------


@pytest.fixture
def empty_set(catalogue):
    catalogue.rule_set = services.create_rule_set(province=catalogue.province, name="Thử", valid_from=d("2000-01-01"),
                                                  valid_to=d("2013-12-31"),
                                                  user=catalogue.board)
    return catalogue


def test_a_rule_with_its_conditions_is_saved_in_order(empty_set):
    w = empty_set
    rule = services.save_award_rule(
        rule_set=w.rule_set, award_type=w.types["co_thi_dua_tinh"], article="Điều 26", cash_multiple="15.5",
        conditions=[{"kind": "led_bloc", "params": {}}, {"kind": "holds_award", "params": {
            "award_type": "tap_the_lao_dong_xuat_sac", "year_offset": "-1"}, "description": " Năm trước "}],
        user=w.board)
    assert (rule.article, rule.cash_multiple) == ("Điều 26", Decimal("15.50"))
    assert list(rule.conditions.values_list("position", "kind", "params", "description")) == [
        (1, "led_bloc", {"max_rank": 1}, ""),
        (2, "holds_award", {"award_type": "tap_the_lao_dong_xuat_sac", "year_offset": -1}, "Năm trước")]


def test_a_second_rule_for_the_same_award_type_is_refused(empty_set):
    w = empty_set
    services.save_award_rule(rule_set=w.rule_set, award_type=w.types["co_thi_dua_tinh"], article="", cash_multiple=0,
                             user=w.board)
    with pytest.raises(ValidationError) as exc:
        services.save_award_rule(rule_set=w.rule_set, award_type=w.types["co_thi_dua_tinh"], article="",
                                 cash_multiple=0, user=w.board)
    assert exc.value.messages == ["Bộ quy định đã có quy định cho “Cờ thi đua của UBND tỉnh”."]


@pytest.mark.parametrize(("kind", "params", "message"), [
    ("cheating", {}, "Loại điều kiện không hợp lệ."),
    ("led_bloc", [1], "Tham số của điều kiện phải là một đối tượng JSON."),
    ("led_bloc", {"max_rank": 0}, "“Số đơn vị dẫn đầu” phải từ 1 đến 50."),
    ("led_bloc", {"max_rank": True}, "“Số đơn vị dẫn đầu” phải là số nguyên."),
    ("ranked_at_most", {}, "Thiếu tham số “Hạng”."),
    ("ranked_at_most", {"rank": "ba"}, "“Hạng” phải là số nguyên."),
    ("classification_at_least", {"classification": "top"},
     "Xếp loại không hợp lệ; chọn một trong: excellent, good, complete, incomplete."),
    ("holds_award", {"award_type": "huan_chuong"}, "Hình thức khen thưởng “huan_chuong” không có trong danh mục của "
                                                   "tỉnh."),
    ("holds_award", {"award_type": "co_thi_dua_tinh", "year_offset": 1}, "“Năm so với năm thi đua” phải từ -20 đến 0."),
    ("consecutive_years", {"years": 2}, "Điều kiện nhiều năm liên tục cần đúng một trong hai: hình thức khen thưởng "
                                        "hoặc xếp loại."),
    ("consecutive_years", {"classification": "good", "award_type": "co_thi_dua_tinh", "years": 2},
     "Điều kiện nhiều năm liên tục cần đúng một trong hai: hình thức khen thưởng hoặc xếp loại."),
    ("consecutive_years", {"classification": "good", "years": 1}, "“Số năm liên tục” phải từ 2 đến 20."),
    ("member_share_at_least", {"status": "happy", "percent": 70},
     "Tiêu chí thành viên không hợp lệ; chọn một trong: completed, good, lao_dong_tien_tien, not_disciplined."),
    ("member_share_at_least", {"status": "good", "percent": 0}, "Tỷ lệ phải là một số lớn hơn 0 và không quá 100."),
    ("member_share_at_least", {"status": "good", "percent": "NaN"}, "Tỷ lệ phải là một số lớn hơn 0 và không quá 100."),
])
def test_bad_condition_parameters_are_refused_and_nothing_is_saved(empty_set, kind, params, message):
    w = empty_set
    rule = services.save_award_rule(rule_set=w.rule_set, award_type=w.types["co_thi_dua_tinh"], article="",
                                    cash_multiple=0, user=w.board)
    with pytest.raises(ValidationError) as exc:
        services.add_condition(rule=rule, kind=kind, params=params, user=w.board)
    assert exc.value.messages == [message]
    assert not EligibilityCondition.objects.filter(rule=rule).exists()


@pytest.mark.parametrize("value", ["-1", "abc", "10000", "Infinity"])
def test_a_bad_cash_multiple_is_refused(empty_set, value):
    w = empty_set
    with pytest.raises(ValidationError) as exc:
        services.save_award_rule(rule_set=w.rule_set, award_type=w.types["co_thi_dua_tinh"], article="",
                                 cash_multiple=value, user=w.board)
    assert exc.value.messages == ["Hệ số tiền thưởng phải là số từ 0 đến 9999.99."]


def test_conditions_are_added_changed_and_deleted_with_audit(empty_set):
    w = empty_set
    rule = services.save_award_rule(rule_set=w.rule_set, award_type=w.types["co_thi_dua_tinh"], article="",
                                    cash_multiple=0, user=w.board)
    first = services.add_condition(rule=rule, kind="led_bloc", params={"max_rank": 2}, user=w.board)
    second = services.add_condition(rule=rule, kind="classification_at_least", params={"classification": "good"},
                                    user=w.board)
    services.update_condition(condition=first, kind="ranked_at_most", params={"rank": 3}, description="Top 3",
                              user=w.board)
    services.delete_condition(condition=second, user=w.board)
    assert list(rule.conditions.values_list("position", "kind", "params", "description")) == [
        (1, "ranked_at_most", {"rank": 3}, "Top 3")]
    assert list(AuditEvent.objects.filter(event_type__startswith="condition.").values_list(
        "event_type", flat=True).order_by("id")) == ["condition.added", "condition.added", "condition.changed",
                                                      "condition.deleted"]


def test_an_award_type_code_is_unique_in_its_province(catalogue):
    with pytest.raises(ValidationError) as exc:
        services.create_award_type(province=catalogue.province, code="co_thi_dua_tinh", name="Cờ", user=catalogue.board)
    assert exc.value.messages == ["Tỉnh đã có hình thức khen thưởng mã “co_thi_dua_tinh”."]
    other = services.create_award_type(province=catalogue.province, code="giay_khen", name="Giấy khen",
                                       user=catalogue.board)
    assert other.position == 6


# --- Defaults -------------------------------------------------------------------------------------------


def test_the_defaults_install_once(world):
    first = install_defaults(province=world.province, user=world.board)
    events = AuditEvent.objects.count()
    second = install_defaults(province=world.province, user=world.board)
    assert report_message(first) == "Đã thêm 5 hình thức khen thưởng và 3 bộ quy định."
    assert report_message(second) == ("Tỉnh đã có đủ danh mục và các bộ quy định mặc định; không có gì "
                                      "thay đổi.")
    assert AuditEvent.objects.count() == events
    assert list(AwardType.objects.filter(province=world.province).values_list("position", "code", "recipient")) == [
        (1, "co_thi_dua_chinh_phu", "collective"), (2, "co_thi_dua_tinh", "collective"),
        (3, "bang_khen_chu_tich_tinh", "collective"), (4, "tap_the_lao_dong_xuat_sac", "collective"),
        (5, "tap_the_lao_dong_tien_tien", "collective")]
    assert list(RuleSet.objects.filter(province=world.province).order_by("valid_from").values_list(
        "name", "valid_from", "valid_to")) == [(SET_2014, d("2014-01-01"), d("2023-12-31")),
                                               (SET_2024, d("2024-01-01"), d("2025-06-30")),
                                               (SET_2025, d("2025-07-01"), None)]


def test_the_default_rules_of_2025(catalogue):
    rules = {r.award_type.code: r for r in AwardRule.objects.filter(rule_set=catalogue.sets[2025])}
    summary = {code: (r.article, r.cash_multiple, [(c.kind, c.params) for c in r.conditions.all()])
               for code, r in rules.items()}
    assert summary == {
        "co_thi_dua_chinh_phu": ("Điều 25 Luật Thi đua, Khen thưởng 2022", Decimal("24.50"), [
            ("led_bloc", {"max_rank": 1}), ("classification_at_least", {"classification": "excellent"})]),
        "co_thi_dua_tinh": ("Điều 26 Luật Thi đua, Khen thưởng 2022", Decimal("15.50"), [
            ("led_bloc", {"max_rank": 1}), ("classification_at_least", {"classification": "excellent"})]),
        "bang_khen_chu_tich_tinh": ("Điều 74 Luật Thi đua, Khen thưởng 2022", Decimal("2.00"), [
            ("ranked_at_most", {"rank": 3}), ("classification_at_least", {"classification": "good"})]),
        "tap_the_lao_dong_xuat_sac": ("Điều 27 Luật Thi đua, Khen thưởng 2022", Decimal("1.50"), [
            ("classification_at_least", {"classification": "excellent"}),
            ("member_share_at_least", {"status": "completed", "percent": 100}),
            ("member_share_at_least", {"status": "good", "percent": 70})]),
        "tap_the_lao_dong_tien_tien": ("Điều 28 Luật Thi đua, Khen thưởng 2022", Decimal("0.80"), [
            ("classification_at_least", {"classification": "good"}),
            ("member_share_at_least", {"status": "lao_dong_tien_tien", "percent": 70}),
            ("member_share_at_least", {"status": "not_disciplined", "percent": 100})]),
    }
    assert "giá trị minh họa, Ban TĐKT cần cập nhật" in catalogue.sets[2025].legal_basis


def test_a_default_set_that_overlaps_the_boards_own_is_skipped_and_said(world):
    services.create_rule_set(province=world.province, name="Quy định của tỉnh", valid_from=d("2025-01-01"),
                             user=world.board)
    report = install_defaults(province=world.province, user=world.board)
    assert report.rule_sets == [SET_2014]
    assert report_message(report) == (
        "Đã thêm 5 hình thức khen thưởng và 1 bộ quy định. "
        f"Bỏ qua “{SET_2024}”: Thời gian hiệu lực 01/01/2024 – 30/06/2025 trùng với bộ quy định “Quy định của tỉnh” "
        "(từ 01/01/2025). Mỗi ngày chỉ có một bộ quy định có hiệu lực trong tỉnh: hãy điều chỉnh ngày hết hiệu lực "
        "của bộ quy định cũ trước. "
        f"Bỏ qua “{SET_2025}”: Thời gian hiệu lực từ 01/07/2025 trùng với bộ quy định “Quy định của tỉnh” "
        "(từ 01/01/2025). Mỗi ngày chỉ có một bộ quy định có hiệu lực trong tỉnh: hãy điều chỉnh ngày hết hiệu lực "
        "của bộ quy định cũ trước.")
