"""Every kind of document, rendered (eager Celery) from the demo's Quảng Ngãi 2017 year, reached through the
real workflow: the PDF text carries the units' names with their exact diacritics, in Liberation Serif."""
import re

import pytest
from django.urls import reverse

from accounts.models import User
from blocs.models import BlocYear
from reports.domain import charts, contexts, rendering
from reports.enums import ReportKind, ReportStatus
from tests.reports.documents.conftest import assert_margins, pdf_path, pdffonts, pdftotext, render
from tests.scoring.demo.loading import demo  # noqa: F401 — a fixture
from voting.models import BallotRound

pytestmark = pytest.mark.integration

MEMBERS_2017 = ["Ban Dân tộc tỉnh", "Cục Hải quan", "Cục Thuế", "Cục Thống kê", "Kho bạc Nhà nước tỉnh",
                "Ngân hàng Nhà nước tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Ngoại vụ", "Sở Tài chính",
                "Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh"]


@pytest.fixture
def quang_ngai(demo, db):  # noqa: F811
    return BlocYear.objects.select_related("bloc__province", "leader", "deputy").get(
        bloc__province__code="quang-ngai", year=2017)


@pytest.fixture
def board(quang_ngai):
    return User.objects.get(username="ban.quangngai")


def _text(report, tmp_path):
    assert report.status == ReportStatus.DONE, report.error
    path = pdf_path(report, tmp_path)
    assert_margins(path)
    return path, " ".join(pdftotext(path).split())


def _serif_embedded(path):
    """Every font of the file is Liberation (Serif for the text), embedded: no fallback to another family."""
    rows = [line.split() for line in pdffonts(path).splitlines()[2:]]
    names = {row[0].split("+", 1)[-1] for row in rows}
    embedded = {row[0].split("+", 1)[-1]: row[-5] for row in rows}
    assert "Liberation-Serif" in names and "Liberation-Serif-Bold" in names
    assert all(re.match(r"Liberation-(Serif|Sans)", name) for name in names), names
    assert set(embedded.values()) == {"yes"}


def test_year_end_report_of_the_demo(quang_ngai, board, django_capture_on_commit_callbacks, tmp_path):
    report = render(ReportKind.YEAR_END, quang_ngai, board, django_capture_on_commit_callbacks)
    path, text = _text(report, tmp_path)
    assert [name for name in MEMBERS_2017 if name not in text] == []
    for fragment in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2017",
                     "Khối thi đua các cơ quan Tham mưu - Tổng hợp", "Hoàn thành xuất sắc nhiệm vụ",
                     "Đề nghị tặng Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh",
                     "Khối trưởng năm 2018: Ban Dân tộc tỉnh", "khối phó năm 2018: Kho bạc Nhà nước tỉnh",
                     "Đã chấp thuận", "KHỐI TRƯỞNG", "KHỐI PHÓ", "Nhóm I (tối đa 50,00)"):
        assert fragment in text, fragment
    _serif_embedded(path)
    assert set(report.layout) == {"sig-leader", "sig-deputy"}
    ranking = report.context["ranking"]
    assert [(r["rank"], r["name"], r["final_score"]) for r in ranking["rows"][:3]] == [
        (1, "Văn phòng HĐND tỉnh", "96.00"), (2, "Văn phòng UBND tỉnh", "95.25"), (3, "Sở Tài chính", "93.25")]
    assert "96,00" in text and "95,25" in text


def test_year_end_charts_are_the_ranking_page_drawings(quang_ngai, board, client):
    """The charts in the PDF are drawn by the same functions, from the same figures, as the ranking page."""
    context = contexts.build_context(kind=ReportKind.YEAR_END, subject=quang_ngai)
    drawn = charts.charts_for(kind=ReportKind.YEAR_END, context=context)
    client.force_login(board)
    round_ = quang_ngai.scoring_rounds.get(kind="year_end")
    page = client.get(reverse("scoring:ranking", args=[round_.pk])).content.decode()
    assert set(drawn) == {"final_scores", "group_scores"}
    assert str(drawn["final_scores"]) in page and str(drawn["group_scores"]) in page
    document = rendering.render_html(kind=ReportKind.YEAR_END, context=context)
    assert str(drawn["final_scores"]) in document and str(drawn["group_scores"]) in document


def test_pledge_of_the_demo_has_a_signature_box_per_member(quang_ngai, board, django_capture_on_commit_callbacks,
                                                           tmp_path):
    report = render(ReportKind.PLEDGE, quang_ngai, board, django_capture_on_commit_callbacks)
    path, text = _text(report, tmp_path)
    assert [name for name in MEMBERS_2017 if name not in text] == []
    assert "GIAO ƯỚC THI ĐUA NĂM 2017" in text and "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC" in text
    member_ids = set(quang_ngai.memberships.values_list("department_id", flat=True))
    assert set(report.layout) == {f"sig-member-{pk}" for pk in member_ids}
    _serif_embedded(path)


def test_other_kinds_of_the_demo(quang_ngai, board, django_capture_on_commit_callbacks, tmp_path):
    round_ = BallotRound.objects.get(bloc_year=quang_ngai, title="Bầu khối trưởng năm 2018")
    expected = {
        ReportKind.MID_YEAR: (quang_ngai, ["BÁO CÁO SƠ KẾT", "Khối không tổ chức chấm điểm sơ kết 6 tháng."]),
        ReportKind.VOTE_MINUTES: (round_, ["BIÊN BẢN KIỂM PHIẾU", "Bầu khối trưởng năm 2018",
                                           "Các đơn vị được chọn: Ban Dân tộc tỉnh.", "CHỦ TRÌ KIỂM PHIẾU",
                                           *MEMBERS_2017]),
        ReportKind.NOMINATION_LETTER: (quang_ngai, ["TỜ TRÌNH", "Về việc đề nghị khen thưởng năm 2017",
                                                    "Kính gửi: Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi.",
                                                    "Bằng khen của Chủ tịch UBND tỉnh"]),
        ReportKind.PROVINCE_SUMMARY: ((quang_ngai.bloc.province, 2017), [
            "UBND TỈNH QUẢNG NGÃI", "BAN THI ĐUA - KHEN THƯỞNG", "Văn phòng HĐND tỉnh (96,00)", "TRƯỞNG BAN"]),
    }
    for kind, (subject, fragments) in expected.items():
        report = render(kind, subject, board, django_capture_on_commit_callbacks)
        path, text = _text(report, tmp_path)
        assert [f for f in fragments if f not in text] == [], kind
        _serif_embedded(path)


def test_province_summary_charts_are_the_statistics_page_drawings(quang_ngai, board, client):
    """The Board's summary carries the awards the demo's decisions recorded, drawn by the statistics page's
    functions from the same counts (the last ten years, withdrawn awards left out)."""
    province = quang_ngai.bloc.province
    context = contexts.build_context(kind=ReportKind.PROVINCE_SUMMARY, subject=(province, 2017))
    assert context["awards"]["total"] > 0 and [line["year"] for line in context["awards"]["by_year"]] == [2017]
    drawn = charts.charts_for(kind=ReportKind.PROVINCE_SUMMARY, context=context)
    assert set(drawn) == {"awards_by_type"}  # one year: no line to draw
    document = rendering.render_html(kind=ReportKind.PROVINCE_SUMMARY, context=context)
    assert str(drawn["awards_by_type"]) in document
    client.force_login(board)
    page = client.get(reverse("decisions:statistics"), {"province": province.pk, "year_from": 2017,
                                                        "year_to": 2017}).content.decode()
    assert str(drawn["awards_by_type"]) in page
    later = contexts.build_context(kind=ReportKind.PROVINCE_SUMMARY, subject=(province, 2018))
    assert [line["year"] for line in later["awards"]["by_year"]] == [2017]  # 2018 has no awards yet
    assert set(charts.charts_for(kind=ReportKind.PROVINCE_SUMMARY, context=later)) == set()
