"""Read-only admin of the awards app: every change goes through the pages and API, whose domain functions
validate it (periods that never overlap, quotas under lock, the nomination workflow) and audit it."""
from django.contrib import admin

from awards.models import Award, AwardRule, AwardType, EligibilityCondition, Nomination, NominationEvent, Quota, \
    RuleSet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AwardRuleInline(ReadOnlyInline):
    model = AwardRule
    fields = ["award_type", "article", "cash_multiple"]


class ConditionInline(ReadOnlyInline):
    model = EligibilityCondition
    fields = ["position", "kind", "params", "description"]


@admin.register(AwardType)
class AwardTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "province", "recipient", "position"]
    list_filter = ["province"]
    list_select_related = ["province"]


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "valid_from", "valid_to"]
    list_filter = ["province"]
    list_select_related = ["province"]
    inlines = [AwardRuleInline]


@admin.register(AwardRule)
class AwardRuleAdmin(ReadOnlyAdmin):
    list_display = ["award_type", "rule_set", "article", "cash_multiple"]
    list_select_related = ["award_type", "rule_set"]
    inlines = [ConditionInline]


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    list_display = ["bloc_year", "award_type", "places", "version"]
    list_select_related = ["bloc_year__bloc", "award_type"]


class NominationEventInline(ReadOnlyInline):
    model = NominationEvent
    fields = ["created_at", "from_status", "to_status", "actor", "comment"]
    show_change_link = False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["department", "award_type", "bloc_year", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["department", "award_type", "bloc_year__bloc"]
    inlines = [NominationEventInline]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["department", "award_type", "year", "source", "decision_reference", "is_withdrawn"]
    list_filter = ["year", "source", "is_withdrawn"]
    list_select_related = ["department", "award_type"]
