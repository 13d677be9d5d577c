"""Writing the audit trail: every domain function that changes something calls record_event."""
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from audit.middleware import current_request_id
from audit.models import AuditEvent

# Any fixed 64-bit number: serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 720_260_001


def _canonical(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def event_hash(*, prev_hash, created_at, actor_id, event_type, object_type, object_id,
               old_value, new_value, request_id):
    payload = json.dumps(
        [prev_hash, created_at.isoformat(), actor_id, event_type, object_type, str(object_id),
         old_value, new_value, request_id],
        sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def record_event(*, actor, event_type, obj, old_value=None, new_value=None):
    """Append one event to the hash chain; must run inside the transaction of the change it records."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        fields = dict(
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            event_type=event_type,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            old_value=_canonical(old_value),
            new_value=_canonical(new_value),
            request_id=current_request_id(),
        )
        return AuditEvent.objects.create(
            prev_hash=last, hash=event_hash(prev_hash=last, **fields), **fields
        )


def verify_chain():
    """Return the ids of events whose hash or link does not match; empty when the chain is intact."""
    broken, prev = [], ""
    for event in AuditEvent.objects.order_by("id").iterator():
        expected = event_hash(
            prev_hash=prev, created_at=event.created_at, actor_id=event.actor_id,
            event_type=event.event_type, object_type=event.object_type, object_id=event.object_id,
            old_value=event.old_value, new_value=event.new_value, request_id=event.request_id,
        )
        if event.prev_hash != prev or event.hash != expected:
            broken.append(event.id)
        prev = event.hash
    return broken
