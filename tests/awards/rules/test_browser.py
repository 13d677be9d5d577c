"""In the browser: the Board installs the default catalogue, adds a condition (the form shows only the
parameters of the chosen kind) and reads the eligibility table of a year, under the strict CSP."""
import pytest
from playwright.sync_api import expect

from awards.models import AwardRule, RuleSet
from tests.awards.rules.conftest import ranked, year_of
from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e


def test_board_sets_up_the_rules_and_reads_the_eligibility_table(page, page_log, live_world):
    w = live_world
    d0, d1, d2 = w.own_departments
    by2024 = year_of(w.own.bloc, 2024, w.own_departments)
    ranked(by2024, [(d0, 1, "excellent"), (d1, 2, "good"), (d2, 3, "complete")])
    log_in(page, "board")

    page.goto("/awards/rules/")
    page.get_by_role("link", name="Cài đặt danh mục mặc định").click()
    page.get_by_role("button", name="Cài đặt danh mục và bộ quy định mặc định").click()
    expect(page.get_by_role("alert").first).to_have_text("Đã thêm 5 hình thức khen thưởng và 3 bộ quy định.")

    page.get_by_role("link", name="Luật Thi đua, Khen thưởng 2022 và Nghị định 98/2023/NĐ-CP").click()
    merit = page.get_by_test_id("rule-bang_khen_chu_tich_tinh")
    merit.get_by_role("link", name="Thêm điều kiện").click()
    page.get_by_label("Loại điều kiện").select_option("ranked_at_most")
    expect(page.get_by_label("Hạng thấp nhất được xét")).to_be_visible()
    expect(page.get_by_label("Số đơn vị dẫn đầu khối")).to_be_hidden()
    page.get_by_label("Loại điều kiện").select_option("member_share_at_least")
    expect(page.get_by_label("Tỷ lệ tối thiểu (%)")).to_be_visible()
    expect(page.get_by_label("Hạng thấp nhất được xét")).to_be_hidden()
    page.get_by_label("Loại điều kiện").select_option("ranked_at_most")
    page.get_by_label("Hạng thấp nhất được xét").fill("2")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").first).to_have_text("Đã thêm điều kiện.")
    expect(page.get_by_test_id("rule-bang_khen_chu_tich_tinh")).to_contain_text("Xếp hạng từ thứ 1 đến thứ 2 của khối")
    rule = AwardRule.objects.get(rule_set__name__endswith="98/2023/NĐ-CP", award_type__code="bang_khen_chu_tich_tinh")
    assert [(c.kind, c.params) for c in rule.conditions.order_by("position")][-1] == ("ranked_at_most", {"rank": 2})

    page.goto(f"/awards/bloc-years/{by2024.pk}/eligibility/")
    table = page.get_by_test_id("eligibility-table")
    cell = table.locator(f"tr[data-department='{d2.pk}'] td[data-award-type='bang_khen_chu_tich_tinh']")
    expect(cell.locator(".badge")).to_have_text("Không đủ điều kiện")
    expect(cell.locator("li.condition-failed")).to_have_count(2)  # not good enough, not in the top 2
    expect(cell.locator("li.condition-met")).to_have_count(1)  # in the top 3
    expect(table.locator(f"tr[data-department='{d0.pk}'] td[data-award-type='co_thi_dua_tinh'] .badge")).to_have_text(
        "Đủ điều kiện")
    assert RuleSet.objects.filter(province=w.province).count() == 3
    page_log.assert_clean()
