"""Every kind rendered (eager Celery) from a bloc-year with all its parts: what each PDF says, its signature
boxes (recorded in Report.layout for the signing), and the secretariat's text inside it."""
import datetime

import pytest

from reports.domain import charts, rendering, texts
from reports.enums import ReportKind, ReportStatus
from scoring.enums import RoundKind, RoundStatus
from tests.reports.documents.conftest import _ranking, pdf_path, pdftotext, populated_bloc_year, render

pytestmark = pytest.mark.integration
NAMES = ["Sở Tài chính", "Cục Thuế", "Kho bạc Nhà nước tỉnh", "Sở Nội vụ"]


@pytest.fixture
def year(world):
    return populated_bloc_year(4, province=world.province, names=NAMES)


def _pdf_text(kind, subject, user, capture, tmp_path):
    report = render(kind, subject, user, capture)
    assert report.status == ReportStatus.DONE, report.error
    return report, " ".join(pdftotext(pdf_path(report, tmp_path)).split())


def test_year_end_shows_the_tie_break_trace_and_the_secretariats_text(year, world, django_capture_on_commit_callbacks,
                                                                      tmp_path):
    texts.save_report_text(kind=ReportKind.YEAR_END, subject=year, expected_version=0, user=world.board,
                           number_symbol="12/BC-KTĐ", place="Tam Kỳ", issued_on=datetime.date(2027, 1, 4),
                           sections={"achievements": "Đoàn kết, hoàn thành xuất sắc nhiệm vụ.",
                                     "shortcomings": "", "next_tasks": "Chuyển đổi số."},
                           recipients="UBND tỉnh (để b/c);\nLưu: VT, KTĐ.")
    report, text = _pdf_text(ReportKind.YEAR_END, year, world.board, django_capture_on_commit_callbacks, tmp_path)
    for fragment in ("Số: 12/BC-KTĐ", "Tam Kỳ, ngày 04 tháng 01 năm 2027",
                     "Sở Tài chính và Cục Thuế bằng điểm; xếp theo điểm nhóm I.",
                     "Các trường hợp bằng điểm được xử lý theo thứ tự: Điểm nhóm tiêu chí thứ nhất cao hơn; Bỏ phiếu.",
                     "Đoàn kết, hoàn thành xuất sắc nhiệm vụ.", "(Chưa có nội dung.)", "Chuyển đổi số.",
                     "- UBND tỉnh (để b/c);", "Bình chọn đơn vị dẫn đầu", "Khối trưởng năm 2027: Cục Thuế",
                     *NAMES):
        assert fragment in text, fragment
    assert set(report.layout) == {"sig-leader", "sig-deputy"}
    for box in report.layout.values():
        x1, y1, x2, y2 = box["box"]
        assert (round(x2 - x1), round(y2 - y1)) == (198, 68)  # the 70 × 24 mm box, in points


def test_mid_year_marks_a_ranking_not_finalised(year, world, django_capture_on_commit_callbacks, tmp_path):
    _ranking(year, list(year.memberships.order_by("name_at_time")), kind=RoundKind.MID_YEAR,
             status=RoundStatus.CLOSED)
    _report, text = _pdf_text(ReportKind.MID_YEAR, year, world.board, django_capture_on_commit_callbacks, tmp_path)
    assert "BÁO CÁO SƠ KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG 6 THÁNG ĐẦU NĂM 2026" in text
    assert "Kết quả xếp hạng chưa được chốt (trạng thái đợt chấm: Đã đóng chấm điểm)" in text


def test_the_other_kinds(year, world, django_capture_on_commit_callbacks, tmp_path):
    members = dict(year.memberships.values_list("name_at_time", "department_id"))
    expected = {
        ReportKind.PLEDGE: (year, ["GIAO ƯỚC THI ĐUA NĂM 2026", "“Đoàn kết, đổi mới”", "Đẩy mạnh cải cách hành chính.",
                                   "Chỉ tiêu của Kho bạc Nhà nước tỉnh", "Nhóm I", "(điểm trừ)"],
                            {f"sig-member-{pk}" for pk in members.values()}),
        ReportKind.VOTE_MINUTES: (year.ballot_rounds.get(), [
            "BIÊN BẢN KIỂM PHIẾU", "/BB", "ngày 21/12/2026", "Các đơn vị được chọn: Sở Tài chính.",
            "ít nhất 3"], {"sig-leader"}),
        ReportKind.NOMINATION_LETTER: (year, ["Thành tích của Sở Nội vụ", "Cờ thi đua của UBND tỉnh",
                                              "Kính trình"], {"sig-leader"}),
        ReportKind.PROVINCE_SUMMARY: ((world.province, 2026), [
            "Sở Tài chính (94,00)", "Cờ thi đua của UBND tỉnh: 4 đề nghị, đã chấp thuận 0"], {"sig-board"}),
    }
    for kind, (subject, fragments, boxes) in expected.items():
        report, text = _pdf_text(kind, subject, world.board, django_capture_on_commit_callbacks, tmp_path)
        assert [f for f in fragments if f not in text] == [], kind
        assert set(report.layout) == boxes, kind


def test_the_renderer_fetches_nothing_outside_the_application(tmp_path):
    """A worker on the intranet reaches no network, and no file beyond the app's own, whatever the HTML says."""
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red; }")
    inside = rendering.STYLESHEET.as_uri()
    fetcher = rendering.OfflineFetcher()
    response = fetcher(inside)
    assert b"@page" in response.read()
    response.close()
    for url in (outside.as_uri(), "http://127.0.0.1:9/x.png", "https://example.org/font.woff2"):
        with pytest.raises(ValueError):
            fetcher(url)
    html = (f'<link rel="stylesheet" href="{outside.as_uri()}"><img src="http://127.0.0.1:9/x.png">'
            '<p>Nội dung</p>')
    document = rendering.html_to_document(html)  # refused resources are left out, the page still renders
    assert len(document.pages) == 1


def test_province_summary_draws_the_award_lines_from_two_years_on():
    awards = {"year_from": 2017, "year_to": 2026, "total": 5, "types": ["Cờ thi đua của UBND tỉnh", "Bằng khen"],
              "by_year": [{"year": 2025, "total": 2, "by_type": [1, 1]}, {"year": 2026, "total": 3, "by_type": [1, 2]}]}
    drawn = charts.charts_for(kind=ReportKind.PROVINCE_SUMMARY, context={"awards": awards})
    assert set(drawn) == {"awards_by_type", "awards_by_year"}
    assert "Bằng khen: 2 khen thưởng" in str(drawn["awards_by_type"])  # the bars are the report year's
    assert ">2025<" in str(drawn["awards_by_year"]) and ">2026<" in str(drawn["awards_by_year"])
