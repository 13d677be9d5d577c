"""Reads of disclosed lists and their complaints, scoped by decisions/rules.py; each page reads in a
constant number of queries whatever the number of entries and complaints."""
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Prefetch, Q

from awards.enums import NominationStatus
from awards.models import Nomination
from blocs.models import Province
from blocs.rules import province_scope
from decisions.domain import disclosures as services
from decisions.models import Complaint, Disclosure, DisclosureEntry
from decisions.rules import complaint_scope, province_public_scope


def disclosures_visible_to(user):
    return Disclosure.objects.filter(province_public_scope(user)).select_related("province", "published_by",
                                                                                 "sent_by")


def disclosure_list(user):
    """Every list the user may see, newest year first, with its entry and complaint counts."""
    return disclosures_visible_to(user).annotate(
        entry_count=Count("entries", distinct=True),
        complaint_count=Count("complaints", distinct=True),
        unanswered_count=Count("complaints", filter=Q(complaints__answer=""), distinct=True),
    ).order_by("-year", "province__name")


def entries_visible_to(user):
    return (DisclosureEntry.objects.filter(disclosure__in=Disclosure.objects.filter(province_public_scope(user)))
            .select_related("disclosure__province", "award_type", "department"))


def complaints_visible_to(user):
    return (Complaint.objects.filter(complaint_scope(user))
            .select_related("disclosure__province", "entry__award_type", "department", "filed_by", "answered_by"))


def provinces_for_publishing(user):
    """The provinces whose pages the user reaches (the Board's own, all for a superuser)."""
    return Province.objects.filter(province_scope(user))


def unanswered_count(disclosure):
    return disclosure.complaints.filter(answer="").count()


# --- one list, grouped by award type ----------------------------------------------------------------------

@dataclass
class AwardGroup:
    award_type: object
    entries: list = field(default_factory=list)


@dataclass
class DisclosurePage:
    disclosure: Disclosure
    groups: list
    status: str
    status_label: str
    is_open: bool
    working_days_left: int
    complaint_count: int
    unanswered: int
    send_blockers: list


def disclosure_page(*, disclosure, today=None):
    """The list's entries grouped by award type, each with its complaints and their answers."""
    complaints = Complaint.objects.select_related("department", "filed_by", "answered_by").order_by("filed_at", "pk")
    entries = list(disclosure.entries.select_related("award_type", "department")
                   .prefetch_related(Prefetch("complaints", queryset=complaints))
                   .order_by("award_type__position", "award_type__name", "award_type_id", "position", "pk"))
    groups = [AwardGroup(award_type=entries_of_type[0].award_type, entries=entries_of_type)
              for entries_of_type in (list(g) for _, g in groupby(entries, key=lambda e: e.award_type_id))]
    all_complaints = [c for e in entries for c in e.complaints.all()]
    unanswered = sum(1 for c in all_complaints if not c.answer)
    status = services.current_status(disclosure, today)
    return DisclosurePage(
        disclosure=disclosure, groups=groups, status=status.value, status_label=status.label,
        is_open=services.is_open(disclosure, today), working_days_left=services.working_days_left(disclosure, today),
        complaint_count=len(all_complaints), unanswered=unanswered,
        send_blockers=services.send_blockers(disclosure, unanswered=unanswered, today=today))


# --- what publishing a year would show --------------------------------------------------------------------

def publishable_years(*, province):
    """Years with approved nominations in the province, newest first, and whether each is published."""
    published = set(Disclosure.objects.filter(province=province).values_list("year", flat=True))
    years = (Nomination.objects.filter(bloc_year__bloc__province=province, status=NominationStatus.APPROVED)
             .values_list("bloc_year__year", flat=True).distinct().order_by("-bloc_year__year"))
    return [(year, year in published) for year in years]


def publish_preview(*, province, year):
    """The approved nominations a publication of `year` would list, grouped by award type."""
    nominations = list(services.approved_nominations(province=province, year=year))
    return [AwardGroup(award_type=group[0].award_type, entries=group)
            for group in (list(g) for _, g in groupby(nominations, key=lambda n: n.award_type_id))]
