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
MEMBERS = 45  # the members' table runs over the first page


@pytest.fixture
def long_report(world, django_capture_on_commit_callbacks, tmp_path):
    bloc_year = BlocYearFactory(bloc=world.own.bloc, year=2025)
    for n in range(MEMBERS):
        MembershipFactory(bloc_year=bloc_year, department__name=f"Sở Thử nghiệm Số {n:02d}",
                          name_at_time=f"Sở Thử nghiệm Số {n:02d}")
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
    texts = [pdftotext(path, page=n) for n in range(1, report.pages + 1)]
    for n in range(MEMBERS):
        name = f"Sở Thử nghiệm Số {n:02d}"
        assert sum(name in text for text in texts) == 1, name  # on exactly one page, on one line
    assert sum("Sở Thử nghiệm Số" in text for text in texts[:2]) == 2  # the table does run over
