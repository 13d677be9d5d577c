"""Pages of the award history: the Board's import (good file, bad file, refused roles), the template, the
province's list, and a department's timeline across a rename (on its own page and on the department page)."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from awards.domain.history import EVENT_TYPE
from awards.enums import AwardSource
from awards.models import Award
from decisions.enums import DecisionStatus
from decisions.models import AwardDecision, AwardDecisionLine
from tests.decisions.history.conftest import live_award, xlsx
from tests.factories.blocs import DepartmentFactory

pytestmark = pytest.mark.integration
D = datetime.date
ROWS = [(2019, "Sở Tài chính", "co_thi_dua_tinh", None, "125/QĐ-UBND", D(2020, 1, 15)),
        (2020, "Sở Văn hóa và Thể thao", "co_thi_dua_tinh", None, "126/QĐ-UBND", D(2021, 1, 16))]


def _import_url(w):
    return reverse("decisions:history_import", args=[w.province.pk])


def test_board_imports_a_good_file(history, client):
    w = history
    client.force_login(w.board)
    page = client.get(_import_url(w))
    assert page.status_code == 200
    assert reverse("decisions:history_template", args=[w.province.pk]).encode() in page.content
    response = client.post(_import_url(w), {"file": xlsx(ROWS)})
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:award_history") + f"?province={w.province.pk}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Đã nhập 2 khen thưởng vào lịch sử của {w.province.name}."]
    assert Award.objects.filter(source=AwardSource.IMPORTED).count() == 2


def test_a_bad_file_lists_its_rows_and_imports_nothing(history, client):
    w = history
    client.force_login(w.board)
    bad = (2019, "Sở Không Có", "co_thi_dua_tinh", None, "1/QĐ", D(2020, 1, 1))
    response = client.post(_import_url(w), {"file": xlsx([ROWS[0], bad])})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Dòng 3: không tìm thấy đơn vị “Sở Không Có” trong {w.province.name}."]
    assert "Không nhập dòng nào: 1 lỗi." in response.content.decode()
    assert Award.objects.count() == 0


def test_post_without_a_file_is_a_form_error(history, client):
    client.force_login(history.board)
    response = client.post(_import_url(history), {})
    assert response.context["form"].errors == {"file": ["Hãy chọn tệp Excel cần nhập."]}


@pytest.mark.parametrize(("role", "status"), [("secretariat", 403), ("officer", 403), ("leader", 403),
                                               ("other_officer", 403), ("far_board", 404)])
def test_others_cannot_import(history, client, role, status):
    w = history
    client.force_login(getattr(w, role))
    assert client.post(_import_url(w), {"file": xlsx(ROWS)}).status_code == status
    assert Award.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type=EVENT_TYPE).exists()


def test_template_download(history, client):
    client.force_login(history.board)
    response = client.get(reverse("decisions:history_template", args=[history.province.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="mau-lich-su-khen-thuong-')
    assert response.content[:2] == b"PK"


def test_history_list_filters_and_marks_withdrawn(history, client):
    w = history
    flag, merit = w.types["co_thi_dua_tinh"], w.types["bang_khen_chu_tich_tinh"]
    kept = live_award(w.finance, flag, 2019)
    gone = live_award(w.finance, merit, 2019, is_withdrawn=True)
    other_year = live_award(w.culture, flag, 2020)
    live_award(w.far_departments[0], flag.__class__.objects.create(province=w.far_province, code="x", name="X"), 2019)
    client.force_login(w.other_officer)  # every account of the province reads it
    page = client.get(reverse("decisions:award_history"), {"year": 2019})
    assert [a.pk for a in page.context["page_obj"]] == [kept.pk, gone.pk]
    assert "<del>Bằng khen của Chủ tịch UBND tỉnh</del>" in page.content.decode()
    page = client.get(reverse("decisions:award_history"), {"department": w.culture.pk})
    assert [a.pk for a in page.context["page_obj"]] == [other_year.pk]
    page = client.get(reverse("decisions:award_history"), {"year": "abc"})
    assert page.context["filter_errors"] == [("Năm", ["Năm phải là một số nguyên."])]
    assert page.context["page_obj"].paginator.count == 3


def _withdrawn_decision_award(w, department, award_type, year):
    decision = AwardDecision.objects.create(
        province=w.province, year=year, number_symbol=f"{year}/QĐ-UBND", decided_on=D(year + 1, 1, 5),
        authority="UBND tỉnh", signer_position="Chủ tịch", signer_name="Nguyễn Văn A", recorded_by=w.board,
        recorded_at=datetime.datetime(year + 1, 1, 6, tzinfo=datetime.UTC), status=DecisionStatus.WITHDRAWN,
        withdrawal_reason="Hồ sơ kê khai sai thành tích")
    line = AwardDecisionLine.objects.create(decision=decision, award_type=award_type, department=department,
                                            recipient_name=department.name)
    return live_award(department, award_type, year, source=AwardSource.DECISION, decision_line=line,
                      decision_reference=decision.number_symbol, is_withdrawn=True)


def test_timeline_follows_a_rename_and_strikes_withdrawn_awards(history, client):
    w = history
    flag, merit = w.types["co_thi_dua_tinh"], w.types["bang_khen_chu_tich_tinh"]
    old = live_award(w.culture_old, flag, 2019, decision_reference="12/QĐ-UBND")
    new = live_award(w.culture, flag, 2020, decision_reference="15/QĐ-UBND")
    withdrawn = _withdrawn_decision_award(w, w.culture, merit, 2020)
    live_award(w.finance, flag, 2020)  # another unit's
    client.force_login(w.other_officer)
    response = client.get(reverse("decisions:department_timeline", args=[w.culture.pk]))
    timeline = response.context["timeline"]
    assert [(year, [(e.award.pk, e.holder_name, e.held_by_predecessor, e.is_live, e.withdrawn_reason)
                    for e in entries]) for year, entries in timeline.years] == [
        (2020, [(new.pk, "Sở Văn hóa và Thể thao", False, True, ""),
                (withdrawn.pk, "Sở Văn hóa và Thể thao", False, False, "Hồ sơ kê khai sai thành tích")]),
        (2019, [(old.pk, "Sở Văn hóa", True, True, "")]),
    ]
    assert (timeline.live_count, timeline.withdrawn_count) == (2, 1)
    html = response.content.decode()
    assert "Gồm cả khen thưởng của đơn vị tiền thân:\n    Sở Văn hóa" in html
    assert "2 khen thưởng còn hiệu lực; 1 khen thưởng đã thu hồi (không tính)." in html
    assert "<del>Bằng khen của Chủ tịch UBND tỉnh</del>" in html
    # The old unit's own timeline has only its own year.
    old_page = client.get(reverse("decisions:department_timeline", args=[w.culture_old.pk]))
    assert [year for year, _e in old_page.context["timeline"].years] == [2019]


def test_department_page_shows_the_timeline(history, client):
    w = history
    award = live_award(w.culture_old, w.types["co_thi_dua_tinh"], 2019)
    client.force_login(w.board)
    html = client.get(reverse("blocs:department_detail", args=[w.culture.pk])).content.decode()
    assert f'data-testid="timeline-award-{award.pk}"' in html
    assert "1 khen thưởng còn hiệu lực." in html


def test_timeline_of_another_province_is_not_found(history, client):
    client.force_login(history.board)
    url = reverse("decisions:department_timeline", args=[history.far_departments[0].pk])
    assert client.get(url).status_code == 404


def _queries(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_timeline_and_list_queries_do_not_grow_with_awards(history, client):
    w = history
    flag = w.types["co_thi_dua_tinh"]
    live_award(w.culture, flag, 2020)
    urls = [reverse("decisions:department_timeline", args=[w.culture.pk]), reverse("decisions:award_history"),
            reverse("blocs:department_detail", args=[w.culture.pk])]
    few = [_queries(client, w.board, url) for url in urls]
    older = w.culture_old
    for year in range(1990, 2019):
        live_award(older, flag, year)
        live_award(w.culture, w.types["tap_the_lao_dong_xuat_sac"], year)
    _withdrawn_decision_award(w, w.culture, w.types["bang_khen_chu_tich_tinh"], 2020)
    predecessor = DepartmentFactory(province=w.province, name="Sở Thể dục Thể thao", successor=w.culture)
    live_award(predecessor, flag, 2005)
    many = [_queries(client, w.board, url) for url in urls]
    assert few == many
