"""Writing the audit trail: every domain function that changes something calls record_event."""
import hashlib
import json
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, router, transaction
from django.db.models.deletion import Collector
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


def listing(objects, *fields):
    """How an event lists the rows a bulk write changed: each row's id with the values of `fields`
    (attribute names), so the trail names every changed object without one event per row."""
    return [{"id": obj.pk, **{name: getattr(obj, name) for name in fields}} for obj in objects]


# Never copied into the trail by `snapshot`: credentials, and the login time Django stamps on every sign-in.
_UNRECORDED_FIELDS = {"password", "last_login"}


def snapshot(obj):
    """Every stored value of a row (foreign keys as ids) but credentials and binary data: the old or new
    value of a write that does not go through a service, such as the Django admin's."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in _UNRECORDED_FIELDS or field.get_internal_type() == "BinaryField":
            continue
        value = field.value_from_object(obj)
        values[field.attname] = getattr(value, "name", value) if field.get_internal_type() == "FileField" else value
    return values


def record_admin_write(*, actor, obj, before=None, deleted=False):
    """One event for a row the Django admin added, changed (`before`: the row as stored until then) or, just
    before it goes, deleted with what goes or is cleared along with it; a new password is recorded as the
    fact that it changed, never as a hash."""
    name = obj._meta.model_name
    if deleted:
        gone, cleared = _deleted_with(obj)
        old = {**snapshot(obj), "cascade": gone, "cleared": {label: [row for row, _new in rows]
                                                             for label, rows in cleared.items()}}
        new = {"cleared": {label: [new for _old, new in rows] for label, rows in cleared.items()}} if cleared else None
        return record_event(actor=actor, event_type=f"{name}.admin_deleted", obj=obj, old_value=old, new_value=new)
    old, new = (snapshot(before) if before is not None else None), snapshot(obj)
    if before is not None and getattr(before, "password", None) != getattr(obj, "password", None):
        old["password_changed"], new["password_changed"] = False, True
    return record_event(actor=actor, event_type=f"{name}.admin_{'changed' if before is not None else 'added'}",
                        obj=obj, old_value=old, new_value=new)


def _deleted_with(obj):
    """The other rows Django deletes (on_delete CASCADE) or changes (SET_NULL, SET_DEFAULT) when `obj` goes:
    ({label: [row]}, {label: [(old, new)]}), read before the delete."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    gone, cleared = defaultdict(list), defaultdict(list)
    batches = [*collector.data.items(), *((qs.model, qs) for qs in collector.fast_deletes)]
    for model, instances in batches:
        for instance in instances:
            if not (model is type(obj) and instance.pk == obj.pk):
                gone[model._meta.label_lower].append({"id": instance.pk, **snapshot(instance)})
    for (field, value), targets in collector.field_updates.items():
        for instances in targets:
            for instance in instances:
                cleared[field.model._meta.label_lower].append(({"id": instance.pk, field.attname: getattr(
                    instance, field.attname)}, {"id": instance.pk, field.attname: getattr(value, "pk", value)}))
    return dict(gone), dict(cleared)


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
