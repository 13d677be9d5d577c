"""A bloc-year at its year-end: the `world`'s own bloc-year in the nominations phase, two award types of the
province with their rules, the Board's quotas (1 provincial flag, 2 certificates of merit), and a closed
ballot round for the flag that chose the first member (3 of 3 votes) over the second (1 vote)."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from awards.models import Nomination
from blocs.enums import Phase
from blocs.models import BlocYear
from tests.factories.awards import AwardRuleFactory, AwardTypeFactory, QuotaFactory, RuleSetFactory
from tests.factories.voting import BallotRoundFactory, CandidateFactory
from voting.enums import BallotRoundStatus, RoundPurpose
from voting.models import VoteCount

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name="bao-cao-thanh-tich.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def make_year_end(world):
    w = world
    BlocYear.objects.filter(pk=w.own.pk).update(phase=Phase.NOMINATIONS)
    w.own.refresh_from_db()
    w.flag = AwardTypeFactory(province=w.province, code="co_thi_dua_tinh", name="Cờ thi đua của UBND tỉnh",
                              position=1)
    w.merit = AwardTypeFactory(province=w.province, code="bang_khen_chu_tich_tinh",
                               name="Bằng khen của Chủ tịch UBND tỉnh", position=2)
    w.rule_set = RuleSetFactory(province=w.province, name="Quy định khen thưởng của tỉnh",
                                valid_from=datetime.date(2024, 1, 1))
    AwardRuleFactory(rule_set=w.rule_set, award_type=w.flag, article="Điều 26 Luật Thi đua, khen thưởng")
    AwardRuleFactory(rule_set=w.rule_set, award_type=w.merit, article="Điều 74 Luật Thi đua, khen thưởng")
    w.flag_quota = QuotaFactory(bloc_year=w.own, award_type=w.flag, places=1)
    w.merit_quota = QuotaFactory(bloc_year=w.own, award_type=w.merit, places=2)
    w.round = BallotRoundFactory(bloc_year=w.own, purpose=RoundPurpose.AWARD, award_type=w.flag, seats=1,
                                 title="Bình xét Cờ thi đua của UBND tỉnh", status=BallotRoundStatus.CLOSED,
                                 electorate=3)
    first, second = w.own_departments[0], w.own_departments[1]
    w.candidates = [CandidateFactory(round=w.round, department=first),
                    CandidateFactory(round=w.round, department=second)]
    VoteCount.objects.create(round=w.round, candidate=w.candidates[0], votes=3, chosen=True)
    VoteCount.objects.create(round=w.round, candidate=w.candidates[1], votes=1, chosen=False)
    for user in (w.board, w.far_board, w.secretariat, w.officer, w.leader, w.other_officer):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@example.vn")
        user.refresh_from_db()
    return w


@pytest.fixture
def year_end(world):
    return make_year_end(world)


def nomination_in(w, status, *, award_type=None, department=None, with_report=True, **fields):
    """A nomination of the own bloc-year in `status`, written directly (the workflow's own tests drive the
    services); it carries an achievement report unless told otherwise."""
    nomination = Nomination.objects.create(bloc_year=w.own, award_type=award_type or w.merit,
                                           department=department or w.own_departments[2], status=status, **fields)
    if with_report:
        nomination.achievement_report.save("bao-cao.pdf", pdf(), save=True)
    return nomination


def ranked(bloc_year, results, *, finalised=True):
    """A year-end round of the bloc-year with its ranking entries [(department, rank, classification, final
    score)], on a scale of 100 points."""
    from django.utils import timezone

    from scoring.enums import RoundKind, RoundStatus
    from scoring.models import Ranking, RankingEntry, ScoringRound

    round_ = ScoringRound.objects.create(bloc_year=bloc_year, kind=RoundKind.YEAR_END,
                                         status=RoundStatus.FINALISED if finalised else RoundStatus.CLOSED)
    ranking = Ranking.objects.create(round=round_, computed_at=timezone.now(), settings_snapshot={"scale_total": "100"})
    RankingEntry.objects.bulk_create(
        RankingEntry(ranking=ranking, department=department, rank=rank, classification=classification,
                     final_score=score) for department, rank, classification, score in results)
    return round_


# The browser test reuses the e2e set-up: Debian's Chromium, the live server, a Vietnamese browser.
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: E402,F401
