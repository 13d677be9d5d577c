"""Computing and storing a round's ranking (the rules themselves are pure: aggregation.py, tie_breaks.py)."""
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from scoring.domain import aggregation
from scoring.domain.queries import ranking as queries
from scoring.domain.tie_breaks import rank_members
from scoring.enums import RoundStatus
from scoring.models import Ranking, RankingEntry, ScoringRound


def rank_round(*, members, sheets, scale, rules):
    """Pure: every member's result in ranking order (members without a final score last, by name)."""
    results = aggregation.compute_results(members=members, sheets=sheets, scale=scale, rules=rules)
    return rank_members(results, first_group=scale.first_group, chain=rules.tie_break_chain)


def compute_ranking(*, round, user):
    """Compute the round's ranking by its province's rules and store it with a snapshot of those rules,
    replacing the previous one in one audited transaction; refused once the round is finalised."""
    with transaction.atomic():
        locked = ScoringRound.objects.select_for_update().select_related("bloc_year__bloc").get(pk=round.pk)
        if locked.status == RoundStatus.FINALISED:
            raise ValidationError(_("Đợt chấm đã chốt kết quả: bảng xếp hạng chỉ để xem, không tính lại được."))
        scale_row = queries.scale_of(bloc_year=locked.bloc_year)
        if scale_row is None:
            raise ValidationError(_("Năm thi đua chưa có thang điểm nên chưa tính được xếp hạng."))
        settings = queries.scoring_settings_of(province=locked.bloc_year.bloc.province)
        rules = aggregation.Rules.from_settings(settings)
        scale = queries.scale_shape(scale=scale_row)
        rows = queries.scored_entry_rows(round=locked)
        # The trace is part of the record: written in the official language whoever presses the button.
        with translation.override(django_settings.LANGUAGE_CODE):
            results = rank_round(members=queries.members_of(bloc_year=locked.bloc_year),
                                 sheets=queries.sheets_from_rows(rows), scale=scale, rules=rules)
        snapshot = {**rules.snapshot(), **scale.snapshot(), "settings_version": settings.version}
        return _store(round=locked, results=results, snapshot=snapshot, digest=queries.inputs_hash(rows),
                      user=user)


def _store(*, round, results, snapshot, digest, user):
    ranking, created = Ranking.objects.select_for_update().get_or_create(
        round=round, defaults={"computed_at": timezone.now(), "settings_snapshot": snapshot,
                               "inputs_hash": digest})
    old = None if created else _summary(ranking.inputs_hash, ranking.settings_snapshot, ranking.entries.values_list(
        "id", "department_id", "final_score", "rank", "classification").order_by("department_id"))
    if not created:
        ranking.computed_at, ranking.settings_snapshot, ranking.inputs_hash = timezone.now(), snapshot, digest
        ranking.save(update_fields=["computed_at", "settings_snapshot", "inputs_hash"])
        ranking.entries.all().delete()
    entries = RankingEntry.objects.bulk_create([_entry(ranking, result) for result in results])
    new = _summary(digest, snapshot, [(e.pk, e.department_id, e.final_score, e.rank, str(e.classification))
                                      for e in entries])
    record_event(actor=user, event_type="ranking.computed", obj=ranking, old_value=old, new_value=new)
    return ranking


def _summary(digest, snapshot, entries):
    return {"inputs_hash": digest, "settings": snapshot,
            "entries": sorted(({"id": i, "department": d, "final_score": None if f is None else str(f), "rank": r,
                                "classification": c} for i, d, f, r, c in entries), key=lambda e: e["department"])}


def _entry(ranking, result):
    return RankingEntry(
        ranking=ranking, department_id=result.department_id, self_score=result.self_score,
        cross_scores=[{"sheet": c.sheet_id, "inspector": c.inspector_id, "inspector_name": c.inspector_name,
                       "total": str(c.total)} for c in result.cross],
        final_score=result.final, group_scores={k: str(v) for k, v in result.group_scores.items()},
        penalty_points=result.penalty_points, classification=result.classification, rank=result.rank,
        discrepancy_flag=result.discrepancy, tie_break_trace=result.trace, z_score=result.z_score)
