"""Permission-matrix entries for the nomination, Board and notification pages (merged by
tests/test_permission_matrix.py). The helpers make what a URL needs (an award type, a nomination with its
achievement report, a notification) on first use, in whichever bloc-year the variant names."""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from awards.models import AwardType, Nomination
from notifications.models import Notification

VIEW = {  # anyone who sees the bloc-year
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
PREPARE = {  # the bloc's secretariat (and a superuser); the Board sees but does not prepare
    "own": dict(VIEW["own"], board=403, officer=403, leader=403),
    "other": dict(VIEW["other"], board=403, other_officer=403),
    "far": dict(VIEW["far"], far_board=403),
}
REVIEW = {  # the Board of the province (and a superuser)
    "own": dict(VIEW["own"], secretariat=403, officer=403, leader=403),
    "other": dict(VIEW["other"], other_officer=403),
    "far": VIEW["far"],
}
BOARD_ONLY = {None: dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=403, officer=403,
                         leader=403, other_officer=403)}
EVERYONE = {None: dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=200, officer=200,
                       leader=200, other_officer=200)}
POST_ONLY = {None: dict(EVERYONE[None], superuser=405, board=405, far_board=405, secretariat=405, officer=405,
                        leader=405, other_officer=405)}
# A notification of the officer: only its recipient reaches it (405: the URL takes POST only).
OWN_NOTIFICATION = {None: dict(anonymous=302, superuser=404, board=404, far_board=404, secretariat=404,
                               officer=405, leader=404, other_officer=404)}
REPORT_NAME = "dossiers/matrix/bao-cao-thanh-tich.pdf"
PDF = b"%PDF-1.4\n%%EOF\n"
DEPARTMENT_VIEW = {"own": VIEW["own"], "far": VIEW["far"]}


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def members(w, v):
    return {"own": w.own_departments, "other": w.other_departments, "far": w.far_departments}[v]


def award_type(w, v):
    province = bloc_year(w, v).bloc.province
    found, _ = AwardType.objects.get_or_create(province=province, code="bang_khen_chu_tich_tinh",
                                               defaults={"name": "Bằng khen của Chủ tịch UBND tỉnh"})
    return found


def nomination(w, v):
    """A draft nomination of the variant's third member, with an achievement report on file."""
    if not default_storage.exists(REPORT_NAME):
        default_storage.save(REPORT_NAME, ContentFile(PDF))
    found, _ = Nomination.objects.get_or_create(bloc_year=bloc_year(w, v), award_type=award_type(w, v),
                                                department=members(w, v)[2],
                                                defaults={"achievement_report": REPORT_NAME})
    return found


def notification(w, v):
    from django.utils import timezone

    found, _ = Notification.objects.get_or_create(user=w.officer, title="Thông báo thử",
                                                  defaults={"created_at": timezone.now()})
    return found


def _by(getter):
    return lambda w, v: [getter(w, v).pk]


PAGE_MATRIX = {
    "awards:bloc_year_nominations": (VIEW, _by(bloc_year)),
    "awards:nomination_create": (PREPARE, _by(bloc_year)),
    "awards:nomination_detail": (VIEW, _by(nomination)),
    "awards:nomination_edit": (PREPARE, _by(nomination)),
    "awards:nomination_report": (VIEW, _by(nomination)),
    "awards:nomination_submit": (PREPARE, _by(nomination)),
    "awards:nomination_resubmit": (PREPARE, _by(nomination)),
    "awards:nomination_start_review": (REVIEW, _by(nomination)),
    "awards:nomination_return": (REVIEW, _by(nomination)),
    "awards:nomination_approve": (REVIEW, _by(nomination)),
    "awards:nomination_reject": (REVIEW, _by(nomination)),
    "awards:board_dashboard": (BOARD_ONLY, None),
    "awards:board_export": (BOARD_ONLY, None),
    "awards:bloc_trends": (VIEW, lambda w, v: [bloc_year(w, v).bloc_id]),
    "awards:department_trends": (DEPARTMENT_VIEW, lambda w, v: [members(w, v)[0].pk]),
    "notifications:list": (EVERYONE, None),
    "notifications:mark_read": (OWN_NOTIFICATION, lambda w, v: [notification(w, v).pk]),
    "notifications:mark_all_read": (POST_ONLY, None),
}
