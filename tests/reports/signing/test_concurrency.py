"""Leader and deputy sign the same report at the same moment, each in its own thread, connection and
transaction on PostgreSQL: the report row's lock serialises them, so neither incremental update is lost."""
import threading

import pytest
from django.db import connection

from accounts.models import User
from emulation.exceptions import ConflictError
from reports.domain import signing
from reports.models import Report, Signature
from tests.reports.signing.conftest import PASSPHRASE, read, validate

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _signer(report_pk, user_pk, barrier, outcomes):
    """Both read version 1, meet at the barrier, sign; a signer beaten to the lock reloads and signs again,
    as the page tells a person to do after a 409."""
    def run():
        try:
            user = User.objects.get(pk=user_pk)
            version = Report.objects.get(pk=report_pk).version
            barrier.wait()
            for _ in range(3):
                try:
                    signing.sign_report(report=Report.objects.get(pk=report_pk), user=user,
                                        passphrase=PASSPHRASE, expected_version=version)
                    outcomes.append(("signed", user.pk))
                    return
                except ConflictError:
                    outcomes.append(("conflict", user.pk))
                    version = Report.objects.get(pk=report_pk).version
        finally:
            connection.close()
    return run


def test_leader_and_deputy_signing_together_both_stay_valid(signers, year_end):
    barrier, outcomes = threading.Barrier(2), []
    threads = [threading.Thread(target=_signer(year_end.pk, user.pk, barrier, outcomes))
               for user in (signers.head, signers.deputy)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o for o in outcomes if o[0] == "signed") == sorted(
        [("signed", signers.head.pk), ("signed", signers.deputy.pk)])
    assert [o[0] for o in outcomes].count("conflict") <= 1
    report = Report.objects.get(pk=year_end.pk)
    assert report.version == 3
    rows = list(Signature.objects.filter(report=report).order_by("revision").values_list("revision", "slot"))
    assert [r for r, _ in rows] == [1, 2] and {s for _, s in rows} == {"leader", "deputy"}
    data = read(report.signed_file.name)
    checks = validate(data)
    assert sorted(name for name, _ in checks) == ["sig-deputy", "sig-leader"]
    assert all(s.intact and s.valid and s.trusted and s.docmdp_ok for _, s in checks)
    last = Signature.objects.get(report=report, revision=2)
    assert last.sha256_after == report.signed_sha256
    connection.close()
