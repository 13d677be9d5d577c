"""Signatures on PostgreSQL under real concurrency: each thread has its own connection and transaction."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from blocs.models import Department
from scoring.domain import pledges
from scoring.enums import PledgeStatus, ScaleStatus
from scoring.models import Pledge, PledgeSignature, ScoringScale
from tests.scoring.pledges.conftest import make_ready, open_pledge, register_all

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


def _signer(pledge_pk, department_pk, user_pk):
    def job():
        pledges.sign_pledge(pledge=Pledge.objects.get(pk=pledge_pk),
                            department=Department.objects.get(pk=department_pk), user=User.objects.get(pk=user_pk))
    return job


@pytest.fixture
def signing(world):
    w = make_ready(world)
    w.pledge = open_pledge(w)
    register_all(w, w.pledge)
    yield w
    connection.close()


def test_ten_simultaneous_signatures_of_one_department_make_one_row(signing):
    w = signing
    department = w.own_departments[1]
    outcomes = _run_together([_signer(w.pledge.pk, department.pk, w.leader.pk) for _ in range(10)])
    assert outcomes.count("ok") == 1
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == 9
    assert all(o.startswith(f"{department.name} đã ký giao ước lúc ") and o.endswith("mỗi đơn vị chỉ ký một lần.")
               for o in refusals)
    assert list(PledgeSignature.objects.values_list("department", "signed_by")) == [(department.pk, w.leader.pk)]
    assert AuditEvent.objects.filter(event_type="pledge.signed").count() == 1


def test_last_signatures_arriving_together_complete_the_pledge_once(signing):
    w = signing
    jobs = [_signer(w.pledge.pk, d.pk, leader.pk) for d, leader in zip(w.own_departments, w.leaders)]
    assert _run_together(jobs) == ["ok", "ok", "ok"]
    pledge = Pledge.objects.get()
    assert (pledge.status, ScoringScale.objects.get().status) == (PledgeStatus.SIGNED, ScaleStatus.FROZEN)
    assert pledge.signed_at == PledgeSignature.objects.order_by("-signed_at").first().signed_at
    assert list(AuditEvent.objects.filter(event_type__in=["pledge.completed", "scale.frozen"])
                .values_list("event_type", flat=True)) == ["pledge.completed", "scale.frozen"]
