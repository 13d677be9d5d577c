"""Permission-matrix entries for the disclosure pages (merged by tests/test_permission_matrix.py), and the rows
they need, made on first use in the province the variant names ("own": the world's province, "far": the other):
an open list (published today) with an entry and a complaint, and a list whose period has ended."""
import datetime

from django.utils import timezone

from awards.enums import NominationStatus
from tests.factories.awards import AwardTypeFactory, NominationFactory
from tests.factories.decisions import ComplaintFactory, DisclosureEntryFactory, DisclosureFactory

PROVINCE_VIEW = {  # every account of the list's province
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200, leader=200,
                other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404, leader=404,
                other_officer=404),
}
BOARD = {  # the Board of the province (and a superuser)
    "own": dict(PROVINCE_VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": PROVINCE_VIEW["far"],
}
FILE = {  # officers and leaders of a department of the province (a superuser has no department)
    "own": dict(PROVINCE_VIEW["own"], superuser=403, board=403, secretariat=403),
    "far": dict(PROVINCE_VIEW["far"], superuser=403, far_board=403),
}
EVERYONE = {None: dict(PROVINCE_VIEW["own"], far_board=200)}


def province(w, v):
    return w.province if v == "own" else w.far_province


def board_of(w, v):
    return w.board if v == "own" else w.far_board


def _cached(kind, make):
    def get(w, v):
        if not hasattr(w, "disclosure_rows"):
            w.disclosure_rows = {}
        cache = w.disclosure_rows
        if (kind, v) not in cache:
            cache[kind, v] = make(w, v)
        return cache[kind, v]
    return get


def _open(w, v):
    today = timezone.localdate()
    disclosure = DisclosureFactory(province=province(w, v), year=2023, published_on=today,
                                   closes_on=today + datetime.timedelta(days=7), published_by=board_of(w, v))
    entry = DisclosureEntryFactory(disclosure=disclosure)
    complaint = ComplaintFactory(entry=entry)
    return disclosure, entry, complaint


open_rows = _cached("open", _open)
ended_disclosure = _cached("ended", lambda w, v: DisclosureFactory(province=province(w, v), year=2024,
                                                                   published_by=board_of(w, v)))


def approved_nomination(w, v):
    """An approved nomination of 2026 in the variant's province, so that the year can be published."""
    bloc_year = w.own if v == "own" else w.far
    award_type = AwardTypeFactory(province=province(w, v), code=f"matrix-{bloc_year.pk}")
    return NominationFactory(bloc_year=bloc_year, award_type=award_type, department=bloc_year.leader
                             or bloc_year.memberships.first().department, status=NominationStatus.APPROVED)


approved = _cached("approved", approved_nomination)


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


open_disclosure = lambda w, v: open_rows(w, v)[0]  # noqa: E731
open_entry = lambda w, v: open_rows(w, v)[1]  # noqa: E731
open_complaint = lambda w, v: open_rows(w, v)[2]  # noqa: E731

PAGE_MATRIX = {
    "decisions:disclosure_list": (EVERYONE, None),
    "decisions:disclosure_detail": (PROVINCE_VIEW, _pk(open_disclosure)),
    "decisions:disclosure_send": (BOARD, _pk(ended_disclosure)),
    "decisions:disclosure_publish": (BOARD, _pk(province)),
    "decisions:disclosure_settings": (BOARD, _pk(province)),
    "decisions:complaint_create": (FILE, _pk(open_entry)),
    "decisions:complaint_answer": (BOARD, _pk(open_complaint)),
}
