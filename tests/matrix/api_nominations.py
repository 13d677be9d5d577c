"""Permission-matrix entries for the nominations, Board and notifications API (merged by
tests/api/test_permission_matrix.py). Each call runs in a savepoint rolled back afterwards, so every role
meets the same rows: for each workflow step, a nomination already in the state the step starts from, of an
award type of its own with one place and a rule in force."""
import datetime

from awards.enums import NominationStatus as S
from awards.models import AwardRule, AwardType, Nomination, Quota, RuleSet
from tests.matrix.pages_nominations import (REPORT_NAME, award_type, bloc_year, members, nomination,
                                            notification)
from tests.matrix.tables import ANON, BOARD, ROLES, VIEW


def recode(table, ok, hidden=404):
    return {v: {r: {200: ok, 404: hidden}.get(code, code) for r, code in by_role.items()}
            for v, by_role in table.items()}


PREPARE = {
    "own": dict(VIEW["own"], board=403, officer=403, leader=403),
    "other": dict(VIEW["other"], board=403, other_officer=403),
    "far": dict(VIEW["far"], far_board=403),
}
EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
BOARD_ONLY = {None: dict(dict.fromkeys(ROLES, 403), superuser=200, board=200, far_board=200)}
OWN_NOTIFICATION = {None: dict(dict.fromkeys(ROLES, 404), anonymous=ANON, officer=200)}


def rules_in_force(w, v, award):
    rule_set, _ = RuleSet.objects.get_or_create(province=award.province, name="Quy định thử",
                                                defaults={"valid_from": datetime.date(2024, 1, 1)})
    AwardRule.objects.get_or_create(rule_set=rule_set, award_type=award)


def staged(status):
    """A nomination in `status` of the variant's third member, for an award type with one free place."""
    def make(w, v):
        by = bloc_year(w, v)
        award, _ = AwardType.objects.get_or_create(province=by.bloc.province, code=f"thu-{status}",
                                                   defaults={"name": f"Hình thức thử {status}"})
        rules_in_force(w, v, award)
        Quota.objects.get_or_create(bloc_year=by, award_type=award, defaults={"places": 1})
        found, _ = Nomination.objects.get_or_create(bloc_year=by, award_type=award, department=members(w, v)[2],
                                                    defaults={"status": status, "achievement_report": REPORT_NAME})
        nomination(w, v)  # writes the report file when missing
        return found
    return make


def _create_body(w, v):
    award = award_type(w, v)
    rules_in_force(w, v, award)
    return {"bloc_year": bloc_year(w, v).pk, "award_type": award.pk, "department": members(w, v)[1].pk,
            "summary": "Hoàn thành xuất sắc nhiệm vụ"}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


COMMENT = lambda w, v: {"comment": "Bổ sung biên bản"}  # noqa: E731

API_MATRIX = {
    "v1:nomination-list": {
        "GET": (EVERYONE, None, None),
        "POST": (recode(PREPARE, ok=201, hidden=400), None, _create_body),
    },
    "v1:nomination-detail": {
        "GET": (VIEW, _pk(nomination), None),
        "PATCH": (PREPARE, _pk(nomination), lambda w, v: {"summary": "Bổ sung"}),
    },
    "v1:nomination-report": {
        "GET": (VIEW, _pk(nomination), None),
        "PUT": (recode(PREPARE, ok=400), _pk(nomination), None),  # JSON carries no file: 400 once allowed
    },
    "v1:nomination-submit": {"POST": (PREPARE, _pk(staged(S.DRAFT)), lambda w, v: {})},
    "v1:nomination-resubmit": {"POST": (PREPARE, _pk(staged(S.RETURNED)), lambda w, v: {})},
    "v1:nomination-start-review": {"POST": (BOARD, _pk(staged(S.SUBMITTED)), None)},
    "v1:nomination-return": {"POST": (BOARD, _pk(staged(S.UNDER_REVIEW)), COMMENT)},
    "v1:nomination-approve": {"POST": (BOARD, _pk(staged(S.UNDER_REVIEW)), lambda w, v: {})},
    "v1:nomination-reject": {"POST": (BOARD, _pk(staged(S.UNDER_REVIEW)), COMMENT)},
    "v1:board-summary": {"GET": (BOARD_ONLY, None, None)},
    "v1:board-proposals": {"GET": (BOARD_ONLY, None, None)},
    "v1:notification-list": {"GET": (EVERYONE, None, None)},
    "v1:notification-detail": {"GET": (OWN_NOTIFICATION, _pk(notification), None)},
    "v1:notification-read": {"POST": (OWN_NOTIFICATION, _pk(notification), None)},
    "v1:notification-read-all": {"POST": (EVERYONE, None, None)},
}
