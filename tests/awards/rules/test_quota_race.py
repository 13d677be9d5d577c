"""Approvals racing for the last places, on PostgreSQL with one connection and transaction per thread."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from awards.defaults import install_defaults
from awards.domain.quotas import reserve_quota_place, set_quota
from awards.enums import NominationStatus
from awards.models import AwardType, Nomination, Quota
from tests.factories.awards import NominationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _run_together(jobs):
    """Start every job at the same moment; return their outcomes ("ok" or the refusal's message)."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            job()
            outcomes[index] = "ok"
        except ValidationError as exc:
            outcomes[index] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def approve(nomination_pk):
    """The smallest approval: take a quota place, then mark the nomination approved, in one transaction."""
    def job():
        with transaction.atomic():
            nomination = Nomination.objects.select_related("bloc_year", "award_type").get(pk=nomination_pk)
            reserve_quota_place(bloc_year=nomination.bloc_year, award_type=nomination.award_type)
            Nomination.objects.filter(pk=nomination_pk).update(status=NominationStatus.APPROVED)
    return job


@pytest.fixture
def contest(world):
    """Ten units nominated for the provincial flag of world.own, which has 2 places."""
    install_defaults(province=world.province, user=world.board)
    world.flag = AwardType.objects.get(province=world.province, code="co_thi_dua_tinh")
    set_quota(bloc_year=world.own, award_type=world.flag, places=2, expected_version=0, user=world.board)
    world.nominations = [NominationFactory(bloc_year=world.own, award_type=world.flag,
                                           status=NominationStatus.UNDER_REVIEW) for _ in range(10)]
    yield world
    connection.close()


def test_ten_approvals_for_two_places_approve_exactly_two(contest):
    outcomes = _run_together([approve(n.pk) for n in contest.nominations])
    assert outcomes.count("ok") == 2
    assert sorted(set(outcomes) - {"ok"}) == [
        "Đã hết chỉ tiêu “Cờ thi đua của UBND tỉnh” của khối năm 2026: 2 suất, đã chấp thuận 2."]
    assert Nomination.objects.filter(status=NominationStatus.APPROVED).count() == 2
    assert Nomination.objects.filter(status=NominationStatus.UNDER_REVIEW).count() == 8


def test_a_reduction_racing_approvals_never_leaves_more_approvals_than_places(contest):
    w = contest

    def reduce():
        set_quota(bloc_year=w.own, award_type=w.flag, places=1, expected_version=1, user=w.board)

    outcomes = _run_together([reduce] + [approve(n.pk) for n in w.nominations[:5]])
    places = Quota.objects.get().places
    approved = Nomination.objects.filter(status=NominationStatus.APPROVED).count()
    assert approved <= places
    assert (places, approved) in {(1, 1), (2, 2)}
    assert outcomes.count("ok") == approved + (1 if places == 1 else 0)


def test_reserving_outside_a_transaction_is_a_programming_error(contest):
    with pytest.raises(RuntimeError):
        reserve_quota_place(bloc_year=contest.own, award_type=contest.flag)
