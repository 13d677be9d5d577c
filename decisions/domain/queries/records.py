"""Reads about award decisions, reward money and the base salary, shared by the pages, the API and the demo.

Visibility follows decisions/rules.py: every account of a province reads its decisions and their money
(the decision is public within the province), a superuser reads every province's.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce

from blocs.models import Province
from decisions.enums import DecisionStatus, DisclosureStatus
from decisions.models import AwardDecision, AwardDecisionLine, BaseSalary, Disclosure, DisclosureEntry
from decisions.rules import province_public_scope
from reports.enums import ReportKind
from reports.models import Report

ZERO = Decimal("0")


def provinces_for_decisions(user):
    """The provinces whose decisions the user reads: their own, or every one for a superuser."""
    if not (user.is_authenticated and user.is_active):
        return Province.objects.none()
    if user.is_superuser:
        return Province.objects.order_by("name")
    return Province.objects.filter(pk=user.home_province_id) if user.home_province_id else Province.objects.none()


def decisions_visible_to(user):
    return AwardDecision.objects.filter(province_public_scope(user)).select_related("province", "disclosure")


def decision_list(*, user, province=None, year=None, status=None):
    """Decisions with their number of lines and total reward money, newest first (one query)."""
    rows = decisions_visible_to(user).annotate(
        line_count=Count("lines"), total_amount=Coalesce(Sum("lines__amount"), ZERO))
    if province is not None:
        rows = rows.filter(province=province)
    if year:
        rows = rows.filter(year=year)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-decided_on", "-pk")


def decision_years(*, user, province=None):
    rows = decisions_visible_to(user)
    if province is not None:
        rows = rows.filter(province=province)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def lines_with_awards():
    return AwardDecisionLine.objects.select_related("award_type", "department", "award").order_by("position", "pk")


def decision_detail_queryset(user):
    """Decisions with their lines (award type, department, award record) in two queries."""
    return decisions_visible_to(user).select_related("recorded_by", "withdrawn_by").prefetch_related(
        Prefetch("lines", queryset=lines_with_awards()))


def decision_total(decision):
    """The decision's total reward money, from its prefetched lines."""
    return sum((line.amount for line in decision.lines.all()), ZERO)


# ------------------------------------------------------------------------------------------- disclosures

def disclosures_ready_for_decision(*, province):
    """The province's lists already sent to the Council, newest year first."""
    return Disclosure.objects.filter(province=province, status=DisclosureStatus.SENT_TO_COUNCIL).order_by("-year")


def disclosures_scope(user):
    """Disclosures the user may take a decision from (scope of the record-from-disclosure page)."""
    return Disclosure.objects.filter(province_public_scope(user)).select_related("province")


def undecided_entries(*, disclosure):
    """The list's entries no recorded decision has awarded yet, in the list's order."""
    decided = AwardDecisionLine.objects.filter(entry__disclosure=disclosure, decision__status=DecisionStatus.RECORDED)
    return (DisclosureEntry.objects.filter(disclosure=disclosure).exclude(pk__in=decided.values("entry_id"))
            .select_related("award_type", "department").order_by("position", "pk"))


# ------------------------------------------------------------------------------------------------- money

@dataclass(frozen=True)
class MoneyRow:
    award_type_id: int
    award_type: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class MoneyTotals:
    province: Province
    year: int | None
    rows: list
    count: int
    amount: Decimal


def money_years(*, province):
    """Years in which the province has recorded (not withdrawn) decisions, newest first."""
    return sorted(set(AwardDecision.objects.filter(province=province, status=DecisionStatus.RECORDED)
                      .values_list("year", flat=True)), reverse=True)


def money_totals(*, province, year):
    """The province's reward money of a year by award type: awards and amount of its recorded decisions
    (withdrawn decisions do not count), in one query."""
    rows = (AwardDecisionLine.objects
            .filter(decision__province=province, decision__year=year, decision__status=DecisionStatus.RECORDED)
            .values("award_type_id", "award_type__name", "award_type__position")
            .annotate(count=Count("pk"), amount=Coalesce(Sum("amount"), ZERO))
            .order_by("award_type__position", "award_type__name"))
    rows = [MoneyRow(r["award_type_id"], r["award_type__name"], r["count"], r["amount"]) for r in rows]
    return MoneyTotals(province=province, year=year, rows=rows, count=sum(r.count for r in rows),
                       amount=sum((r.amount for r in rows), ZERO))


# ------------------------------------------------------------------------------------------- base salary

def base_salaries():
    return BaseSalary.objects.order_by("-valid_from")


def latest_decision_report(*, decision):
    """The newest rendering of the decision document, or None."""
    return Report.objects.filter(decision=decision, kind=ReportKind.DECISION).order_by("-requested_at").first()

