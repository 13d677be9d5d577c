"""load_demo scores the completed years through the real workflow, in the order the reports give."""
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings

from accounts.enums import Role
from accounts.models import User
from audit.domain.services import verify_chain
from audit.models import AuditEvent
from blocs.enums import Phase
from blocs.models import BlocYear
from scoring.domain.sheets import sheet_totals
from scoring.enums import PledgeStatus, RoundKind, RoundStatus, ScaleStatus, SheetKind, SheetStatus
from scoring.models import (Evidence, Pledge, Ranking, RankingEntry, ScoreEntry, ScoreSheet, ScoringRound,
                            TargetRegistration)
from tests.scoring.demo.loading import load_demo

pytestmark = pytest.mark.integration


def _year(code, year):
    return BlocYear.objects.select_related("leader", "deputy").get(bloc__province__code=code, year=year)


def _ranking(code, year):
    ranking = Ranking.objects.get(round__bloc_year=_year(code, year), round__kind=RoundKind.YEAR_END)
    return list(ranking.entries.order_by("rank").values_list("rank", "department__name"))


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_writes_no_row_in_any_table(loaded):
    first = _counts()
    load_demo()
    assert _counts() == first
    assert {label: n for label, n in first.items() if label.startswith("scoring.")} == {
        "scoring.ScoringSettings": 2, "scoring.ScoringScale": 13, "scoring.Criterion": 364, "scoring.Pledge": 2,
        "scoring.TargetRegistration": 17, "scoring.PledgeSignature": 17, "scoring.ScaleAmendment": 0,
        "scoring.ScoringRound": 2, "scoring.Inspection": 17, "scoring.ScoreSheet": 34, "scoring.ScoreEntry": 560,
        "scoring.Evidence": 184, "scoring.SheetPresence": 0, "scoring.Ranking": 2, "scoring.RankingEntry": 17,
    }


def test_quang_nam_2016_ranking_follows_the_report(loaded):
    assert _ranking("quang-nam", 2016) == [
        (1, "Sở Thông tin và Truyền thông"), (2, "Sở Giao thông vận tải"), (3, "Sở Tài nguyên và Môi trường"),
        (4, "Sở Công Thương"), (5, "Sở Xây dựng"), (6, "Sở Khoa học và Công nghệ")]


def test_quang_ngai_2017_flags_then_certificates(loaded):
    assert _ranking("quang-ngai", 2017)[:4] == [
        (1, "Văn phòng HĐND tỉnh"), (2, "Văn phòng UBND tỉnh"), (3, "Sở Tài chính"), (4, "Kho bạc Nhà nước tỉnh")]
    assert len(_ranking("quang-ngai", 2017)) == 11


def test_stored_totals_equal_the_sheets_recomputed(loaded):
    entries = RankingEntry.objects.select_related("ranking__round")
    assert entries.count() == 17
    for entry in entries:
        sheets = ScoreSheet.objects.filter(round=entry.ranking.round, scored_id=entry.department_id)
        own = sheets.get(kind=SheetKind.SELF)
        assert entry.self_score == sheet_totals(own)["total"]
        crosses = {c["sheet"]: Decimal(c["total"]) for c in entry.cross_scores}
        assert crosses == {s.pk: sheet_totals(s)["total"] for s in sheets.filter(kind=SheetKind.CROSS)}
        assert entry.final_score == sum(crosses.values()) / len(crosses)


def test_final_scores_fall_strictly_and_nothing_is_flagged(loaded):
    for ranking in Ranking.objects.all():
        rows = list(ranking.entries.order_by("rank").values_list("rank", "final_score", "discrepancy_flag",
                                                                   "tie_break_trace"))
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
        assert all(a[1] > b[1] for a, b in zip(rows, rows[1:]))
        assert {(r[2], tuple(r[3])) for r in rows} == {(False, ())}


def test_audit_chain_verifies(loaded):
    assert verify_chain() == []


YEAR_END = [Phase.PLEDGE, Phase.MID_YEAR_REVIEW, Phase.SCORING, Phase.RANKING]


def test_scored_years_are_finalised_then_closed_through_every_phase(loaded):
    # Both go on through the ballots and nominations (awards/demo.py) before they close.
    expected = {"quang-nam": [*YEAR_END, Phase.VOTING, Phase.NOMINATIONS, Phase.CLOSED],
                "quang-ngai": [*YEAR_END, Phase.VOTING, Phase.NOMINATIONS, Phase.CLOSED]}
    for code, year in (("quang-nam", 2016), ("quang-ngai", 2017)):
        bloc_year = _year(code, year)
        round_ = ScoringRound.objects.get(bloc_year=bloc_year)
        assert (bloc_year.phase, round_.kind, round_.status) == (Phase.CLOSED, RoundKind.YEAR_END,
                                                                 RoundStatus.FINALISED)
        phases = [e.new_value["phase"] for e in AuditEvent.objects.filter(
            event_type="bloc_year.phase_changed", object_id=str(bloc_year.pk)).order_by("id")]
        assert phases == expected[code]
        assert set(round_.sheets.values_list("status", flat=True)) == {SheetStatus.SUBMITTED}
    assert not ScoringRound.objects.filter(bloc_year=_year("nam-dinh", 2022)).exists()


def test_every_member_leader_signed_and_the_scale_froze(loaded):
    for pledge in Pledge.objects.select_related("bloc_year__scale"):
        members = set(pledge.bloc_year.memberships.values_list("department_id", flat=True))
        signatures = list(pledge.signatures.select_related("signed_by"))
        assert {s.department_id for s in signatures} == members
        assert all(s.signed_by.role == Role.LEADER and s.signed_by.department_id == s.department_id
                   for s in signatures)
        assert set(TargetRegistration.objects.filter(pledge=pledge).values_list("department_id", flat=True)) == members
        assert (pledge.status, pledge.bloc_year.scale.status) == (PledgeStatus.SIGNED, ScaleStatus.FROZEN)
        assert pledge.contents.startswith("Nội dung minh họa (dữ liệu mẫu")


def test_missing_leadership_is_an_illustrative_choice_written_in_the_notes(loaded):
    quang_nam, quang_ngai = _year("quang-nam", 2016), _year("quang-ngai", 2017)
    assert (quang_nam.leader.name, quang_nam.deputy.name) == ("Sở Thông tin và Truyền thông",
                                                              "Sở Tài nguyên và Môi trường")
    assert quang_nam.notes.startswith("Khối phó: Sở Tài nguyên và Môi trường — dữ liệu minh họa, bản tin không nêu")
    assert (quang_ngai.leader.name, quang_ngai.deputy.name) == ("Văn phòng HĐND tỉnh", "Ban Dân tộc tỉnh")
    assert quang_ngai.notes.startswith("Khối trưởng: Văn phòng HĐND tỉnh; Khối phó: Ban Dân tộc tỉnh — dữ liệu minh họa")


def test_leader_accounts_are_reused_or_created_per_member(loaded):
    signers = set(Pledge.objects.get(bloc_year=_year("quang-nam", 2016)).signatures
                  .values_list("signed_by__username", flat=True))
    assert signers == {"lanhdao.quangnam", "lanhdao.quangnam.1", "lanhdao.quangnam.2", "lanhdao.quangnam.4",
                       "lanhdao.quangnam.5", "lanhdao.quangnam.6"}
    new = User.objects.get(username="lanhdao.quangngai.1")
    assert (new.role, new.department.name, new.get_full_name()) == (
        Role.LEADER, "Văn phòng HĐND tỉnh", "Chánh Văn phòng Văn phòng HĐND tỉnh Quảng Ngãi")
    assert new.check_password(settings.DEMO_PASSWORD)
    assert "lanhdao.quangnam.1, lanhdao.quangnam.2, lanhdao.quangnam.4" in loaded


def test_deductions_carry_comments_and_evidence_backs_scored_criteria(loaded):
    cells = ScoreEntry.objects.select_related("criterion")
    assert all(e.comment for e in cells if e.points < e.criterion.max_points or e.points < 0)
    needing = [e for e in cells if e.criterion.evidence_required and e.points]
    assert len(needing) == Evidence.objects.count() == 184
    assert {e.pk for e in needing} == set(Evidence.objects.values_list("entry_id", flat=True))
    evidence = Evidence.objects.select_related("entry__sheet").first()
    assert evidence.content_type == "application/pdf"
    assert evidence.uploaded_by.department_id == evidence.entry.sheet.scorer_id
    with evidence.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_people_act_only_where_the_workflow_needs_a_person(loaded):
    """Leaders sign, upload evidence and vote; the secretariat runs ballots, the election and nominations;
    the Board installs award rules, sets quotas and reviews. Everything else is a system action."""
    with_actor = set(AuditEvent.objects.filter(actor__isnull=False).values_list("event_type", flat=True))
    assert with_actor == {
        "pledge.signed", "pledge.completed", "scale.frozen", "evidence.added",
        "award_type.created", "rule_set.created", "award_rule.saved", "quota.set",
        "ballot_round.created", "ballot_round.opened", "ballot_round.voted", "ballot_round.closed",
        "election.started", "election.closed", "bloc_year.created", "membership.added",
        "bloc_year.leadership_changed", "nomination.prepared", "nomination.submit", "nomination.start_review",
        "nomination.approve",
        # decisions/demo.py: the Board publishes, an officer comments, the Board answers, sends, records.
        "disclosure.published", "complaint.filed", "complaint.answered", "disclosure.sent", "decision.recorded",
        "award.recorded"}
