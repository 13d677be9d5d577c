from django.contrib import admin

from audit.admin import AuditedAdminMixin
from blocs.models import Bloc, BlocYear, Conference, Department, Membership, Province


@admin.register(Province)
class ProvinceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "province", "kind", "successor", "is_illustrative"]
    list_filter = ["province", "kind", "is_illustrative"]
    list_select_related = ["province", "successor"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["successor"]


@admin.register(Bloc)
class BlocAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "province", "kind"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    """Read-only: members are added through the bloc-year page, whose service keeps the audit trail."""

    model = Membership
    extra = 0
    fields = ["department", "name_at_time", "year"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ConferenceInline(admin.TabularInline):
    model = Conference
    extra = 0


@admin.register(BlocYear)
class BlocYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["bloc", "year", "phase", "leader", "deputy"]
    list_filter = ["phase", "year", "bloc__province"]
    list_select_related = ["bloc", "leader", "deputy"]
    search_fields = ["bloc__name"]
    inlines = [MembershipInline, ConferenceInline]


@admin.register(Conference)
class ConferenceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["bloc_year", "kind", "date", "host"]
    list_filter = ["kind"]
    list_select_related = ["bloc_year__bloc", "host"]
