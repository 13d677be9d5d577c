"""Read-only admin for rounds, their counts and elections: every change goes through the voting pages,
whose services validate and audit. Ballots and the roll are not in the admin at all: a list of ballots
that refreshes as members vote would tell who chose what."""
from django.contrib import admin

from voting.models import BallotRound, Candidate, Election, VoteCount


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CandidateInline(ReadOnlyMixin, admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["position", "department"]
    readonly_fields = fields


class VoteCountInline(ReadOnlyMixin, admin.TabularInline):
    model = VoteCount
    extra = 0
    fields = ["candidate", "votes", "chosen", "tied_at_boundary"]
    readonly_fields = fields


@admin.register(BallotRound)
class BallotRoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "bloc_year", "purpose", "status", "seats", "electorate"]
    list_filter = ["status", "purpose"]
    list_select_related = ["bloc_year__bloc"]
    search_fields = ["title", "bloc_year__bloc__name"]
    inlines = [CandidateInline, VoteCountInline]


@admin.register(Election)
class ElectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["bloc_year", "method", "status", "leader", "deputy", "next_bloc_year", "flag_handed_over_on"]
    list_select_related = ["bloc_year__bloc", "leader", "deputy", "next_bloc_year__bloc"]
