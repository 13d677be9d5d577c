"""Reads the document builders share, each giving plain JSON rows (strings, numbers, lists, dicts).

They sit on the selectors of scoring, voting and awards and read in a constant number of queries whatever
the number of members, rounds or nominations (tests/reports/documents/test_queries.py).
"""
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User
from awards.enums import NominationStatus
from awards.models import Nomination
from blocs.models import BlocYear, Membership
from reports.enums import BLOC_YEAR_KINDS, ReportKind
from reports.models import Report, Signature
from reports.rules import report_scope
from scoring.domain.queries.ranking import ranking_of, ranking_page, scale_of
from scoring.enums import AggregationMethod, Classification, CriterionKind, RoundStatus, ScaleStatus, TieBreak
from scoring.models import Criterion, ScoringRound
from voting.domain.queries.elections import election_of
from voting.domain.queries.rounds import round_state
from voting.enums import BallotRoundStatus
from voting.models import BallotRound

# Nominations that went to the Board: the letter and the province summary list these.
SENT_STATUSES = (NominationStatus.SUBMITTED, NominationStatus.UNDER_REVIEW, NominationStatus.APPROVED)
OUTCOME_LABELS = {
    "chosen": _("Có đơn vị được chọn"),
    "runoff": _("Bằng phiếu ở vị trí cuối: bỏ phiếu lại"),
    "none_chosen": _("Không đơn vị nào vượt ngưỡng"),
    "no_quorum": _("Không đủ số thành viên tham gia"),
}


def _str(value):
    return None if value is None else str(value)


def names_at_time(bloc_year):
    """Department id → the name the unit had in that bloc-year."""
    return dict(Membership.objects.filter(bloc_year=bloc_year).values_list("department_id", "name_at_time"))


def leader_accounts(department_ids):
    """Department id → {"name", "title"} of its (first) active leader account: the signature block's name."""
    found = {}
    for department_id, first, last, username, position in (
            User.objects.filter(role=Role.LEADER, is_active=True, department_id__in=list(department_ids))
            .order_by("department_id", "pk")
            .values_list("department_id", "first_name", "last_name", "username", "position")):
        found.setdefault(department_id, {"name": f"{first} {last}".strip() or username, "title": position})
    return found


# --- scoring -----------------------------------------------------------------------------------------------------


def ranking_snapshot(*, bloc_year, kind):
    """The stored ranking of the bloc-year's round of `kind` (mid-year or year-end), or None."""
    round_ = ScoringRound.objects.filter(bloc_year=bloc_year, kind=kind).select_related("ranking").first()
    if round_ is None or ranking_of(round_) is None:
        return None
    page = ranking_page(round=round_)
    snapshot = page.ranking.settings_snapshot
    rows = [_ranking_row(row) for row in page.rows]
    methods, steps = dict(AggregationMethod.choices), dict(TieBreak.choices)
    return {
        "finalised": round_.status == RoundStatus.FINALISED,
        "round_status": str(round_.get_status_display()),
        "computed_on": page.ranking.computed_at.date().isoformat(),
        "scale_total": snapshot.get("scale_total", "0"),
        "method": str(methods.get(snapshot.get("aggregation_method"), snapshot.get("aggregation_method", ""))),
        "chain": [str(steps.get(step, step)) for step in snapshot.get("tie_break_chain", [])],
        "groups": [{"code": g["code"], "title": g["title"], "max_points": g["max_points"]}
                   for g in page.groups if g["kind"] == CriterionKind.NORMAL],
        "cross_columns": max((len(row["cross"]) for row in rows), default=0),
        "rows": rows,
        "traces": [{"text": t["text"], "needs_ballot": bool(t["needs_ballot"])} for t in page.traces],
        "classes": _class_counts(rows),
    }


def _ranking_row(row):
    entry = row.entry
    return {
        "rank": entry.rank, "name": row.name, "department_id": entry.department_id,
        "self_score": _str(entry.self_score), "final_score": _str(entry.final_score),
        "cross": [{"inspector": c["inspector_name"], "total": str(c["total"])} for c in entry.cross_scores],
        "group_scores": {code: str(points) for code, points in entry.group_scores.items()},
        "penalty_points": _str(entry.penalty_points),
        "classification": str(entry.get_classification_display()) if entry.classification else "",
        "discrepancy": entry.discrepancy_flag,
    }


def _class_counts(rows):
    return [{"label": str(label), "count": sum(1 for r in rows if r["classification"] == str(label))}
            for _code, label in Classification.choices]


def scale_snapshot(*, bloc_year):
    """The bloc-year's scale with its criteria in tree order (group, criterion, sub-criterion), or None."""
    scale = scale_of(bloc_year=bloc_year)
    if scale is None:
        return None
    nodes = list(Criterion.objects.filter(scale=scale).order_by("position", "pk")
                 .values("pk", "parent_id", "code", "title", "kind", "max_points"))
    children = {}
    for node in nodes:
        children.setdefault(node["parent_id"], []).append(node)
    rows = []

    def walk(parent_id, level):
        for node in children.get(parent_id, []):
            rows.append({"code": node["code"], "title": node["title"], "level": level,
                         "kind": node["kind"], "kind_label": str(CriterionKind(node["kind"]).label),
                         "max_points": str(node["max_points"])})
            walk(node["pk"], level + 1)

    walk(None, 0)
    return {"name": scale.name, "total": str(scale.total), "bonus_cap": str(scale.bonus_cap),
            "frozen": scale.status == ScaleStatus.FROZEN, "status": str(scale.get_status_display()), "criteria": rows}


# --- voting ------------------------------------------------------------------------------------------------------


def ballot_result(round_):
    """One closed round's figures and counts (from the result stored when it was counted)."""
    result = round_.result or {}
    return {
        "id": round_.pk, "title": round_.title, "purpose": round_.purpose,
        "purpose_label": str(round_.get_purpose_display()),
        "award_type": round_.award_type.name if round_.award_type_id else "",
        "closed_on": round_.closed_at.date().isoformat() if round_.closed_at else None,
        "electorate": result.get("electorate", round_.electorate), "cast": result.get("cast", 0),
        "online": result.get("online", 0), "paper": result.get("paper", 0),
        "valid": result.get("valid", 0), "blank": result.get("blank", 0), "invalid": result.get("invalid", 0),
        "quorum": result.get("quorum", [round_.quorum_numerator, round_.quorum_denominator]),
        "quorum_needed": result.get("quorum_needed", 0), "quorum_reached": bool(result.get("quorum_reached")),
        "threshold": result.get("threshold", [round_.threshold_numerator, round_.threshold_denominator]),
        "threshold_votes": result.get("threshold_votes", 0), "seats": round_.seats,
        "outcome": result.get("outcome", ""), "outcome_label": str(OUTCOME_LABELS.get(result.get("outcome"), "")),
        "counts": [{"name": c["name"], "votes": c["votes"], "chosen": bool(c["chosen"]), "tied": bool(c["tied"])}
                   for c in result.get("counts", [])],
        "chosen": [c["name"] for c in result.get("counts", []) if c["chosen"]],
    }


def closed_rounds(*, bloc_year):
    """Every counted round of the bloc-year (award, ranking, election and run-offs), in creation order."""
    rounds = (BallotRound.objects.filter(bloc_year=bloc_year, status=BallotRoundStatus.CLOSED)
              .select_related("award_type").order_by("id"))
    return [ballot_result(r) for r in rounds]


def minutes_snapshot(*, round_):
    """The vote-count minutes of one closed round: the round, its conference, the roll and the result."""
    state = round_state(round=round_)
    conference = round_.conference
    return {
        **ballot_result(round_),
        "choices_allowed": round_.choices_allowed,
        "parent": round_.parent.title if round_.parent_id else "",
        "conference": ({"kind": str(conference.get_kind_display()), "place": conference.place,
                        "date": conference.date.isoformat() if conference.date else None} if conference else None),
        "roll": [{"name": row.name, "voted": row.channel is not None, "channel": str(row.channel_label)}
                 for row in state.roll],
        "member_count": state.member_count, "voted_count": state.voted_count,
    }


def election_snapshot(*, bloc_year, names):
    """Next year's leader and deputy as elected (None without an election)."""
    election = election_of(bloc_year)
    if election is None:
        return None

    def name(department):
        return names.get(department.pk, department.name) if department else ""

    return {"method": str(election.get_method_display()), "status": str(election.get_status_display()),
            "next_year": bloc_year.year + 1, "leader": name(election.leader), "deputy": name(election.deputy),
            "flag_handed_over_on": (election.flag_handed_over_on.isoformat()
                                    if election.flag_handed_over_on else None)}


# --- awards ------------------------------------------------------------------------------------------------------


def nomination_rows(*, bloc_years, names=None, statuses=None):
    """Nominations of the bloc-years: bloc-year id, unit (name of that year), award type, status, summary."""
    rows = Nomination.objects.filter(bloc_year__in=bloc_years).select_related("award_type", "department")
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    if names is None:
        names = {(m.bloc_year_id, m.department_id): m.name_at_time
                 for m in Membership.objects.filter(bloc_year__in=bloc_years).only(
                     "bloc_year_id", "department_id", "name_at_time")}
    return [{"bloc_year_id": n.bloc_year_id, "department_id": n.department_id,
             "department": names.get((n.bloc_year_id, n.department_id), n.department.name),
             "award_type": n.award_type.name, "status": n.status, "status_label": str(n.get_status_display()),
             "summary": n.summary}
            for n in rows.order_by("award_type__position", "award_type__name", "department__name", "pk")]


# --- pages -------------------------------------------------------------------------------------------------------


def latest_reports(*, bloc_year):
    """Kind → the latest report about the bloc-year itself (not one of its ballot rounds)."""
    own = Report.objects.filter(bloc_year=bloc_year, ballot_round__isnull=True)
    latest = own.filter(kind=OuterRef("kind")).order_by("-requested_at").values("pk")[:1]
    rows = own.filter(kind__in=BLOC_YEAR_KINDS, pk=Subquery(latest))
    return {report.kind: report for report in rows}


def rounds_with_minutes(*, bloc_year):
    """The bloc-year's counted rounds, each with `minutes_id` and `minutes_status` of its latest minutes."""
    latest = Report.objects.filter(ballot_round=OuterRef("pk")).order_by("-requested_at")
    return (BallotRound.objects.filter(bloc_year=bloc_year, status=BallotRoundStatus.CLOSED)
            .select_related("award_type").order_by("id")
            .annotate(minutes_id=Subquery(latest.values("pk")[:1]),
                      minutes_status=Subquery(latest.values("status")[:1])))


def province_bloc_years(*, province, year):
    return (BlocYear.objects.filter(bloc__province=province, year=year)
            .select_related("bloc", "leader", "deputy").order_by("bloc__name"))


def reports_visible_to(user):
    signatures = Signature.objects.select_related("department").order_by("revision")
    return (Report.objects.filter(report_scope(user))
            .select_related("bloc_year__bloc__province", "ballot_round", "province", "requested_by")
            .prefetch_related(Prefetch("signatures", queryset=signatures)))


def report_status_visible_to(user):
    """reports_visible_to for the status poll (htmx, every 2 s while a report is made): the report and its
    bloc-year only, without the signatures and the five-table join the full page shows."""
    return Report.objects.filter(report_scope(user)).select_related("bloc_year")


def province_years(*, province):
    """The years in which the province has bloc-years, latest first."""
    return list(BlocYear.objects.filter(bloc__province=province).values_list("year", flat=True)
                .distinct().order_by("-year"))


def province_summary_reports(*, province, year):
    return Report.objects.filter(kind=ReportKind.PROVINCE_SUMMARY, province=province, year=year,
                                 bloc_year__isnull=True).order_by("-requested_at")
