"""Eligibility verdicts: the rule set of the year's time, each condition kind met / not met / unknown."""
import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from awards.domain import rules as services
from awards.domain.eligibility import Verdict, evaluate, evaluate_bloc_year
from awards.enums import NominationStatus
from awards.models import AwardRule
from blocs.domain.services import record_succession
from blocs.enums import SuccessionKind
from scoring.enums import RoundStatus
from tests.awards.rules.conftest import award, judged, ranked, year_of
from tests.factories.awards import NominationFactory
from tests.factories.blocs import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.integration

SET_2014 = "Luật Thi đua, Khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP"
SET_2024 = "Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP"
SET_2025 = "Luật Thi đua, Khen thưởng 2022 và Nghị định 152/2025/NĐ-CP"
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"


def test_a_2024_year_is_judged_by_the_2024_rules(years):
    w = years
    d0 = w.own_departments[0]
    verdict = evaluate(department=d0, bloc_year=w.by[2024], award_type=w.types["co_thi_dua_tinh"])
    assert (verdict.rule_set, verdict.article, verdict.judged_on, verdict.year) == (
        {"id": w.sets[2024].pk, "name": SET_2024}, "Điều 26 Luật Thi đua, Khen thưởng 2022", "2024-12-31", 2024)
    assert judged(verdict) == (True, [
        ("led_bloc", "Dẫn đầu khối thi đua năm 2024 (xếp thứ nhất)", True,
         "Xếp thứ 1 trong bảng xếp hạng tổng kết năm 2024 đã chốt."),
        ("classification_at_least", f"Xếp loại từ “{EXCELLENT}” trở lên năm 2024", True,
         f"Xếp loại năm 2024: {EXCELLENT}."),
    ])
    assert verdict.summary == ("Đủ điều kiện xét tặng “Cờ thi đua của UBND tỉnh” (Điều 26 Luật Thi đua, Khen "
                               f"thưởng 2022; bộ quy định “{SET_2024}”).")


def test_a_2025_year_is_judged_by_decree_152(years):
    w = years
    verdict = evaluate(department=w.own_departments[1], bloc_year=w.by[2025], award_type=w.types["co_thi_dua_tinh"])
    assert verdict.rule_set == {"id": w.sets[2025].pk, "name": SET_2025}
    assert judged(verdict) == (False, [
        ("led_bloc", "Dẫn đầu khối thi đua năm 2025 (xếp thứ nhất)", False,
         "Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2025 đã chốt; cần xếp thứ nhất."),
        ("classification_at_least", f"Xếp loại từ “{EXCELLENT}” trở lên năm 2025", True,
         f"Xếp loại năm 2025: {EXCELLENT}."),
    ])


def test_a_2025_year_judged_on_a_day_before_july_uses_decree_98(years):
    w = years
    verdict = evaluate(department=w.own_departments[0], bloc_year=w.by[2025], award_type=w.types["co_thi_dua_tinh"],
                       on_date=datetime.date(2025, 3, 1))
    assert (verdict.rule_set["name"], verdict.judged_on) == (SET_2024, "2025-03-01")


def test_a_2017_year_is_judged_by_the_rules_of_its_time(years):
    w = years
    d0, d1, d2 = w.own_departments
    flag = evaluate(department=d1, bloc_year=w.by[2017], award_type=w.types["co_thi_dua_tinh"])
    assert (flag.rule_set["name"], flag.article) == (SET_2014, "Điều 26 Luật Thi đua, Khen thưởng 2003")
    assert judged(flag) == (True, [
        ("led_bloc", "Thuộc nhóm dẫn đầu khối thi đua năm 2017 (2 đơn vị đứng đầu)", True,
         "Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2017 đã chốt."),
        ("classification_at_least", f"Xếp loại từ “{EXCELLENT}” trở lên năm 2017", True,
         f"Xếp loại năm 2017: {EXCELLENT}."),
    ])
    merit = evaluate(department=d2, bloc_year=w.by[2017], award_type=w.types["bang_khen_chu_tich_tinh"])
    assert judged(merit) == (False, [
        ("classification_at_least", f"Xếp loại từ “{EXCELLENT}” trở lên năm 2017", False,
         f"Xếp loại năm 2017: Hoàn thành tốt nhiệm vụ; cần từ “{EXCELLENT}” trở lên."),
    ])
    # The same unit, same result, in 2024: the certificate's rules changed (ranked ≤ 3, good or better).
    assert evaluate(department=d2, bloc_year=w.by[2024], award_type=w.types["bang_khen_chu_tich_tinh"]).eligible


def test_an_ineligible_verdict_names_each_failing_condition(years):
    w = years
    d2 = w.own_departments[2]
    verdict = evaluate(department=d2, bloc_year=w.by[2024], award_type=w.types["co_thi_dua_chinh_phu"])
    assert [c.description for c in verdict.failing] == [
        "Được chọn trong số các tập thể dẫn đầu khối thi đua (xếp thứ nhất khối)",
        f"Xếp loại từ “{EXCELLENT}” trở lên năm 2024"]
    assert verdict.summary == (
        "Không đủ điều kiện xét tặng “Cờ thi đua của Chính phủ” (Điều 25 Luật Thi đua, Khen thưởng 2022; bộ quy "
        f"định “{SET_2024}”). Điều kiện chưa đạt: Được chọn trong số các tập thể dẫn đầu khối thi đua (xếp thứ nhất "
        "khối) (Xếp thứ 3 trong bảng xếp hạng tổng kết năm 2024 đã chốt; cần xếp thứ nhất); Xếp loại từ “Hoàn thành "
        "xuất sắc nhiệm vụ” trở lên năm 2024 (Xếp loại năm 2024: Hoàn thành tốt nhiệm vụ; cần từ “Hoàn thành xuất "
        "sắc nhiệm vụ” trở lên).")


def test_member_results_are_unknown_so_the_collective_titles_are_undecided(years):
    w = years
    verdict = evaluate(department=w.own_departments[0], bloc_year=w.by[2024],
                       award_type=w.types["tap_the_lao_dong_xuat_sac"])
    no_data = ("Chưa có dữ liệu: hệ thống chưa ghi nhận kết quả của từng thành viên (cán bộ, người lao động) của "
               "đơn vị.")
    assert judged(verdict) == (None, [
        ("classification_at_least", f"Xếp loại từ “{EXCELLENT}” trở lên năm 2024", True,
         f"Xếp loại năm 2024: {EXCELLENT}."),
        ("member_share_at_least", "Tất cả (100%) thành viên hoàn thành nhiệm vụ trở lên", None, no_data),
        ("member_share_at_least", "Ít nhất 70% thành viên hoàn thành tốt hoặc xuất sắc nhiệm vụ", None, no_data),
    ])
    assert verdict.summary.startswith("Chưa đủ dữ liệu để kết luận về “Tập thể lao động xuất sắc” (Điều 27 Luật "
                                      "Thi đua, Khen thưởng 2022; bộ quy định")


def test_a_verdict_round_trips_through_json(years):
    w = years
    verdict = evaluate(department=w.own_departments[1], bloc_year=w.by[2024], award_type=w.types["co_thi_dua_tinh"])
    data = json.loads(json.dumps(verdict.to_json()))
    assert Verdict.from_json(data) == verdict
    assert data["eligible"] is False
    assert data["conditions"][0] == {
        "kind": "led_bloc", "description": "Dẫn đầu khối thi đua năm 2024 (xếp thứ nhất)", "met": False,
        "detail": "Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2024 đã chốt; cần xếp thứ nhất.",
        "params": {"max_rank": 1}}
    assert data["summary"] == verdict.summary


def test_refusals_of_an_evaluation(years):
    w = years
    outsider = w.unassigned
    with pytest.raises(ValidationError) as exc:
        evaluate(department=outsider, bloc_year=w.by[2024], award_type=w.types["co_thi_dua_tinh"])
    assert exc.value.messages == [f"“{outsider.name}” không phải là đơn vị thành viên của khối năm 2024."]
    extra = services.create_award_type(province=w.province, code="giay_khen", name="Giấy khen", user=w.board)
    with pytest.raises(ValidationError) as exc:
        evaluate(department=w.own_departments[0], bloc_year=w.by[2024], award_type=extra)
    assert exc.value.messages == [f"Bộ quy định “{SET_2024}” chưa có quy định xét tặng “Giấy khen”."]
    far_type = services.create_award_type(province=w.far_province, code="co", name="Cờ", user=w.far_board)
    with pytest.raises(ValidationError) as exc:
        evaluate(department=w.own_departments[0], bloc_year=w.by[2024], award_type=far_type)
    assert exc.value.messages == ["Hình thức khen thưởng không thuộc tỉnh của khối."]


def test_the_whole_table_of_a_bloc_year(years):
    w = years
    table = evaluate_bloc_year(bloc_year=w.by[2024])
    assert table.rule_set == w.sets[2024]
    assert [t.code for t in table.award_types] == [
        "co_thi_dua_chinh_phu", "co_thi_dua_tinh", "bang_khen_chu_tich_tinh", "tap_the_lao_dong_xuat_sac",
        "tap_the_lao_dong_tien_tien"]
    names = {d.pk: d.name for d in w.own_departments}
    assert [(names[pk], [v.eligible for v in verdicts]) for pk, _name, verdicts in table.rows] == sorted([
        (w.own_departments[0].name, [True, True, True, None, None]),
        (w.own_departments[1].name, [False, False, True, None, None]),
        (w.own_departments[2].name, [False, False, True, False, None]),
    ])


# --- Each condition kind --------------------------------------------------------------------------------


@pytest.fixture
def probe(catalogue):
    """A rule set for 2000–2013 whose provincial-flag rule gets one condition at a time; the bloc's 2012 and
    2013 years have the same three members. `check(kind, params, unit)` → (eligible, description, met, detail)."""
    w = catalogue
    w.rule_set = services.create_rule_set(province=w.province, name="Thử", valid_from=datetime.date(2000, 1, 1),
                                          valid_to=datetime.date(2013, 12, 31), user=w.board)
    w.by12 = year_of(w.own.bloc, 2012, w.own_departments)
    w.by13 = year_of(w.own.bloc, 2013, w.own_departments)
    flag = w.types["co_thi_dua_tinh"]

    def check(kind, params, department, bloc_year=None):
        rule = AwardRule.objects.filter(rule_set=w.rule_set, award_type=flag).first()
        services.save_award_rule(rule_set=w.rule_set, award_type=flag, article="Điều 1", cash_multiple=0, rule=rule,
                                 conditions=[{"kind": kind, "params": params}], user=w.board)
        verdict = evaluate(department=department, bloc_year=bloc_year or w.by13, award_type=flag)
        (condition,) = verdict.conditions
        assert verdict.eligible is condition.met
        return condition.description, condition.met, condition.detail

    w.check = check
    return w


def test_led_bloc(probe):
    w = probe
    d0, d1, d2 = w.own_departments
    not_final = ("Dẫn đầu khối thi đua năm 2013 (xếp thứ nhất)", None,
                 "Chưa có dữ liệu: bảng xếp hạng tổng kết năm 2013 của khối chưa được chốt.")
    assert w.check("led_bloc", {}, d0) == not_final  # no round at all
    round_ = ranked(w.by13, [(d0, 1, "excellent"), (d1, 2, "good"), (d2, None, "")], status=RoundStatus.CLOSED)
    assert w.check("led_bloc", {}, d0) == not_final
    round_.status = RoundStatus.FINALISED
    round_.save()
    assert w.check("led_bloc", {}, d0) == ("Dẫn đầu khối thi đua năm 2013 (xếp thứ nhất)", True,
                                           "Xếp thứ 1 trong bảng xếp hạng tổng kết năm 2013 đã chốt.")
    assert w.check("led_bloc", {}, d1) == ("Dẫn đầu khối thi đua năm 2013 (xếp thứ nhất)", False,
                                           "Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2013 đã chốt; cần xếp thứ nhất.")
    assert w.check("led_bloc", {"max_rank": 2}, d1) == (
        "Thuộc nhóm dẫn đầu khối thi đua năm 2013 (2 đơn vị đứng đầu)", True,
        "Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2013 đã chốt.")
    assert w.check("led_bloc", {}, d2) == ("Dẫn đầu khối thi đua năm 2013 (xếp thứ nhất)", False,
                                           "Đơn vị không có hạng trong bảng xếp hạng tổng kết năm 2013 đã chốt.")


def test_led_bloc_with_a_tie_left_to_the_ballot(probe):
    w = probe
    d0, d1, _d2 = w.own_departments
    ranked(w.by13, [(d0, 1, "excellent", True), (d1, 1, "excellent", True)])
    assert w.check("led_bloc", {}, d1) == (
        "Dẫn đầu khối thi đua năm 2013 (xếp thứ nhất)", True,
        "Xếp thứ 1 trong bảng xếp hạng tổng kết năm 2013 đã chốt (đồng hạng, cần bỏ phiếu để phân định).")


def test_ranked_at_most(probe):
    w = probe
    d0, d1, d2 = w.own_departments
    ranked(w.by13, [(d0, 1, "excellent"), (d1, 2, "good"), (d2, 3, "good")])
    assert w.check("ranked_at_most", {"rank": 3}, d2) == (
        "Xếp hạng từ thứ 1 đến thứ 3 của khối năm 2013", True, "Xếp thứ 3 trong bảng xếp hạng tổng kết năm 2013 đã chốt.")
    assert w.check("ranked_at_most", {"rank": 2}, d2) == (
        "Xếp hạng từ thứ 1 đến thứ 2 của khối năm 2013", False,
        "Xếp thứ 3 trong bảng xếp hạng tổng kết năm 2013 đã chốt; cần trong 2 hạng đầu.")


def test_classification_at_least(probe):
    w = probe
    d0, d1, d2 = w.own_departments
    ranked(w.by13, [(d0, 1, "excellent"), (d1, 2, "good"), (d2, 3, "complete")])
    description = "Xếp loại từ “Hoàn thành tốt nhiệm vụ” trở lên năm 2013"
    assert w.check("classification_at_least", {"classification": "good"}, d0) == (
        description, True, f"Xếp loại năm 2013: {EXCELLENT}.")
    assert w.check("classification_at_least", {"classification": "good"}, d1) == (
        description, True, "Xếp loại năm 2013: Hoàn thành tốt nhiệm vụ.")
    assert w.check("classification_at_least", {"classification": "good"}, d2) == (
        description, False, "Xếp loại năm 2013: Hoàn thành nhiệm vụ; cần từ “Hoàn thành tốt nhiệm vụ” trở lên.")


def test_holds_award(probe):
    w = probe
    d0, d1, d2 = w.own_departments
    award(d0, "tap_the_lao_dong_xuat_sac", 2013)
    award(d1, "tap_the_lao_dong_xuat_sac", 2012)
    withdrawn = award(d2, "tap_the_lao_dong_xuat_sac", 2013)
    withdrawn.is_withdrawn = True
    withdrawn.save()
    this_year = {"award_type": "tap_the_lao_dong_xuat_sac"}
    description = "Được tặng “Tập thể lao động xuất sắc” năm 2013"
    assert w.check("holds_award", this_year, d0) == (
        description, True, f"Đã được tặng “Tập thể lao động xuất sắc” năm 2013 ({d0.name}).")
    assert w.check("holds_award", this_year, d1) == (
        description, False, "Không có “Tập thể lao động xuất sắc” năm 2013 trong lịch sử khen thưởng của đơn vị.")
    assert w.check("holds_award", {**this_year, "year_offset": -1}, d1) == (
        "Được tặng “Tập thể lao động xuất sắc” năm 2012", True,
        f"Đã được tặng “Tập thể lao động xuất sắc” năm 2012 ({d1.name}).")
    assert w.check("holds_award", this_year, d2)[1:] == (
        False, "Không có “Tập thể lao động xuất sắc” năm 2013 trong lịch sử khen thưởng của đơn vị.")
    NominationFactory(bloc_year=w.by13, award_type=w.types["tap_the_lao_dong_xuat_sac"], department=d2,
                      status=NominationStatus.SUBMITTED)
    assert w.check("holds_award", this_year, d2) == (
        description, None, "Chưa có dữ liệu: “Tập thể lao động xuất sắc” năm 2013 đang được đề nghị, chưa có quyết định.")


def test_consecutive_years_of_a_classification(probe):
    w = probe
    d0, d1, d2 = w.own_departments
    ranked(w.by13, [(d0, 1, "excellent"), (d1, 2, "excellent"), (d2, 3, "excellent")])
    params = {"classification": "excellent", "years": 2}
    description = f"2 năm liên tục (2012–2013) xếp loại từ “{EXCELLENT}” trở lên"
    assert w.check("consecutive_years", params, d0) == (
        description, None, f"2012: chưa có dữ liệu xếp loại; 2013: đạt ({d0.name}: {EXCELLENT}).")
    ranked(w.by12, [(d0, 1, "excellent"), (d1, 2, "good"), (d2, 3, "excellent")])
    assert w.check("consecutive_years", params, d0) == (
        description, True, f"2012: đạt ({d0.name}: {EXCELLENT}); 2013: đạt ({d0.name}: {EXCELLENT}).")
    assert w.check("consecutive_years", params, d1) == (
        description, False,
        f"2012: không đạt ({d1.name}: Hoàn thành tốt nhiệm vụ); 2013: đạt ({d1.name}: {EXCELLENT}).")


def test_consecutive_years_of_an_award_ending_last_year(probe):
    w = probe
    d0, d1, _d2 = w.own_departments
    for year in (2011, 2012):
        award(d0, "co_thi_dua_tinh", year)
    award(d1, "co_thi_dua_tinh", 2012)
    params = {"award_type": "co_thi_dua_tinh", "years": 2, "year_offset": -1}
    description = "2 năm liên tục (2011–2012) được tặng “Cờ thi đua của UBND tỉnh”"
    assert w.check("consecutive_years", params, d0) == (
        description, True, f"2011: đạt ({d0.name}); 2012: đạt ({d0.name}).")
    assert w.check("consecutive_years", params, d1) == (
        description, False, f"2011: không có trong lịch sử khen thưởng; 2012: đạt ({d1.name}).")


def test_member_share_is_unknown_without_member_data(probe):
    w = probe
    assert w.check("member_share_at_least", {"status": "good", "percent": 70}, w.own_departments[0]) == (
        "Ít nhất 70% thành viên hoàn thành tốt hoặc xuất sắc nhiệm vụ", None,
        "Chưa có dữ liệu: hệ thống chưa ghi nhận kết quả của từng thành viên (cán bộ, người lao động) của đơn vị.")


def test_a_condition_with_its_own_wording_keeps_it(probe):
    w = probe
    d0 = w.own_departments[0]
    ranked(w.by13, [(d0, 1, "excellent")])
    flag = w.types["co_thi_dua_tinh"]
    services.save_award_rule(rule_set=w.rule_set, award_type=flag, article="", cash_multiple=0, user=w.board,
                             conditions=[{"kind": "led_bloc", "params": {}, "description": "Dẫn đầu khối"}])
    verdict = evaluate(department=d0, bloc_year=w.by13, award_type=flag)
    assert judged(verdict) == (True, [("led_bloc", "Dẫn đầu khối", True,
                                       "Xếp thứ 1 trong bảng xếp hạng tổng kết năm 2013 đã chốt.")])
    assert verdict.summary == "Đủ điều kiện xét tặng “Cờ thi đua của UBND tỉnh” (bộ quy định “Thử”)."


# --- History across a renamed unit ----------------------------------------------------------------------


def test_consecutive_years_follow_a_renamed_unit(probe):
    """Sở Văn hóa (2011, 2012) was renamed Sở Văn hóa và Thể thao for 2013: its predecessor's years count."""
    w = probe
    old = DepartmentFactory(province=w.province, name="Sở Văn hóa")
    new = DepartmentFactory(province=w.province, name="Sở Văn hóa và Thể thao")
    stranger = DepartmentFactory(province=w.province, name="Sở Du lịch")
    by11 = year_of(w.other.bloc, 2011, [old])
    MembershipFactory(bloc_year=w.by12, department=old)
    MembershipFactory(bloc_year=w.by13, department=new)
    MembershipFactory(bloc_year=w.by13, department=stranger)
    record_succession(department=old, successor=new, kind=SuccessionKind.RENAMED,
                      effective_on=datetime.date(2013, 1, 1), user=w.board)
    ranked(by11, [(old, 1, "excellent")])
    ranked(w.by12, [(old, 1, "excellent")])
    ranked(w.by13, [(new, 1, "excellent"), (stranger, 2, "excellent")])
    for year in (2011, 2012):
        award(old, "tap_the_lao_dong_xuat_sac", year)
    params = {"classification": "excellent", "years": 3}
    assert w.check("consecutive_years", params, new) == (
        f"3 năm liên tục (2011–2013) xếp loại từ “{EXCELLENT}” trở lên", True,
        f"2011: đạt (Sở Văn hóa: {EXCELLENT}); 2012: đạt (Sở Văn hóa: {EXCELLENT}); "
        f"2013: đạt (Sở Văn hóa và Thể thao: {EXCELLENT}).")
    assert w.check("consecutive_years", params, stranger)[1] is None
    awards = {"award_type": "tap_the_lao_dong_xuat_sac", "years": 2, "year_offset": -1}
    assert w.check("consecutive_years", awards, new)[1:] == (True, "2011: đạt (Sở Văn hóa); 2012: đạt (Sở Văn hóa).")
    assert w.check("consecutive_years", awards, stranger)[1] is False
