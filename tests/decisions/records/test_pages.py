"""Decision pages: list, detail, recording (from the disclosed list, or by hand), withdrawal, money, base salary."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award
from decisions.domain.records import record_decision
from decisions.models import AwardDecision, BaseSalary
from tests.decisions.records.conftest import awarded, decision_fields
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration
FIELDS = {"number_symbol": "125/QĐ-UBND", "decided_on": "2026-11-20", "authority": "Ủy ban nhân dân tỉnh Thử",
          "signer_position": "Chủ tịch", "signer_name": "Nguyễn Văn Ký", "council_outcome": "Thống nhất"}


def _recorded(w):
    return record_decision(province=w.province, lines=awarded(w.entries), user=w.board, disclosure=w.disclosure,
                           **decision_fields())


def test_record_from_the_disclosed_list_ticking_the_awarded_entries(client, decision_world):
    w = decision_world
    client.force_login(w.board)
    url = reverse("decisions:decision_create_from_disclosure", args=[w.disclosure.pk])
    page = client.get(url).content.decode()
    assert all(f'value="{e.pk}"' in page for e in w.entries)

    response = client.post(url, {**FIELDS, "awarded": [w.entries[0].pk, w.entries[2].pk]})

    decision = AwardDecision.objects.get()
    assert response.status_code == 302 and response.url == reverse("decisions:decision_detail", args=[decision.pk])
    assert sorted(decision.lines.values_list("entry_id", flat=True)) == [w.entries[0].pk, w.entries[2].pk]
    detail = client.get(response.url).content.decode()
    assert "36.270.000" in detail and "40.950.000" in detail  # a line and the total (36,270,000 + 4,680,000)
    assert 'data-testid="withdraw-link"' in detail and 'data-testid="request-document"' in detail
    again = client.post(url, {**FIELDS, "awarded": [w.entries[1].pk]})
    assert "Quyết định số 125/QĐ-UBND của tỉnh đã được ghi nhận (ngày 20/11/2026)." in again.content.decode()
    assert AwardDecision.objects.count() == 1


def test_record_by_hand_with_rows(client, decision_world):
    w = decision_world
    client.force_login(w.board)
    url = reverse("decisions:decision_create", args=[w.province.pk])
    assert client.get(url + "?rows=8").content.decode().count('name="award_type_') == 8
    data = {**FIELDS, "year": 2025, "award_type_1": w.types["person"].pk, "department_1": w.other_departments[0].pk,
            "person_name_1": "Trần Thị Bình", "award_type_2": w.types["merit"].pk}
    response = client.post(url, data)
    assert "Dòng 2: hãy chọn cả hình thức khen thưởng và đơn vị." in response.content.decode()
    del data["award_type_2"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(Award.objects.values_list("person_name", "year")) == [("Trần Thị Bình", 2025)]


def test_withdraw_form_needs_a_reason_then_withdraws(client, decision_world):
    w = decision_world
    decision = _recorded(w)
    client.force_login(w.board)
    url = reverse("decisions:decision_withdraw", args=[decision.pk])
    assert "Hãy ghi lý do thu hồi quyết định." in client.post(url, {"reason": "", "version": 1}).content.decode()
    response = client.post(url, {"reason": "Sai đối tượng", "version": 1})
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "Sai đối tượng" in detail and 'data-testid="withdraw-link"' not in detail
    stale = client.post(url, {"reason": "Lần nữa", "version": 1}).content.decode()
    assert "vừa được người khác cập nhật" in stale


def test_officers_read_but_do_not_act(client, decision_world):
    w = decision_world
    decision = _recorded(w)
    client.force_login(w.officer)
    detail = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "125/QĐ-UBND" in detail and 'data-testid="withdraw-link"' not in detail
    assert 'data-testid="request-document"' not in detail
    listing = client.get(reverse("decisions:decision_list")).content.decode()
    assert f'data-testid="decision-{decision.pk}"' in listing and 'data-testid="record-manual"' not in listing
    assert client.post(reverse("decisions:decision_withdraw", args=[decision.pk]),
                       {"reason": "x", "version": 1}).status_code == 403


def test_money_page_and_export(client, decision_world):
    w = decision_world
    _recorded(w)
    client.force_login(w.leader)
    page = client.get(reverse("decisions:money", args=[w.province.pk])).content.decode()
    assert "45.630.000" in page and "9.360.000" in page
    response = client.get(reverse("decisions:money_export", args=[w.province.pk]) + "?year=abc")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[sheet.max_row]] == [None, "Tổng cộng", 3, 45630000]


def test_base_salary_page_and_form(client, decision_world):
    client.force_login(decision_world.officer)
    page = client.get(reverse("decisions:base_salary_list")).content.decode()
    assert "2.340.000" in page and "01/07/2024" in page and 'data-testid="add-base-salary"' not in page
    client.force_login(UserFactory(username="root", is_superuser=True))
    url = reverse("decisions:base_salary_create")
    assert "Mức lương cơ sở phải lớn hơn 0." in client.post(url, {"amount": "0", "valid_from": "2026-07-01"}).content.decode()
    assert "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2024." in client.post(
        url, {"amount": "2340000", "valid_from": "01/07/2024"}).content.decode()
    assert client.post(url, {"amount": "2530000", "valid_from": "2026-07-01"}).status_code == 302
    assert BaseSalary.objects.filter(amount=2530000).exists()
