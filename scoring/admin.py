from django.contrib import admin

from audit.admin import AuditedAdminMixin
from scoring.models import Criterion, ScoringScale, ScoringSettings


class CriterionInline(admin.TabularInline):
    """Read-only: scales change through their pages, whose services validate and audit."""

    model = Criterion
    extra = 0
    fields = ["code", "title", "kind", "max_points", "evidence_required", "parent"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScoringScale)
class ScoringScaleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "province", "bloc_year", "total", "status"]
    list_select_related = ["province", "bloc_year__bloc"]
    inlines = [CriterionInline]
    readonly_fields = ["province", "bloc_year", "copied_from", "total", "bonus_cap", "status", "version"]


@admin.register(ScoringSettings)
class ScoringSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["province", "aggregation_method", "inspectors_per_member", "discrepancy_percent"]
