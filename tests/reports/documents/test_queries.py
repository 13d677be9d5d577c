"""The snapshots: plain JSON, with the exact figures of the bloc-year, read in a constant number of queries
whatever the number of members (and of blocs, for the province's summary)."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.domain import contexts
from reports.enums import ReportKind
from tests.factories.blocs import ProvinceFactory
from tests.reports.documents.conftest import populated_bloc_year

pytestmark = pytest.mark.integration
BLOC_YEAR_KINDS = (ReportKind.PLEDGE, ReportKind.MID_YEAR, ReportKind.YEAR_END, ReportKind.NOMINATION_LETTER)


def _subject(kind, bloc_year):
    return bloc_year.ballot_rounds.get() if kind == ReportKind.VOTE_MINUTES else bloc_year


def _queries(kind, subject):
    with CaptureQueriesContext(connection) as captured:
        context = contexts.build_context(kind=kind, subject=subject)
    json.dumps(context)  # plain JSON, nothing else
    return len(captured)


@pytest.mark.parametrize("kind", [*BLOC_YEAR_KINDS, ReportKind.VOTE_MINUTES])
def test_queries_do_not_grow_with_members(db, kind):
    small, large = populated_bloc_year(3), populated_bloc_year(9)
    assert _queries(kind, _subject(kind, small)) == _queries(kind, _subject(kind, large))


def test_province_summary_queries_do_not_grow_with_blocs(db):
    one, three = ProvinceFactory(), ProvinceFactory()
    populated_bloc_year(3, province=one)
    for members in (3, 5, 7):
        populated_bloc_year(members, province=three)
    assert _queries(ReportKind.PROVINCE_SUMMARY, (one, 2026)) == _queries(ReportKind.PROVINCE_SUMMARY, (three, 2026))


def test_year_end_snapshot_has_the_exact_figures(db):
    bloc_year = populated_bloc_year(3, names=["Sở Tài chính", "Cục Thuế", "Kho bạc Nhà nước tỉnh"])
    context = contexts.build_context(kind=ReportKind.YEAR_END, subject=bloc_year)
    ranking = context["ranking"]
    assert [(r["rank"], r["name"], r["self_score"], r["final_score"], r["cross"]) for r in ranking["rows"]] == [
        (1, "Sở Tài chính", "96.00", "94.00", [{"inspector": "Cục Thuế", "total": "94"}]),
        (2, "Cục Thuế", "95.00", "93.00", [{"inspector": "Kho bạc Nhà nước tỉnh", "total": "93"}]),
        (3, "Kho bạc Nhà nước tỉnh", "94.00", "92.00", [{"inspector": "Sở Tài chính", "total": "92"}]),
    ]
    assert (ranking["finalised"], ranking["scale_total"], ranking["cross_columns"]) == (True, "100.00", 1)
    assert ranking["groups"] == [{"code": "I", "title": "Nhóm I", "max_points": "60.00"},
                                 {"code": "II", "title": "Nhóm II", "max_points": "40.00"}]
    assert ranking["classes"][0] == {"label": "Hoàn thành xuất sắc nhiệm vụ", "count": 3}
    ballot = context["ballots"][0]
    assert (ballot["title"], ballot["chosen"], ballot["threshold_votes"], ballot["outcome_label"]) == (
        "Bình chọn đơn vị dẫn đầu", ["Sở Tài chính"], 2, "Có đơn vị được chọn")
    assert [(n["department"], n["award_type"], n["status_label"]) for n in context["nominations"]] == [
        ("Cục Thuế", "Cờ thi đua của UBND tỉnh", "Đã gửi Ban TĐKT"),
        ("Kho bạc Nhà nước tỉnh", "Cờ thi đua của UBND tỉnh", "Đã gửi Ban TĐKT"),
        ("Sở Tài chính", "Cờ thi đua của UBND tỉnh", "Đã gửi Ban TĐKT")]
    assert (context["election"]["leader"], context["election"]["deputy"], context["election"]["next_year"]) == (
        "Cục Thuế", "Kho bạc Nhà nước tỉnh", 2027)
    signers = context["document"]["signers"]
    assert [(s["slot"], s["position"], s["department"]) for s in signers] == [
        ("leader", "KHỐI TRƯỞNG", "Sở Tài chính"), ("deputy", "KHỐI PHÓ", "Cục Thuế")]
    assert context["document"]["issuer"]["name"] == "SỞ TÀI CHÍNH"


def test_pledge_snapshot_lists_criteria_targets_and_a_signer_per_member(db):
    bloc_year = populated_bloc_year(3, names=["Sở Tài chính", "Cục Thuế", "Kho bạc Nhà nước tỉnh"])
    context = contexts.build_context(kind=ReportKind.PLEDGE, subject=bloc_year)
    assert [(c["code"], c["level"], c["max_points"]) for c in context["scale"]["criteria"]] == [
        ("I", 0, "60.00"), ("I.1", 1, "30.00"), ("I.2", 1, "30.00"), ("II", 0, "40.00"), ("II.1", 1, "20.00"),
        ("II.2", 1, "20.00"), ("TR", 0, "5.00")]
    assert [(m["name"], m["role"], m["targets"]) for m in context["members"]] == [
        ("Sở Tài chính", "Khối trưởng", "Chỉ tiêu của Sở Tài chính"),
        ("Cục Thuế", "Khối phó", "Chỉ tiêu của Cục Thuế"),
        ("Kho bạc Nhà nước tỉnh", "", "Chỉ tiêu của Kho bạc Nhà nước tỉnh")]
    members = dict(bloc_year.memberships.values_list("name_at_time", "department_id"))
    assert [(s["slot"], s["department_id"]) for s in context["document"]["signers"]] == [
        ("member", members["Sở Tài chính"]), ("member", members["Cục Thuế"]),
        ("member", members["Kho bạc Nhà nước tỉnh"])]
    assert context["pledge"]["contents"] == ["Hoàn thành toàn diện nhiệm vụ.", "Đẩy mạnh cải cách hành chính."]
