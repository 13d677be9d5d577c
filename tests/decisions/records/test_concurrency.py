"""Ten requests record the same decision at once, on PostgreSQL, each with its own connection: one decision,
one award per line, and the nine others refused with a message, leaving nothing behind."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from awards.models import Award
from decisions.domain.records import record_decision
from decisions.models import AwardDecision, AwardDecisionLine
from notifications.models import Notification
from tests.decisions.records.conftest import awarded, decision_fields
from tests.factories.accounts import board_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def crowd(decision_world):
    decision_world.clerks = [board_user(decision_world.province, username=f"ban{i}") for i in range(10)]
    yield decision_world
    connection.close()


def _record_together(w, numbers):
    barrier = threading.Barrier(len(numbers))
    outcomes = [None] * len(numbers)

    def run(index, number, user):
        try:
            barrier.wait()
            record_decision(province=w.province, lines=awarded(w.entries), user=user, disclosure=w.disclosure,
                            **decision_fields(number_symbol=number))
            outcomes[index] = "ok"
        except ValidationError as exc:
            outcomes[index] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, number, w.clerks[i])) for i, number in enumerate(numbers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _assert_exactly_once(w):
    assert AwardDecision.objects.count() == 1
    assert AwardDecisionLine.objects.count() == 3
    assert sorted(Award.objects.values_list("decision_line__entry_id", flat=True)) == sorted(e.pk for e in w.entries)
    assert AuditEvent.objects.filter(event_type="decision.recorded").count() == 1
    assert AuditEvent.objects.filter(event_type="award.recorded").count() == 3
    assert Notification.objects.count() == 3  # one per awarded department's officer, once


def test_ten_identical_submissions_record_one_decision(crowd):
    outcomes = _record_together(crowd, ["125/QĐ-UBND"] * 10)
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {"Quyết định số 125/QĐ-UBND của tỉnh đã được ghi nhận (ngày 20/11/2026)."}
    _assert_exactly_once(crowd)


def test_ten_submissions_of_the_same_lines_under_different_numbers_award_each_line_once(crowd):
    outcomes = _record_together(crowd, [f"{125 + i}/QĐ-UBND" for i in range(10)])
    assert outcomes.count("ok") == 1
    names = ", ".join(e.recipient_name for e in crowd.entries)
    assert set(outcomes) - {"ok"} == {f"Đã có quyết định khen thưởng cho: {names}."}
    _assert_exactly_once(crowd)
