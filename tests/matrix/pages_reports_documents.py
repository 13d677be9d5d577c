"""Permission-matrix entries for the document pages (reports/views/documents.py). The helpers make what a
URL needs on first use: a counted ballot round (tests/matrix/pages_voting.py) and a finished report with its
file, in whichever bloc-year (or province) the variant names."""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.matrix.pages_voting import MANAGE, VIEW, ballot_round, bloc_year
from voting.enums import BallotRoundStatus

YEAR = 2026
PDF_NAME = "reports/matrix/van-ban.pdf"
EDIT_TEXT = MANAGE  # the bloc's secretariat or the Board of the province
# POST only: who may request is answered 405 to a GET; the leaders of member units may request too.
REQUEST = {
    "own": dict(VIEW["own"], superuser=405, board=405, secretariat=405, officer=403, leader=405),
    "other": dict(VIEW["other"], superuser=405, board=405, other_officer=403),
    "far": dict(VIEW["far"], superuser=405, far_board=405),
}
# The province's documents: its Board (the province's other accounts see the province, not its summary).
PROVINCE = {
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=403, officer=403,
                leader=403, other_officer=403),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
PROVINCE_REQUEST = {v: {r: 405 if code == 200 else code for r, code in by_role.items()}
                    for v, by_role in PROVINCE.items()}


def province(w, v):
    return w.province if v == "own" else w.far_province


def report(w, v):
    """A finished year-end report of the variant's bloc-year, with a file on disk."""
    if not default_storage.exists(PDF_NAME):
        default_storage.save(PDF_NAME, ContentFile(b"%PDF-1.7\n%%EOF\n"))
    by = bloc_year(w, v)
    found, _ = Report.objects.get_or_create(
        kind=ReportKind.YEAR_END, bloc_year=by, defaults={
            "province": by.bloc.province, "year": by.year, "title": "BÁO CÁO TỔNG KẾT", "context": {},
            "inputs_hash": "0" * 64, "status": ReportStatus.DONE, "dispatched": True, "file": PDF_NAME,
            "sha256": "1" * 64, "pages": 1})
    return found


def _pk(getter, *args):
    return lambda w, v: [getter(w, v, *args).pk]


def _closed_round(w, v):
    return [ballot_round(w, v, BallotRoundStatus.CLOSED).pk]


PAGE_MATRIX = {
    "reports:bloc_year_documents": (VIEW, _pk(bloc_year)),
    "reports:bloc_year_request": (REQUEST, lambda w, v: [bloc_year(w, v).pk, "year_end"]),
    "reports:bloc_year_text": (EDIT_TEXT, lambda w, v: [bloc_year(w, v).pk, "year_end"]),
    "reports:round_minutes": (VIEW, _closed_round),
    "reports:round_minutes_request": (REQUEST, _closed_round),
    "reports:province_summary": (PROVINCE, lambda w, v: [province(w, v).pk, YEAR]),
    "reports:province_summary_request": (PROVINCE_REQUEST, lambda w, v: [province(w, v).pk, YEAR]),
    "reports:province_text": (PROVINCE, lambda w, v: [province(w, v).pk, YEAR]),
    "reports:report_detail": (VIEW, _pk(report)),
    "reports:report_download": (VIEW, _pk(report)),
}
