"""The Decree 30/2020 layout, measured on a rendered PDF: A4 page boxes, margins within the decree's ranges
(top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm), page numbers top centre from page 2 only, and a
table longer than a page that repeats its header and never splits a row."""
import pytest

from reports.enums import ReportKind
from tests.factories.blocs import BlocYearFactory, MembershipFactory
from tests.reports.documents.conftest import (MM, assert_margins, page_boxes, pdf_path, pdftotext, render,
                                              words_by_page)

pytestmark = pytest.mark.integration

A4 = (210 * MM, 297 * MM)
MEMBERS = 30  # the members' table runs over the first page
# A name long enough to wrap over several lines of its cell, opened and closed by markers found nowhere else:
# a row split across pages would put its two markers on different pages.
LONG_NAME = ("Đầu{n:02d} Sở Thử nghiệm Số {n:02d}, đơn vị có tên dài để ô của bảng phải xuống dòng nhiều lần "
             "trong cùng một hàng, thêm vài chữ nữa cho chắc chắn Cuối{n:02d}")


@pytest.fixture
def long_report(world, django_capture_on_commit_callbacks, tmp_path):
    bloc_year = BlocYearFactory(bloc=world.own.bloc, year=2025)
    for n in range(MEMBERS):
        MembershipFactory(bloc_year=bloc_year, department__name=LONG_NAME.format(n=n),
                          name_at_time=LONG_NAME.format(n=n))
    report = render(ReportKind.YEAR_END, bloc_year, world.board, django_capture_on_commit_callbacks)
    assert report.pages >= 2, report.error
    return report, pdf_path(report, tmp_path)


def test_pages_are_a4(long_report):
    report, path = long_report
    boxes = page_boxes(path)
    assert len(boxes) == report.pages
    for media_box, trim_box in boxes:
        assert media_box[:2] == [0, 0] and media_box[2:] == pytest.approx(A4, abs=0.5)
        assert trim_box == pytest.approx(media_box, abs=0.01)


def test_margins_are_within_the_decree(long_report):
    _report, path = long_report
    assert_margins(path)


def test_page_numbers_top_centre_from_page_two(long_report):
    report, path = long_report
    pages = words_by_page(path)
    assert [w for w in pages[0] if w[3] < 20 * MM] == []  # nothing in page 1's top margin
    assert pdftotext(path, page=1).split()[0] != "1"
    for number, words in enumerate(pages[1:], start=2):
        in_margin = [w for w in words if w[3] < 20 * MM]
        assert [w[4] for w in in_margin] == [str(number)]
        centre = (in_margin[0][0] + in_margin[0][2]) / 2
        assert centre == pytest.approx((31 + (210 - 31 - 16) / 2) * MM, abs=2 * MM)  # centre of the text area
        assert pdftotext(path, page=number).split()[0] == str(number)
    assert len(pages) == report.pages


def test_a_long_table_repeats_its_header_and_keeps_rows_whole(long_report):
    report, path = long_report
    second = pdftotext(path, page=2).split("\n")
    assert [line for line in second if line.strip()][1:3] == ["STT", "Đơn vị thành viên"]
    page_of = {}  # each word that marks a row (its number in the STT column, its opening and closing markers)
    for page, words in enumerate(words_by_page(path)):
        for x1, y1, _x2, _y2, text in words:
            if text.isdigit() and x1 < 45 * MM and y1 > 20 * MM:
                page_of.setdefault(f"STT{text}", []).append(page)
            elif text.startswith(("Đầu", "Cuối")):
                page_of.setdefault(text.rstrip(",."), []).append(page)
    for n in range(MEMBERS):
        pages = [page_of.get(key) for key in (f"STT{n + 1}", f"Đầu{n:02d}", f"Cuối{n:02d}")]
        assert pages[0] is not None and len(pages[0]) == 1 and pages[0] == pages[1] == pages[2], (n, pages)
    assert len({page_of[f"STT{n + 1}"][0] for n in range(MEMBERS)}) >= 2  # the table does run over
    row_lines = [line for line in pdftotext(path, page=1).split("\n") if "Đầu00" in line or "Cuối00" in line]
    assert len(row_lines) == 2  # and its rows do wrap: the two markers stand on different lines
