from django.contrib import admin
from django.db import transaction

from audit.domain.services import record_admin_write, record_event
from audit.models import AuditEvent


def _stored(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


def _related_ids(obj):
    return {field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
            for field in obj._meta.many_to_many}


class AuditedAdminMixin:
    """The admin writes rows itself, past the services that keep the audit trail: so it records one event per
    row it adds, changes or deletes (inline rows included), with the values before and after, in the
    transaction of the write (the admin's add, change and delete views run in one)."""

    def save_model(self, request, obj, form, change):
        before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)
        record_admin_write(actor=request.user, obj=obj, before=before)

    def delete_model(self, request, obj):
        record_admin_write(actor=request.user, obj=obj, deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # the changelist's bulk delete has no transaction of its own
            for obj in queryset:
                record_admin_write(actor=request.user, obj=obj, deleted=True)
            super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        before = _related_ids(form.instance)
        super().save_related(request, form, formsets, change)
        after = _related_ids(form.instance)
        if after != before:  # many-to-many rows (a user's groups) are saved after the row itself
            record_event(actor=request.user, event_type=f"{form.instance._meta.model_name}.admin_changed",
                         obj=form.instance, old_value=before, new_value=after)

    def save_formset(self, request, form, formset, change):
        for gone in formset.deleted_forms:
            if gone.instance.pk is not None:
                record_admin_write(actor=request.user, obj=gone.instance, deleted=True)
        before = {f.instance.pk: _stored(f.instance) for f in formset.initial_forms
                  if f.instance.pk is not None and f not in formset.deleted_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_admin_write(actor=request.user, obj=obj)
        for obj, _fields in formset.changed_objects:
            record_admin_write(actor=request.user, obj=obj, before=before.get(obj.pk))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event_type", "object_type", "object_id", "actor", "request_id"]
    list_filter = ["event_type", "object_type"]
    search_fields = ["object_id", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
