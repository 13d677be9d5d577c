"""Aggregation of a scoring round, pure: sheet totals, final scores, flags, classification, z-scores.

Plain dataclasses in, plain dataclasses out, exact Decimal arithmetic rounded once to the cent, so every
rule is tested with exact values. Ranking and tie-breaks are in tie_breaks.py; the service that loads a
round and stores its ranking is ranking.py.
"""
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from scoring.enums import AggregationMethod, Classification, CriterionKind, SheetKind, TieBreak

CENT = Decimal("0.01")
ZERO = Decimal("0")


def cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_points(value):
    """Vietnamese number format, as in the printed minutes: 1.000,00 and 92,50."""
    text = f"{cents(value):,.2f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


# --- Inputs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The ScoringSettings values a computation applies (kept in the ranking's snapshot)."""

    method: str = AggregationMethod.MEAN_OF_CROSS
    discrepancy_percent: Decimal = Decimal("10")
    excellent_percent: Decimal = Decimal("90")
    good_percent: Decimal = Decimal("70")
    complete_percent: Decimal = Decimal("50")
    tie_break_chain: tuple = (TieBreak.FIRST_GROUP, TieBreak.FEWER_PENALTIES, TieBreak.BALLOT)

    @classmethod
    def from_settings(cls, settings):
        return cls(method=settings.aggregation_method, discrepancy_percent=settings.discrepancy_percent,
                   excellent_percent=settings.excellent_percent, good_percent=settings.good_percent,
                   complete_percent=settings.complete_percent,
                   tie_break_chain=tuple(settings.tie_break_chain or ()))

    def snapshot(self):
        return {"aggregation_method": str(self.method), "discrepancy_percent": str(cents(self.discrepancy_percent)),
                "excellent_percent": str(cents(self.excellent_percent)), "good_percent": str(cents(self.good_percent)),
                "complete_percent": str(cents(self.complete_percent)),
                "tie_break_chain": [str(step) for step in self.tie_break_chain]}


@dataclass(frozen=True)
class Node:
    """A criterion row of the scale (group, criterion or sub-criterion)."""

    id: int
    parent_id: int | None
    code: str
    title: str = ""
    kind: str = CriterionKind.NORMAL
    max_points: Decimal = ZERO
    position: int = 0


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    kind: str
    max_points: Decimal  # sum of its scored criteria


@dataclass(frozen=True)
class Leaf:
    kind: str
    group: str


@dataclass(frozen=True)
class ScaleShape:
    total: Decimal
    bonus_cap: Decimal
    groups: tuple  # of Group, top-level, in order
    leaves: dict  # criterion id → Leaf

    @property
    def first_group(self):
        """The first group of normal criteria (bonus and penalty groups never break a tie)."""
        normal = [g.code for g in self.groups if g.kind == CriterionKind.NORMAL]
        return normal[0] if normal else None

    def snapshot(self):
        return {"scale_total": str(cents(self.total)), "bonus_cap": str(cents(self.bonus_cap)),
                "groups": [{"code": g.code, "title": g.title, "kind": str(g.kind),
                            "max_points": str(cents(g.max_points))} for g in self.groups]}


def build_scale(*, total, bonus_cap, nodes):
    """The scale's scored leaves with their effective kind (a bonus or penalty group passes its kind down)
    and the top-level group each belongs to."""
    nodes = sorted(nodes, key=lambda n: (n.position, n.id))
    by_id = {n.id: n for n in nodes}
    parents = {n.parent_id for n in nodes}

    def root(node):
        while node.parent_id is not None and node.parent_id in by_id:
            node = by_id[node.parent_id]
        return node

    leaves, group_max = {}, {}
    for node in nodes:
        if node.id in parents:
            continue
        top = root(node)
        kind = node.kind if node.kind != CriterionKind.NORMAL else top.kind
        leaves[node.id] = Leaf(kind=kind, group=top.code)
        group_max[top.code] = group_max.get(top.code, ZERO) + Decimal(node.max_points)
    groups = tuple(Group(code=n.code, title=n.title, kind=n.kind, max_points=group_max.get(n.code, ZERO))
                   for n in nodes if n.parent_id is None)
    return ScaleShape(total=Decimal(total), bonus_cap=Decimal(bonus_cap), groups=groups, leaves=leaves)


@dataclass(frozen=True)
class SheetInput:
    sheet_id: int
    kind: str
    scored_id: int
    scorer_id: int
    points: dict  # criterion id → points of the cells that hold points


@dataclass(frozen=True)
class Member:
    department_id: int
    name: str  # the name of its time (Membership.name_at_time)


# --- Sheet totals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetTotal:
    sheet_id: int
    kind: str
    scored_id: int
    scorer_id: int
    total: Decimal
    groups: dict  # top-level group code → sum of its points
    penalties: Decimal  # the deducted points, as a positive number


def sheet_total(sheet, scale):
    """Normal points + bonus (capped at the scale's bonus cap) − penalties, never below 0."""
    normal = bonus = penalty = ZERO
    groups = {g.code: ZERO for g in scale.groups}
    for criterion_id, points in sheet.points.items():
        leaf = scale.leaves.get(criterion_id)
        if leaf is None or points is None:
            continue
        value = Decimal(points)
        if leaf.kind == CriterionKind.PENALTY:
            value = -abs(value)
            penalty += value
        elif leaf.kind == CriterionKind.BONUS:
            bonus += value
        else:
            normal += value
        groups[leaf.group] = groups.get(leaf.group, ZERO) + value
    total = max(ZERO, normal + min(bonus, scale.bonus_cap) + penalty)
    return SheetTotal(sheet_id=sheet.sheet_id, kind=sheet.kind, scored_id=sheet.scored_id,
                      scorer_id=sheet.scorer_id, total=cents(total), groups={k: cents(v) for k, v in groups.items()},
                      penalties=cents(-penalty))


# --- Final score, flags, classification ---------------------------------------------------------------


def final_score(*, self_score, cross, method):
    """The member's final score by the configured method; None without any cross-inspection total.

    mean_of_self_and_cross averages the self score with the mean of the cross totals (the mean of the cross
    totals alone when there is no self score)."""
    if not cross:
        return None
    if method == AggregationMethod.MEDIAN_OF_CROSS:
        value = statistics.median(sorted(cross))
    else:
        value = sum(cross, ZERO) / len(cross)
        if method == AggregationMethod.MEAN_OF_SELF_AND_CROSS and self_score is not None:
            value = (self_score + value) / 2
    return cents(value)


def is_discrepant(*, self_score, final, total, percent):
    """Self and final differ by strictly more than `percent` % of the scale total."""
    if self_score is None or final is None:
        return False
    return abs(self_score - final) * 100 > Decimal(percent) * total


def classify(*, final, total, rules):
    if final is None:
        return ""
    share = final * 100
    for threshold, label in ((rules.excellent_percent, Classification.EXCELLENT),
                             (rules.good_percent, Classification.GOOD),
                             (rules.complete_percent, Classification.COMPLETE)):
        if share >= Decimal(threshold) * total:
            return label
    return Classification.INCOMPLETE


# --- Results ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossScore:
    sheet_id: int
    inspector_id: int
    inspector_name: str
    total: Decimal


@dataclass
class MemberResult:
    department_id: int
    name: str
    self_score: Decimal | None = None
    cross: list = field(default_factory=list)  # of CrossScore
    final: Decimal | None = None
    group_scores: dict = field(default_factory=dict)
    penalty_points: Decimal = ZERO
    classification: str = ""
    discrepancy: bool = False
    rank: int | None = None
    trace: list = field(default_factory=list)  # [{"text": …, "needs_ballot": …}]
    z_score: float | None = None

    @property
    def needs_ballot(self):
        return any(item["needs_ballot"] for item in self.trace)


def _mean_cents(values):
    return cents(sum(values, ZERO) / len(values)) if values else ZERO


def compute_results(*, members, sheets, scale, rules):
    """Every member's scores, flags and normalised score (not yet ranked: see tie_breaks.rank_members)."""
    results = {m.department_id: MemberResult(department_id=m.department_id, name=m.name) for m in members}
    names = {m.department_id: m.name for m in members}
    totals = [sheet_total(sheet, scale) for sheet in sheets if sheet.scored_id in results]
    cross_totals = {}
    for t in sorted(totals, key=lambda t: (names.get(t.scorer_id, ""), t.sheet_id)):
        result = results[t.scored_id]
        if t.kind == SheetKind.SELF:
            result.self_score = t.total
        else:
            result.cross.append(CrossScore(t.sheet_id, t.scorer_id, names.get(t.scorer_id, ""), t.total))
            cross_totals.setdefault(t.scored_id, []).append(t)
    for result in results.values():
        _aggregate(result, cross_totals.get(result.department_id, []), scale, rules)
    z = z_scores([(c.inspector_id, r.department_id, c.total) for r in results.values() for c in r.cross])
    for result in results.values():
        result.z_score = z.get(result.department_id)
    return list(results.values())


def _aggregate(result, cross, scale, rules):
    result.final = final_score(self_score=result.self_score, cross=[t.total for t in cross], method=rules.method)
    if result.final is None:
        return
    result.group_scores = {g.code: _mean_cents([t.groups.get(g.code, ZERO) for t in cross]) for g in scale.groups}
    result.penalty_points = _mean_cents([t.penalties for t in cross])
    result.classification = classify(final=result.final, total=scale.total, rules=rules)
    result.discrepancy = is_discrepant(self_score=result.self_score, final=result.final, total=scale.total,
                                       percent=rules.discrepancy_percent)


# --- Per-inspector normalisation ----------------------------------------------------------------------


def z_scores(cross):
    """Each cross total as a z-score within its inspector's sheets (population deviation; a deviation of 0
    gives 0); a member's normalised score is the mean of its z-scores. `cross`: (inspector, scored, total)."""
    by_inspector = {}
    for inspector, _scored, total in cross:
        by_inspector.setdefault(inspector, []).append(float(total))
    stats = {i: (statistics.fmean(v), statistics.pstdev(v)) for i, v in by_inspector.items()}
    by_member = {}
    for inspector, scored, total in cross:
        mean, deviation = stats[inspector]
        by_member.setdefault(scored, []).append((float(total) - mean) / deviation if deviation else 0.0)
    return {scored: round(statistics.fmean(values), 4) for scored, values in by_member.items()}


@dataclass(frozen=True)
class InspectorBias:
    inspector_id: int
    name: str
    sheets: int
    mean: Decimal
    difference: Decimal  # inspector mean − mean of every cross total, in points

    @property
    def leaning(self):
        if self.difference < 0:
            return "harsh"
        return "lenient" if self.difference > 0 else "neutral"


def inspector_bias(cross):
    """How far each inspector's mean cross total lies from the mean of all cross totals.
    `cross`: (inspector id, inspector name, total); result ordered from harshest to most lenient."""
    cross = list(cross)
    if not cross:
        return []
    overall = sum((Decimal(t) for _i, _n, t in cross), ZERO) / len(cross)
    by_inspector = {}
    for inspector, name, total in cross:
        by_inspector.setdefault((inspector, name), []).append(Decimal(total))
    biases = [InspectorBias(inspector_id=i, name=n, sheets=len(v), mean=_mean_cents(v),
                            difference=cents(sum(v, ZERO) / len(v) - overall))
              for (i, n), v in by_inspector.items()]
    return sorted(biases, key=lambda b: (b.difference, b.name))


# --- Comparison of two rounds -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRow:
    department_id: int
    name: str
    final: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class ComparisonRow:
    department_id: int
    name: str
    mid_final: Decimal | None
    mid_rank: int | None
    end_final: Decimal | None
    end_rank: int | None
    difference: Decimal | None  # year-end − mid-year
    rank_change: int | None  # places gained (positive) or lost (negative)

    @property
    def places_moved(self):
        return None if self.rank_change is None else abs(self.rank_change)


def compare_rounds(*, mid_year, year_end):
    """Per member: both final scores, their difference and the change of rank, in year-end order."""
    mid = {row.department_id: row for row in mid_year}
    end = {row.department_id: row for row in year_end}
    rows = []
    for department_id in set(mid) | set(end):
        a, b = mid.get(department_id), end.get(department_id)
        mid_final, end_final = getattr(a, "final", None), getattr(b, "final", None)
        mid_rank, end_rank = getattr(a, "rank", None), getattr(b, "rank", None)
        rows.append(ComparisonRow(
            department_id=department_id, name=(b or a).name, mid_final=mid_final, mid_rank=mid_rank,
            end_final=end_final, end_rank=end_rank,
            difference=end_final - mid_final if None not in (mid_final, end_final) else None,
            rank_change=mid_rank - end_rank if None not in (mid_rank, end_rank) else None))
    big = 10 ** 6
    return sorted(rows, key=lambda r: (r.end_rank or big, r.mid_rank or big, r.name))
