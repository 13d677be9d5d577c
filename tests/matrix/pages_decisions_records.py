"""Permission-matrix entries for the decision, reward-money and base-salary pages (merged by
tests/test_permission_matrix.py). A decision and a disclosure are made on first use in the variant's province
(own: the world's province; far: the other one)."""
import datetime

from decisions.enums import DisclosureStatus
from decisions.models import AwardDecision, Disclosure
from tests.factories.decisions import AwardDecisionFactory, DisclosureFactory

PROVINCE_VIEW = {  # every account of the province reads
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200, leader=200,
                other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404, leader=404,
                other_officer=404),
}
PROVINCE_BOARD = {  # the province's Board (and a superuser) acts; the others of the province see it exists
    "own": dict(PROVINCE_VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": PROVINCE_VIEW["far"],
}
POST_ONLY = {v: {r: 405 if code == 200 else code for r, code in by_role.items()} for v, by_role in
             PROVINCE_BOARD.items()}
EVERYONE = {None: dict(dict.fromkeys(PROVINCE_VIEW["own"], 200), anonymous=302)}
SUPERUSER_ONLY = {None: dict(dict.fromkeys(PROVINCE_VIEW["own"], 403), anonymous=302, superuser=200)}


def province(w, v):
    return w.province if v == "own" else w.far_province


def decision(w, v):
    found = AwardDecision.objects.filter(province=province(w, v)).first()
    return found or AwardDecisionFactory(province=province(w, v), year=2025, decided_on=datetime.date(2026, 1, 20))


def disclosure(w, v):
    found = Disclosure.objects.filter(province=province(w, v)).first()
    return found or DisclosureFactory(province=province(w, v), year=2025, status=DisclosureStatus.SENT_TO_COUNCIL)


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


PAGE_MATRIX = {
    "decisions:decision_list": (EVERYONE, None),
    "decisions:decision_detail": (PROVINCE_VIEW, _pk(decision)),
    "decisions:decision_withdraw": (PROVINCE_BOARD, _pk(decision)),
    "decisions:decision_document": (POST_ONLY, _pk(decision)),
    "decisions:decision_create": (PROVINCE_BOARD, _pk(province)),
    "decisions:decision_create_from_disclosure": (PROVINCE_BOARD, _pk(disclosure)),
    "decisions:money": (PROVINCE_VIEW, _pk(province)),
    "decisions:money_export": (PROVINCE_VIEW, _pk(province)),
    "decisions:base_salary_list": (EVERYONE, None),
    "decisions:base_salary_create": (SUPERUSER_ONLY, None),
}
