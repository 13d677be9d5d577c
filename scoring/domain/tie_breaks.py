"""Ranking by final score with the configured tie-break chain, and the printed trace of each tie (pure).

A tie is split by the first step of the chain that separates it (higher score in the first criterion group,
then fewer penalty points); what the chain cannot separate shares a rank (competition ranking: 1, 2, 2, 4)
and, when the chain ends in a ballot, is marked for one.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from scoring.domain.aggregation import ZERO, format_points
from scoring.enums import TieBreak


@dataclass(frozen=True)
class _Step:
    name: str
    key: object  # MemberResult → Decimal
    higher_is_better: bool
    noun: str  # "điểm nhóm I"
    resolved_by: str  # "điểm nhóm I" / "số điểm trừ ít hơn"


def _steps(chain, first_group):
    steps = []
    for name in chain:
        if name == TieBreak.FIRST_GROUP and first_group:
            noun = _("điểm nhóm %(code)s") % {"code": first_group}
            steps.append(_Step(name, lambda r: r.group_scores.get(first_group, ZERO), True, noun, noun))
        elif name == TieBreak.FEWER_PENALTIES:
            steps.append(_Step(name, lambda r: r.penalty_points, False, _("số điểm trừ"),
                               _("số điểm trừ ít hơn")))
        elif name == TieBreak.BALLOT:
            steps.append(_Step(name, None, True, "", ""))
            break
    return steps


def join_names(names):
    names = list(names)
    if len(names) == 1:
        return names[0]
    return _("%(first)s và %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _partition(tied, step):
    ordered = sorted(tied, key=lambda r: r.name)
    ordered.sort(key=step.key, reverse=step.higher_is_better)
    parts = []
    for result in ordered:
        if parts and step.key(parts[-1][0]) == step.key(result):
            parts[-1].append(result)
        else:
            parts.append([result])
    return parts


def _break_tie(tied, steps):
    """Split a tied set by the first step that separates it: (ordered groups still tied, trace clauses)."""
    if len(tied) == 1:
        return [tied], []
    if not steps or steps[0].key is None:
        ballot = bool(steps)
        return [tied], [_("chưa phân định được, cần bỏ phiếu") if ballot else _("chưa phân định được")]
    step, rest = steps[0], steps[1:]
    parts = _partition(tied, step)
    if len(parts) == 1:
        groups, clauses = _break_tie(tied, rest)
        equal = _("%(noun)s bằng nhau (%(value)s)") % {"noun": step.noun, "value": format_points(step.key(tied[0]))}
        return groups, [equal, *clauses]
    groups, sub_clauses = [], []
    for part in parts:
        part_groups, part_clauses = _break_tie(part, rest)
        groups += part_groups
        if len(part) > 1:
            names = join_names(r.name for g in part_groups for r in g)
            head = _("%(names)s bằng nhau về %(noun)s (%(value)s)") % {
                "names": names, "noun": step.noun, "value": format_points(step.key(part[0]))}
            sub_clauses.append("; ".join([head, *part_clauses]))
    ordered = [r for g in groups for r in g]
    comparator = " > " if step.higher_is_better else " < "
    values = format_points(step.key(ordered[0]))
    for previous, current in zip(ordered, ordered[1:]):
        same = step.key(previous) == step.key(current)
        values += (" = " if same else comparator) + format_points(step.key(current))
    clause = _("phân định bằng %(criterion)s: %(values)s") % {"criterion": step.resolved_by, "values": values}
    return groups, [clause, *sub_clauses]


def competition_ranks(groups):
    """Standard competition ranking over ordered groups of equals: 1, 2, 2, 4."""
    ranks, position = [], 1
    for group in groups:
        ranks.append(position)
        position += len(group)
    return ranks


def rank_members(results, *, first_group, chain):
    """Rank by final score, breaking ties with the chain; unresolved ties share a rank (1, 2, 2, 4)."""
    steps = _steps(chain, first_group)
    ballot_in_chain = any(step.key is None for step in steps)
    scored = sorted((r for r in results if r.final is not None), key=lambda r: (-r.final, r.name))
    unscored = sorted((r for r in results if r.final is None), key=lambda r: r.name)
    groups = []
    for tied in _equal_runs(scored, key=lambda r: r.final):
        tie_groups, clauses = _break_tie(tied, steps)
        if len(tied) > 1:
            text = _("%(names)s bằng %(score)s điểm") % {
                "names": join_names(r.name for g in tie_groups for r in g), "score": format_points(tied[0].final)}
            text = "; ".join([text, *clauses])
            for group in tie_groups:
                for result in group:
                    result.trace = [{"text": text, "needs_ballot": ballot_in_chain and len(group) > 1}]
        groups += tie_groups
    for group, rank in zip(groups, competition_ranks(groups)):
        for result in group:
            result.rank = rank
    return [r for g in groups for r in g] + unscored


def _equal_runs(ordered, key):
    runs = []
    for item in ordered:
        if runs and key(runs[-1][0]) == key(item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs
