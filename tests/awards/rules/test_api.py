"""The award rules API: catalogue, rule sets with rules and conditions, eligibility verdicts, quotas."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from awards.enums import NominationStatus
from awards.models import AwardRule, Quota, RuleSet
from awards.domain.rules import create_award_type
from tests.factories.awards import NominationFactory

pytestmark = pytest.mark.integration

SET_2024 = "Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP"


@pytest.fixture
def api(db):
    def signed_in(user):
        client = APIClient()
        client.force_login(user)
        return client
    return signed_in


def test_a_rule_set_reads_with_its_rules_and_conditions(catalogue, api):
    rule_set = catalogue.sets[2024]
    body = api(catalogue.officer).get(reverse("v1:rule-set-detail", args=[rule_set.pk])).json()
    assert (body["name"], body["valid_from"], body["valid_to"]) == (SET_2024, "2024-01-01", "2025-06-30")
    flag = next(r for r in body["rules"] if r["award_type_code"] == "co_thi_dua_tinh")
    assert flag == {
        "id": flag["id"], "rule_set": rule_set.pk, "award_type": catalogue.types["co_thi_dua_tinh"].pk,
        "award_type_code": "co_thi_dua_tinh", "article": "Điều 26 Luật Thi đua, Khen thưởng 2022",
        "cash_multiple": "15.50",
        "conditions": [
            {"id": flag["conditions"][0]["id"], "kind": "led_bloc", "params": {"max_rank": 1}, "description": ""},
            {"id": flag["conditions"][1]["id"], "kind": "classification_at_least",
             "params": {"classification": "excellent"}, "description": ""}]}


def test_an_overlapping_rule_set_is_refused_with_the_reason(catalogue, api):
    response = api(catalogue.board).post(reverse("v1:rule-set-list"), {
        "province": catalogue.province.pk, "name": "Mới", "valid_from": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": (
        "Thời gian hiệu lực từ 01/01/2025 trùng với bộ quy định “Luật Thi đua, Khen thưởng 2022 và Nghị định "
        "98/2023/NĐ-CP” (01/01/2024 – 30/06/2025). Mỗi ngày chỉ có một bộ quy định có hiệu lực trong tỉnh: hãy "
        "điều chỉnh ngày hết hiệu lực của bộ quy định cũ trước.")}
    assert RuleSet.objects.count() == 3


def test_a_rule_is_replaced_with_its_conditions(catalogue, api):
    rule = AwardRule.objects.get(rule_set=catalogue.sets[2025], award_type__code="bang_khen_chu_tich_tinh")
    client = api(catalogue.board)
    url = reverse("v1:award-rule-detail", args=[rule.pk])
    response = client.patch(url, {"cash_multiple": "1", "conditions": [
        {"kind": "ranked_at_most", "params": {"rank": 5}},
        {"kind": "consecutive_years", "params": {"classification": "good", "years": 2}, "description": "2 năm"}]},
        format="json")
    assert response.status_code == 200
    assert [(c["kind"], c["params"], c["description"]) for c in response.json()["conditions"]] == [
        ("ranked_at_most", {"rank": 5}, ""),
        ("consecutive_years", {"classification": "good", "years": 2, "year_offset": 0}, "2 năm")]
    assert response.json()["cash_multiple"] == "1.00"
    bad = client.patch(url, {"conditions": [{"kind": "ranked_at_most", "params": {"rank": "năm"}}]}, format="json")
    assert (bad.status_code, bad.json()) == (400, {"detail": "“Hạng” phải là số nguyên."})
    assert rule.conditions.count() == 2
    wrong_kind = client.patch(url, {"conditions": [{"kind": "lucky"}]}, format="json")
    assert wrong_kind.json() == {"conditions": {"0": {"kind": ["“lucky” không phải là lựa chọn hợp lệ."]}}}
    not_a_list = client.patch(url, {"conditions": {"kind": "led_bloc"}}, format="json")
    assert not_a_list.json() == {"conditions": {"non_field_errors": ["Cần một danh sách."]}}


def test_a_rule_is_added_to_a_set_for_an_award_type_of_its_province(catalogue, api):
    extra = create_award_type(province=catalogue.province, code="giay_khen", name="Giấy khen", user=catalogue.board)
    far = create_award_type(province=catalogue.far_province, code="giay_khen", name="Giấy khen", user=catalogue.far_board)
    client = api(catalogue.board)
    url = reverse("v1:rule-set-rules", args=[catalogue.sets[2025].pk])
    refused = client.post(url, {"award_type": far.pk}, format="json")
    assert refused.json() == {"award_type": ["Hình thức khen thưởng không tồn tại."]}
    created = client.post(url, {"award_type": extra.pk, "article": "Điều 75", "cash_multiple": "0.15"}, format="json")
    assert created.status_code == 201
    assert (created.json()["article"], created.json()["cash_multiple"], created.json()["conditions"]) == (
        "Điều 75", "0.15", [])


def test_one_verdict_and_the_whole_table(years, api):
    w = years
    d1 = w.own_departments[1]
    client = api(w.leader)
    verdict = client.get(reverse("v1:eligibility-verdict", args=[w.by[2024].pk, d1.pk,
                                                                 w.types["co_thi_dua_tinh"].pk])).json()
    assert verdict == {
        "eligible": False, "rule_set": {"id": w.sets[2024].pk, "name": SET_2024},
        "article": "Điều 26 Luật Thi đua, Khen thưởng 2022",
        "award_type": {"id": w.types["co_thi_dua_tinh"].pk, "code": "co_thi_dua_tinh",
                       "name": "Cờ thi đua của UBND tỉnh"},
        "department": {"id": d1.pk, "name": d1.name}, "year": 2024, "judged_on": "2024-12-31",
        "conditions": [
            {"kind": "led_bloc", "description": "Dẫn đầu khối thi đua năm 2024 (xếp thứ nhất)", "met": False,
             "detail": "Xếp thứ 2 trong bảng xếp hạng tổng kết năm 2024 đã chốt; cần xếp thứ nhất.",
             "params": {"max_rank": 1}},
            {"kind": "classification_at_least",
             "description": "Xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên năm 2024", "met": True,
             "detail": "Xếp loại năm 2024: Hoàn thành xuất sắc nhiệm vụ.", "params": {"classification": "excellent"}}],
        "summary": (
            "Không đủ điều kiện xét tặng “Cờ thi đua của UBND tỉnh” (Điều 26 Luật Thi đua, Khen thưởng 2022; bộ "
            f"quy định “{SET_2024}”). Điều kiện chưa đạt: Dẫn đầu khối thi đua năm 2024 (xếp thứ nhất) (Xếp thứ 2 "
            "trong bảng xếp hạng tổng kết năm 2024 đã chốt; cần xếp thứ nhất).")}
    table = client.get(reverse("v1:eligibility-detail", args=[w.by[2024].pk])).json()
    assert (table["bloc_year"], table["rule_set"], table["judged_on"]) == (
        w.by[2024].pk, {"id": w.sets[2024].pk, "name": SET_2024}, "2024-12-31")
    assert [t["code"] for t in table["award_types"]] == [
        "co_thi_dua_chinh_phu", "co_thi_dua_tinh", "bang_khen_chu_tich_tinh", "tap_the_lao_dong_xuat_sac",
        "tap_the_lao_dong_tien_tien"]
    row = next(r for r in table["rows"] if r["department"] == d1.pk)
    assert [v["eligible"] for v in row["verdicts"]] == [False, False, True, None, None]
    assert row["verdicts"][1] == verdict


def test_eligibility_refusals(years, api):
    w = years
    client = api(w.board)
    flag = w.types["co_thi_dua_tinh"].pk
    outsider = client.get(reverse("v1:eligibility-verdict", args=[w.by[2024].pk, w.unassigned.pk, flag]))
    assert (outsider.status_code, outsider.json()) == (
        400, {"detail": f"“{w.unassigned.name}” không phải là đơn vị thành viên của khối năm 2024."})
    far = client.get(reverse("v1:eligibility-verdict", args=[w.by[2024].pk, w.far_departments[0].pk, flag]))
    assert (far.status_code, far.json()) == (404, {"detail": "Không tìm thấy."})
    bad_day = client.get(reverse("v1:eligibility-detail", args=[w.by[2024].pk]) + "?on=31/12/2024")
    assert (bad_day.status_code, bad_day.json()) == (400, {"on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."]})
    early = client.get(reverse("v1:eligibility-detail", args=[w.by[2024].pk]) + "?on=2010-01-01")
    assert early.json() == {"detail": f"Tỉnh {w.province.name} chưa có bộ quy định khen thưởng có hiệu lực vào ngày "
                                      "01/01/2010; Ban Thi đua - Khen thưởng cần khai báo bộ quy định cho thời kỳ này."}


def test_quotas_are_set_with_their_version(catalogue, api):
    w = catalogue
    flag = w.types["co_thi_dua_tinh"]
    client = api(w.board)
    url = reverse("v1:quota-set", args=[w.own.pk, flag.pk])
    first = client.put(url, {"places": 2, "version": 0}, format="json")
    assert first.json() == {"award_type": flag.pk, "award_type_code": "co_thi_dua_tinh",
                            "award_type_name": "Cờ thi đua của UBND tỉnh", "places": 2, "submitted": 0,
                            "approved": 0, "remaining": 2, "version": 1}
    stale = client.put(url, {"places": 3, "version": 0}, format="json")
    assert (stale.status_code, stale.json()) == (409, {"detail": "Chỉ tiêu “Cờ thi đua của UBND tỉnh” vừa được người "
                                                                 "khác cập nhật; hãy tải lại trang và thử lại."})
    for department in w.own_departments[:2]:
        NominationFactory(bloc_year=w.own, award_type=flag, department=department, status=NominationStatus.APPROVED)
    below = client.put(url, {"places": 1, "version": 1}, format="json")
    assert (below.status_code, below.json()) == (400, {"detail": "Không thể giảm chỉ tiêu “Cờ thi đua của UBND tỉnh” "
                                                                 "xuống 1: đã chấp thuận 2 đề nghị."})
    junk = client.put(url, {"places": -1, "version": "một"}, format="json")
    assert junk.json() == {"places": ["Giá trị không được nhỏ hơn 0."], "version": ["Cần một số nguyên."]}
    assert list(Quota.objects.values_list("places", "version")) == [(2, 1)]
    assert AuditEvent.objects.filter(event_type="quota.set").count() == 1
    listing = api(w.officer).get(reverse("v1:quota-detail", args=[w.own.pk])).json()
    assert [(r["award_type_code"], r["places"], r["approved"], r["remaining"]) for r in listing] == [
        ("co_thi_dua_chinh_phu", None, 0, None), ("co_thi_dua_tinh", 2, 2, 0),
        ("bang_khen_chu_tich_tinh", None, 0, None), ("tap_the_lao_dong_xuat_sac", None, 0, None),
        ("tap_the_lao_dong_tien_tien", None, 0, None)]


def test_a_quota_for_an_award_type_of_another_province_is_not_found(catalogue, api):
    far = create_award_type(province=catalogue.far_province, code="co", name="Cờ", user=catalogue.far_board)
    response = api(catalogue.board).put(reverse("v1:quota-set", args=[catalogue.own.pk, far.pk]),
                                        {"places": 1, "version": 0}, format="json")
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})
    assert not Quota.objects.exists()
