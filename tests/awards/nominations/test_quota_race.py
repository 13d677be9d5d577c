"""Ten Board members approve ten nominations at once for the last two places of a quota, on PostgreSQL:
each thread has its own connection and transaction (closed at the end); exactly two approvals win."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from awards.domain import nominations as services
from awards.enums import NominationStatus as S
from awards.models import Nomination, NominationEvent
from notifications.models import Notification
from tests.awards.nominations.conftest import make_year_end
from tests.factories.accounts import board_user
from tests.factories.blocs import MembershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contest(world):
    """The certificate of merit of world.own gets 4 places: 2 already approved, 10 more under review."""
    w = make_year_end(world)
    w.merit_quota.places = 4
    w.merit_quota.save()
    members = [MembershipFactory(bloc_year=w.own).department for _ in range(12)]
    for department in members[:2]:
        Nomination.objects.create(bloc_year=w.own, award_type=w.merit, department=department, status=S.APPROVED)
    w.contested = [Nomination.objects.create(bloc_year=w.own, award_type=w.merit, department=department,
                                             status=S.UNDER_REVIEW) for department in members[2:]]
    w.reviewers = [board_user(w.province, username=f"ban{i}") for i in range(10)]
    yield w
    connection.close()


def _approve_together(pairs):
    barrier = threading.Barrier(len(pairs))
    outcomes = [None] * len(pairs)

    def run(index, nomination, user):
        try:
            barrier.wait()
            services.approve_nomination(nomination=nomination, user=user)
            outcomes[index] = "ok"
        except ValidationError as exc:
            outcomes[index] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *pair)) for i, pair in enumerate(pairs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_ten_concurrent_approvals_for_two_remaining_places_approve_exactly_two(contest):
    w = contest
    outcomes = _approve_together(list(zip(w.contested, w.reviewers)))

    assert outcomes.count("ok") == 2
    assert sorted(set(outcomes) - {"ok"}) == [
        "Đã hết chỉ tiêu “Bằng khen của Chủ tịch UBND tỉnh” của khối năm 2026: 4 suất, đã chấp thuận 4."]
    assert Nomination.objects.filter(status=S.APPROVED).count() == 4
    assert Nomination.objects.filter(status=S.UNDER_REVIEW).count() == 8
    # The refused approvals left nothing behind: no event, no audit record, no notification.
    assert NominationEvent.objects.filter(to_status=S.APPROVED).count() == 2
    assert AuditEvent.objects.filter(event_type="nomination.approve").count() == 2
    assert Notification.objects.filter(user=w.secretariat).count() == 2
