"""The catalogue, rule set, condition, eligibility and quota pages: what they show and what their forms do."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.defaults import install_defaults
from awards.domain.rules import save_award_rule
from awards.domain.quotas import set_quota
from awards.models import AwardRule, AwardType, EligibilityCondition, Quota, RuleSet
from tests.awards.rules.conftest import ranked
from tests.factories.blocs import MembershipFactory

pytestmark = pytest.mark.integration


def text(response):
    """The page's visible text, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def errors(response):
    return [e for e in re.findall(r'class="[^"]*alert-danger[^"]*"[^>]*>\s*(?:<ul[^>]*>)?\s*(?:<li>)?([^<]+)',
                                  response.content.decode()) if e.strip()]


def test_the_board_sees_its_catalogue_with_its_buttons(catalogue, client):
    client.force_login(catalogue.board)
    page = text(client.get(reverse("awards:rules")))
    assert "Luật Thi đua, Khen thưởng 2022 và Nghị định 152/2025/NĐ-CP 01/07/2025 còn hiệu lực 5" in page
    assert "Cờ thi đua của UBND tỉnh co_thi_dua_tinh Tập thể Sửa" in page
    assert "Thêm bộ quy định" in page
    client.force_login(catalogue.officer)
    page = text(client.get(reverse("awards:rules")))
    assert "Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP" in page
    assert "Thêm bộ quy định" not in page


def test_the_install_button_reports_what_it_added(world, client):
    client.force_login(world.board)
    response = client.post(reverse("awards:install_defaults", args=[world.province.pk]), follow=True)
    assert "Đã thêm 5 hình thức khen thưởng và 3 bộ quy định." in text(response)
    response = client.post(reverse("awards:install_defaults", args=[world.province.pk]), follow=True)
    assert "Tỉnh đã có đủ danh mục và các bộ quy định mặc định; không có gì thay đổi." in text(response)


def test_a_rule_set_is_added_and_an_overlapping_one_refused(catalogue, client):
    client.force_login(catalogue.board)
    url = reverse("awards:rule_set_create", args=[catalogue.province.pk])
    response = client.post(url, {"name": "Quy định năm 2013", "valid_from": "2013-01-01", "valid_to": "2013-12-31"})
    created = RuleSet.objects.get(name="Quy định năm 2013")
    assert response.url == reverse("awards:rule_set_detail", args=[created.pk])
    response = client.post(url, {"name": "Chồng lấn", "valid_from": "2013-06-01"})
    assert response.status_code == 200
    assert errors(response) == [
        "Thời gian hiệu lực từ 01/06/2013 trùng với bộ quy định “Quy định năm 2013” (01/01/2013 – 31/12/2013). Mỗi "
        "ngày chỉ có một bộ quy định có hiệu lực trong tỉnh: hãy điều chỉnh ngày hết hiệu lực của bộ quy định cũ "
        "trước."]
    assert not RuleSet.objects.filter(name="Chồng lấn").exists()


def test_the_rule_set_page_shows_articles_multiples_and_conditions(catalogue, client):
    client.force_login(catalogue.leader)
    page = text(client.get(reverse("awards:rule_set_detail", args=[catalogue.sets[2025].pk])))
    assert ("Cờ thi đua của Chính phủ Điều 25 Luật Thi đua, Khen thưởng 2022 · Tiền thưởng: 24,5 lần lương cơ sở "
            "Điều kiện (phải đạt tất cả) Điều kiện Loại kiểm tra Được chọn trong số các tập thể dẫn đầu khối thi đua "
            "(xếp thứ nhất khối) Dẫn đầu khối Xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên Xếp loại từ mức X "
            "trở lên") in page
    assert "Xếp hạng từ thứ 1 đến thứ 3 của khối" in page
    assert "Sửa điều khoản" not in page


def test_conditions_are_added_with_only_the_parameters_of_their_kind(catalogue, client):
    client.force_login(catalogue.board)
    rule = AwardRule.objects.get(rule_set=catalogue.sets[2025], award_type__code="co_thi_dua_tinh")
    url = reverse("awards:condition_create", args=[rule.pk])
    response = client.post(url, {"kind": "ranked_at_most", "rank": "", "max_rank": "4"})
    assert errors(response) == ["Thiếu tham số “Hạng”."]
    response = client.post(url, {"kind": "consecutive_years", "classification": "excellent", "years": "2",
                                 "year_offset": "-1", "rank": "9", "percent": "50"})
    assert response.url == reverse("awards:rule_set_detail", args=[catalogue.sets[2025].pk])
    assert rule.conditions.order_by("-position").first().params == {"classification": "excellent", "years": 2,
                                                                     "year_offset": -1}
    page = text(client.get(response.url))
    assert ("2 năm liên tục xếp loại từ “Hoàn thành xuất sắc nhiệm vụ” trở lên, tính đến 1 năm trước năm thi đua"
            in page)


def test_a_condition_is_edited_and_deleted(catalogue, client):
    client.force_login(catalogue.board)
    rule = AwardRule.objects.get(rule_set=catalogue.sets[2025], award_type__code="co_thi_dua_tinh")
    first = rule.conditions.order_by("position").first()
    edit = client.get(reverse("awards:condition_edit", args=[first.pk]))
    assert 'data-kinds=" led_bloc"' in edit.content.decode()
    client.post(reverse("awards:condition_edit", args=[first.pk]), {"kind": "led_bloc", "max_rank": "2"})
    first.refresh_from_db()
    assert first.params == {"max_rank": 2}
    confirm = client.get(reverse("awards:condition_delete", args=[first.pk]))
    assert "Bạn có chắc muốn xóa Thuộc nhóm dẫn đầu khối thi đua (2 đơn vị đứng đầu)?" in text(confirm)
    client.post(reverse("awards:condition_delete", args=[first.pk]))
    assert not EligibilityCondition.objects.filter(pk=first.pk).exists()


def test_an_award_rule_is_added_for_a_type_without_one(catalogue, client):
    client.force_login(catalogue.board)
    rule_set = catalogue.sets[2025]
    rule_set.rules.filter(award_type__code="tap_the_lao_dong_tien_tien").delete()
    url = reverse("awards:award_rule_create", args=[rule_set.pk])
    form = client.get(url).content.decode()
    assert re.findall(r'<option value="\d+">([^<]+)</option>', form) == ["Tập thể lao động tiên tiến"]
    client.post(url, {"award_type": catalogue.types["tap_the_lao_dong_tien_tien"].pk, "article": "Điều 28",
                      "cash_multiple": "0.8"})
    rule = rule_set.rules.get(award_type__code="tap_the_lao_dong_tien_tien")
    assert (rule.article, str(rule.cash_multiple)) == ("Điều 28", "0.80")


# --- Eligibility ----------------------------------------------------------------------------------------


def test_the_eligibility_page_shows_each_verdict_with_its_conditions(years, client):
    w = years
    client.force_login(w.officer)
    page = text(client.get(reverse("awards:eligibility", args=[w.by[2024].pk])))
    assert ("Bộ quy định áp dụng: Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP (có hiệu lực ngày "
            "31/12/2024).") in page
    d0 = w.own_departments[0].name
    assert (f"{d0} Đủ điều kiện Điều 25 Luật Thi đua, Khen thưởng 2022 ✓ Đạt: Được chọn trong số các tập thể dẫn đầu "
            "khối thi đua (xếp thứ nhất khối) — Xếp thứ 1 trong bảng xếp hạng tổng kết năm 2024 đã chốt.") in page
    d2 = w.own_departments[2].name
    assert (f"{d2} Không đủ điều kiện Điều 25 Luật Thi đua, Khen thưởng 2022 ✗ Không đạt: Được chọn trong số các tập "
            "thể dẫn đầu khối thi đua (xếp thứ nhất khối) — Xếp thứ 3 trong bảng xếp hạng tổng kết năm 2024 đã chốt; "
            "cần xếp thứ nhất.") in page
    assert "? Chưa có dữ liệu: Tất cả (100%) thành viên hoàn thành nhiệm vụ trở lên" in page


def test_the_eligibility_page_judges_by_another_day_or_says_the_day_is_bad(years, client):
    w = years
    client.force_login(w.board)
    url = reverse("awards:eligibility", args=[w.by[2025].pk])
    assert "Nghị định 98/2023/NĐ-CP (có hiệu lực ngày 01/03/2025)" in text(client.get(url + "?on=2025-03-01"))
    page = text(client.get(url + "?on=hôm-qua"))
    assert "Ngày xét không hợp lệ; hãy dùng dạng YYYY-MM-DD. Đang xét theo quy định ngày 31/12." in page
    assert "Nghị định 152/2025/NĐ-CP (có hiệu lực ngày 31/12/2025)" in page


def test_the_eligibility_page_says_when_no_rules_cover_the_year(world, client):
    client.force_login(world.board)
    page = text(client.get(reverse("awards:eligibility", args=[world.own.pk])))
    assert (f"Tỉnh {world.province.name} chưa có bộ quy định khen thưởng có hiệu lực vào ngày 31/12/2026; Ban Thi "
            "đua - Khen thưởng cần khai báo bộ quy định cho thời kỳ này.") in page


# --- Quotas ---------------------------------------------------------------------------------------------


def test_the_board_sets_a_quota_and_everyone_of_the_year_sees_it(catalogue, client):
    w = catalogue
    flag = w.types["co_thi_dua_tinh"]
    client.force_login(w.board)
    url = reverse("awards:quota_set", args=[w.own.pk, flag.pk])
    response = client.post(url, {"places": "2", "version": "0"})
    assert response.url == reverse("awards:quotas", args=[w.own.pk])
    stale = client.post(url, {"places": "3", "version": "0"})
    assert errors(stale) == ["Chỉ tiêu “Cờ thi đua của UBND tỉnh” vừa được người khác cập nhật; hãy tải lại trang "
                             "và thử lại."]
    assert Quota.objects.get().places == 2
    client.force_login(w.officer)
    page = text(client.get(reverse("awards:quotas", args=[w.own.pk])))
    assert "Cờ thi đua của UBND tỉnh 2 0 0 2" in page
    assert "Cờ thi đua của Chính phủ chưa giao 0 0 —" in page
    assert "Sửa chỉ tiêu" not in page


def test_the_quota_form_of_an_award_type_of_another_province_is_not_found(catalogue, client):
    from awards.domain.rules import create_award_type
    far_type = create_award_type(province=catalogue.far_province, code="co", name="Cờ", user=catalogue.far_board)
    client.force_login(catalogue.board)
    assert client.get(reverse("awards:quota_set", args=[catalogue.own.pk, far_type.pk])).status_code == 404


# --- Query counts ---------------------------------------------------------------------------------------


def _members(bloc_year, count):
    departments = [m.department for m in bloc_year.memberships.all()]
    while len(departments) < count:
        departments.append(MembershipFactory(bloc_year=bloc_year).department)
    return departments


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_eligibility_page_costs_the_same_for_3_or_12_members(years, client):
    """Constant: rankings, awards, nominations and lineages of every member are read in one query each."""
    w = years
    counts = []
    for year, size in ((2024, 3), (2025, 12)):
        by = w.by[year]
        departments = _members(by, size)
        by.scoring_rounds.all().delete()
        ranked(by, [(d, i, "excellent") for i, d in enumerate(departments, start=1)])
        client.force_login(w.board)
        count, response = _count(client, reverse("awards:eligibility", args=[by.pk]))
        counts.append(count)
        # rank 1: both flags and the certificate; ranks 2–3: the certificate; TTLĐXS/TTLĐTT: unknown.
        assert text(response).count("Đủ điều kiện") == 3 + min(size - 1, 2)
    assert counts[0] == counts[1] <= 20


def test_the_quota_page_costs_the_same_for_any_number_of_quotas(catalogue, client):
    w = catalogue
    client.force_login(w.board)
    url = reverse("awards:quotas", args=[w.own.pk])
    none, _ = _count(client, url)
    for code in w.types:
        set_quota(bloc_year=w.own, award_type=w.types[code], places=1, expected_version=0, user=w.board)
    every, response = _count(client, url)
    assert none == every <= 14
    assert text(response).count("Sửa chỉ tiêu") == 5


def test_the_catalogue_and_rule_set_pages_cost_a_constant_number_of_queries(world, client):
    client.force_login(world.board)
    rules_url = reverse("awards:rules")
    empty, _ = _count(client, rules_url)
    install_defaults(province=world.province, user=world.board)
    full, _ = _count(client, rules_url)
    assert empty == full <= 10
    small = RuleSet.objects.create(province=world.province, name="Một quy định", valid_from=datetime.date(2000, 1, 1),
                                   valid_to=datetime.date(2000, 12, 31))
    save_award_rule(rule_set=small, award_type=AwardType.objects.get(code="co_thi_dua_tinh"), article="", user=None,
                    cash_multiple=1, conditions=[{"kind": "led_bloc", "params": {}}])
    one, _ = _count(client, reverse("awards:rule_set_detail", args=[small.pk]))
    five, _ = _count(client, reverse("awards:rule_set_detail", args=[RuleSet.objects.get(valid_to__isnull=True).pk]))
    assert one == five <= 14
