import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from blocs.domain import services

pytestmark = pytest.mark.integration


def test_verify_audit_reports_intact_chain(world, capsys):
    services.add_member(bloc_year=world.own, department=world.unassigned, user=world.board)
    call_command("verify_audit")
    assert capsys.readouterr().out.strip() == "Nhật ký toàn vẹn: 1 bản ghi."


def test_verify_audit_fails_on_an_inserted_record(world):
    services.add_member(bloc_year=world.own, department=world.unassigned, user=world.board)
    last = AuditEvent.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (created_at, event_type, object_type, object_id, request_id, "
            "prev_hash, hash) VALUES (now(), 'forged', 'x', '1', '', %s, %s)", [last.hash, "f" * 64])
    forged = AuditEvent.objects.get(event_type="forged")
    with pytest.raises(CommandError, match=f"Nhật ký bị can thiệp tại các bản ghi: {forged.pk}"):
        call_command("verify_audit")


def test_request_id_is_recorded_on_events_made_through_a_page(world, client):
    from django.urls import reverse

    client.force_login(world.secretariat)
    response = client.post(reverse("blocs:member_add", args=[world.own.pk]), {"department": world.unassigned.pk},
                           HTTP_X_REQUEST_ID="req-123")
    assert response["X-Request-ID"] == "req-123"
    assert AuditEvent.objects.get().request_id == "req-123"
