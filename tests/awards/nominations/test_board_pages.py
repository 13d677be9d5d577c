"""The Board's dashboard (filters, counts against quotas, overdue items, the chart), its Excel proposal
list, and the score and ranking trends across years."""
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.enums import NominationStatus as S
from tests.awards.nominations.conftest import nomination_in, ranked
from tests.factories.accounts import UserFactory
from tests.factories.blocs import BlocYearFactory, MembershipFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def busy(year_end):
    """Nominations of the own bloc-year in several states; one submitted long ago is overdue."""
    w = year_end
    today = timezone.localdate()
    w.late = nomination_in(w, S.SUBMITTED, award_type=w.flag, department=w.own_departments[0],
                           due_on=today - datetime.timedelta(days=3))
    w.approved = nomination_in(w, S.APPROVED, department=w.own_departments[1])
    w.under_review = nomination_in(w, S.UNDER_REVIEW, department=w.own_departments[2], due_on=today)
    w.draft = nomination_in(w, S.DRAFT, award_type=w.flag, department=w.own_departments[1])
    return w


def _dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("awards:board_dashboard"), params)
    assert response.status_code == 200
    return response


def test_the_dashboard_counts_against_quotas_by_bloc(client, busy):
    w = busy
    response = _dashboard(client, w.board)
    summary = response.context["summary"]
    assert [t.name for t in summary.award_types] == ["Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"]
    own = next(line for line in summary.lines if line.bloc == w.own.bloc)
    assert [(c.places, c.pending, c.approved) for c in own.cells] == [(1, 1, 0), (2, 1, 1)]
    other = next(line for line in summary.lines if line.bloc == w.other.bloc)
    assert [(c.places, c.pending, c.approved) for c in other.cells] == [(None, 0, 0), (None, 0, 0)]
    assert (summary.overdue, own.overdue) == (1, 1)
    assert response.context["status_counts"] == [("Đã gửi Ban TĐKT", 1), ("Ban TĐKT đang xem xét", 1),
                                                 ("Trả lại để bổ sung", 0), ("Đã chấp thuận", 1),
                                                 ("Không chấp thuận", 0)]
    assert response.context["overdue"] == [w.late]
    # Drafts stay the secretariat's: the Board's list starts at submission.
    assert sorted(n.pk for n in response.context["page_obj"]) == sorted([w.late.pk, w.approved.pk, w.under_review.pk])


def test_the_chart_is_inline_svg_without_style_or_script(client, busy):
    html = _dashboard(client, busy.board).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg and "<script" not in svg
    assert f"{busy.own.bloc.name}: chỉ tiêu 3, đã chấp thuận 1, đang chờ 2" in svg


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "approved"}, ["approved"]),
    ({"overdue": "on"}, ["late"]),
    ({"award_type": "flag"}, ["late"]),
    ({"bloc": "other"}, []),
    ({"year": "2026", "status": "under_review"}, ["under_review"]),
])
def test_the_filters(client, busy, params, expected):
    w = busy
    ids = {"flag": w.flag.pk, "other": w.other.bloc_id}
    response = _dashboard(client, w.board, **{k: ids.get(v, v) for k, v in params.items()})
    assert sorted(n.pk for n in response.context["page_obj"]) == sorted(getattr(w, name).pk for name in expected)
    assert response.context["filter_errors"] == []


def test_invalid_filters_are_named_and_left_out(client, busy):
    w = busy
    response = _dashboard(client, w.board, year="abc", bloc=w.far.bloc_id, status="draft", page="x")
    assert response.context["filter_errors"] == [
        ("Năm", ["Lựa chọn không hợp lệ hoặc không tồn tại."]),
        ("Khối", ["Lựa chọn không hợp lệ hoặc không tồn tại."]),
        ("Trạng thái", ["Lựa chọn không hợp lệ hoặc không tồn tại."])]
    assert response.context["filters"].year == 2026
    assert response.context["page_obj"].paginator.count == 3


def test_a_superuser_picks_the_province(client, busy):
    w = busy
    root = UserFactory(username="root", is_superuser=True)
    response = _dashboard(client, root, province=w.far_province.pk)
    assert response.context["filters"].province == w.far_province
    assert _dashboard(client, root, province="999999999").context["filters"].province in (w.province,
                                                                                         w.far_province)


def test_the_far_board_sees_only_its_province(client, busy):
    response = _dashboard(client, busy.far_board, province=busy.province.pk)
    assert response.context["filters"].province == busy.far_province
    assert response.context["page_obj"].paginator.count == 0


def test_the_export_is_the_filtered_proposal_list(client, busy):
    w = busy
    client.force_login(w.board)
    response = client.get(reverse("awards:board_export"), {"status": "approved"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = [r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) if r[0]]
    assert rows[-2:] == [("STT", "Đơn vị", "Khối", "Hình thức khen thưởng", "Năm", "Trạng thái", "Căn cứ"),
                         (1, w.own_departments[1].name, w.own.bloc.name, "Bằng khen của Chủ tịch UBND tỉnh", 2026,
                          "Đã chấp thuận", None)]


def test_the_basis_names_the_rules_and_the_ballot(client, year_end):
    w = year_end
    nomination_in(w, S.SUBMITTED, award_type=w.flag, department=w.own_departments[0], ballot_round=w.round,
                  rule_set=w.rule_set, eligibility={"article": "Điều 26"})
    client.force_login(w.board)
    rows = list(load_workbook(io.BytesIO(client.get(reverse("awards:board_export")).content)).active.iter_rows(
        values_only=True))
    assert rows[-1][-1] == ("Quy định khen thưởng của tỉnh, Điều 26; Bỏ phiếu “Bình xét Cờ thi đua của UBND "
                            "tỉnh”: 3/3 phiếu")


@pytest.fixture
def history(world):
    """The own bloc with a 2025 year (scale of 1,000) and 2026 (scale of 100), both ranked at year-end."""
    w = world
    d0, d1, d2 = w.own_departments
    w.y2025 = BlocYearFactory(bloc=w.own.bloc, year=2025)
    for department in (d0, d1, d2):
        MembershipFactory(bloc_year=w.y2025, department=department)
    round_2025 = ranked(w.y2025, [(d1, 1, "excellent", Decimal("950")), (d0, 2, "good", Decimal("800")),
                                  (d2, 3, "good", Decimal("700"))])
    round_2025.ranking.settings_snapshot = {"scale_total": "1000"}
    round_2025.ranking.save()
    ranked(w.own, [(d0, 1, "excellent", Decimal("96.5")), (d1, 2, "excellent", Decimal("91")),
                   (d2, 3, "good", Decimal("75"))])
    return w


def test_the_bloc_trend_shows_each_year_as_a_percentage(client, history):
    w = history
    client.force_login(w.officer)
    response = client.get(reverse("awards:bloc_trends", args=[w.own.bloc_id]))
    assert response.status_code == 200
    assert response.context["years"] == [2025, 2026]
    rows = {name: [(p.percent, p.rank) if p else None for p in cells] for name, cells in response.context["rows"]}
    d0, d1 = w.own_departments[0].name, w.own_departments[1].name
    assert rows[d0] == [(Decimal("80"), 2), (Decimal("96.5"), 1)]
    assert rows[d1] == [(Decimal("95"), 1), (Decimal("91"), 2)]
    html = response.content.decode()
    assert html.count("<svg") == 2 and "style=" not in re.search(r"<svg.*</svg>", html, re.S).group(0)


def test_the_department_trend_follows_its_years(client, history):
    w = history
    client.force_login(w.board)
    response = client.get(reverse("awards:department_trends", args=[w.own_departments[0].pk]))
    assert [(p.year, p.rank) for _name, cells in response.context["rows"] for p in cells] == [(2025, 2), (2026, 1)]


def test_a_trend_without_rankings_says_so(client, world):
    client.force_login(world.board)
    response = client.get(reverse("awards:bloc_trends", args=[world.other.bloc_id]))
    assert response.context["rows"] == [] and 'data-testid="no-trend"' in response.content.decode()


def test_overdue_rows_are_marked(client, busy):
    html = _dashboard(client, busy.board).content.decode()
    row = re.search(rf'<tr data-testid="nomination-{busy.late.pk}">.*?</tr>', html, re.S).group(0)
    assert "quá hạn" in row
    fresh = re.search(rf'<tr data-testid="nomination-{busy.under_review.pk}">.*?</tr>', html, re.S).group(0)
    assert "quá hạn" not in fresh
