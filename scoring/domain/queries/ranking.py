"""Reads for aggregation and ranking: what a computation takes in, and what the ranking pages show.

Each page reads in a constant number of queries, whatever the size of the bloc and of its scale.
"""
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F

from blocs.domain.queries import bloc_years_visible_to
from blocs.models import BlocYear, Membership
from blocs.rules import bloc_year_scope
from scoring.domain import aggregation
from scoring.enums import RoundKind
from scoring.models import Criterion, RankingEntry, ScoreEntry, ScoringRound, ScoringScale, ScoringSettings


def rounds_visible_to(user):
    years = BlocYear.objects.filter(bloc_year_scope(user)).values("pk")
    return ScoringRound.objects.filter(bloc_year__in=years).select_related("bloc_year__bloc__province")


def ranking_rounds_visible_to(user):
    """Rounds with their stored ranking (if any) joined in."""
    return rounds_visible_to(user).select_related("ranking")


def comparison_bloc_years_visible_to(user):
    return bloc_years_visible_to(user)


# --- Inputs of a computation ----------------------------------------------------------------------------


def scored_entry_rows(*, round):
    """(sheet, kind, scored, scorer, criterion, points) of every cell of the round that holds points."""
    return list(ScoreEntry.objects.filter(sheet__round=round, points__isnull=False)
                .order_by("sheet_id", "criterion_id")
                .values_list("sheet_id", "sheet__kind", "sheet__scored_id", "sheet__scorer_id", "criterion_id",
                             "points"))


def inputs_hash(rows):
    """A fingerprint of the cells a ranking was computed from: a ranking is stale when it changes."""
    payload = [[sheet, str(kind), scored, scorer, criterion, str(aggregation.cents(points))]
               for sheet, kind, scored, scorer, criterion, points in rows]
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()


def sheets_from_rows(rows):
    sheets = {}
    for sheet, kind, scored, scorer, criterion, points in rows:
        sheets.setdefault((sheet, kind, scored, scorer), {})[criterion] = points
    return [aggregation.SheetInput(sheet_id=s, kind=k, scored_id=d, scorer_id=r, points=p)
            for (s, k, d, r), p in sheets.items()]


def scale_of(*, bloc_year):
    return ScoringScale.objects.filter(bloc_year=bloc_year).first()


def scale_shape(*, scale):
    nodes = [aggregation.Node(*row) for row in Criterion.objects.filter(scale=scale).values_list(
        "id", "parent_id", "code", "title", "kind", "max_points", "position")]
    return aggregation.build_scale(total=scale.total, bonus_cap=scale.bonus_cap, nodes=nodes)


def members_of(*, bloc_year):
    """The bloc-year's members with the names of that year."""
    return [aggregation.Member(department_id=d, name=n) for d, n in Membership.objects.filter(
        bloc_year=bloc_year).order_by("name_at_time").values_list("department_id", "name_at_time")]


def scoring_settings_of(*, province):
    """The province's rules, or the defaults of DOMAIN.md when the Board has not set any."""
    return ScoringSettings.objects.filter(province=province).first() or ScoringSettings(province=province)


# --- The ranking page ------------------------------------------------------------------------------------


def ranking_of(round):
    try:
        return round.ranking
    except ObjectDoesNotExist:
        return None


@dataclass
class RankingRow:
    entry: RankingEntry
    name: str
    z_rank: int | None = None

    @property
    def cross(self):
        """[(inspector name, total)] of the cross sheets."""
        return [(c["inspector_name"], Decimal(c["total"])) for c in self.entry.cross_scores]

    @property
    def group_points(self):
        return {code: Decimal(points) for code, points in self.entry.group_scores.items()}

    @property
    def self_minus_final(self):
        e = self.entry
        return None if e.self_score is None or e.final_score is None else e.self_score - e.final_score

    @property
    def needs_ballot(self):
        return any(item["needs_ballot"] for item in self.entry.tie_break_trace)

    @property
    def without_cross(self):
        """No scored cross-inspection sheet: no final score, no rank."""
        return not self.entry.cross_scores


@dataclass
class RankingPage:
    round: ScoringRound
    ranking: object  # Ranking or None
    rows: list  # of RankingRow, in rank order
    traces: list  # [{"text": …, "needs_ballot": …}], each tie once, in rank order
    inspectors: list  # of aggregation.InspectorBias, harshest first
    groups: list  # [{"code", "title", "kind", "max_points"}] from the snapshot
    is_stale: bool

    @property
    def scale_total(self):
        return Decimal(self.ranking.settings_snapshot.get("scale_total", "0")) if self.ranking else None


def ranking_page(*, round):
    """Everything the ranking page and the API show about a round's stored ranking."""
    ranking = ranking_of(round)
    if ranking is None:
        return RankingPage(round=round, ranking=None, rows=[], traces=[], inspectors=[], groups=[], is_stale=False)
    # Stored in ranking order: among equals, the order the tie-break trace names them in.
    entries = list(ranking.entries.select_related("department").order_by(F("rank").asc(nulls_last=True), "pk"))
    names = dict(Membership.objects.filter(bloc_year_id=round.bloc_year_id).values_list(
        "department_id", "name_at_time"))
    rows = [RankingRow(entry=e, name=names.get(e.department_id, e.department.name)) for e in entries]
    _set_z_ranks(rows)
    return RankingPage(
        round=round, ranking=ranking, rows=rows, traces=_distinct_traces(entries),
        inspectors=aggregation.inspector_bias(
            (c["inspector"], c["inspector_name"], Decimal(c["total"])) for e in entries for c in e.cross_scores),
        groups=ranking.settings_snapshot.get("groups", []),
        is_stale=ranking.inputs_hash != inputs_hash(scored_entry_rows(round=round)))


def _set_z_ranks(rows):
    ordered = sorted((r for r in rows if r.entry.z_score is not None), key=lambda r: -r.entry.z_score)
    position, previous = 0, None
    for index, row in enumerate(ordered, start=1):
        if row.entry.z_score != previous:
            position, previous = index, row.entry.z_score
        row.z_rank = position


def _distinct_traces(entries):
    seen, traces = set(), []
    for entry in entries:
        for item in entry.tie_break_trace:
            if item["text"] not in seen:
                seen.add(item["text"])
                traces.append(item)
    return traces


# --- Mid-year against year-end ------------------------------------------------------------------------------


@dataclass
class Comparison:
    bloc_year: BlocYear
    rounds: dict  # kind → ScoringRound (with its ranking joined in)
    rows: list  # of aggregation.ComparisonRow

    @property
    def missing(self):
        """Labels of the rounds without a stored ranking (or without the round itself)."""
        return [label for kind, label in RoundKind.choices
                if kind not in self.rounds or ranking_of(self.rounds[kind]) is None]


def round_comparison(*, bloc_year):
    """The stored rankings of the bloc-year's mid-year and year-end rounds, member by member."""
    rounds = {r.kind: r for r in ScoringRound.objects.filter(bloc_year=bloc_year).select_related("ranking")}
    names = dict(Membership.objects.filter(bloc_year=bloc_year).values_list("department_id", "name_at_time"))
    by_kind = {kind: [] for kind in RoundKind.values}
    for kind, department_id, department_name, final, rank in RankingEntry.objects.filter(
            ranking__round__bloc_year=bloc_year).values_list(
            "ranking__round__kind", "department_id", "department__name", "final_score", "rank"):
        by_kind[kind].append(aggregation.RankedRow(department_id=department_id,
                                                   name=names.get(department_id, department_name),
                                                   final=final, rank=rank))
    rows = aggregation.compare_rounds(mid_year=by_kind[RoundKind.MID_YEAR], year_end=by_kind[RoundKind.YEAR_END])
    return Comparison(bloc_year=bloc_year, rounds=rounds, rows=rows)
