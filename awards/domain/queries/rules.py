"""Reads about award rules, eligibility and quotas, shared by the pages, the API and the domain functions.

`eligibility_facts` loads, in a constant number of queries, everything the eligibility checks read for any
number of units of one bloc-year: rankings, classifications and awards of each unit and of the units it
continues (Department successor links), so a page of 3 or of 12 members costs the same.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from awards.enums import NominationStatus
from awards.models import Award, AwardRule, AwardType, EligibilityCondition, Nomination, Quota, RuleSet
from awards.rules import province_data_scope
from blocs.models import BlocYear, Department, Membership
from blocs.rules import bloc_year_scope
from scoring.enums import RoundKind, RoundStatus
from scoring.models import RankingEntry, ScoringRound

# Nominations with the Board that hold a place of the quota ("submitted"; approved ones included). A returned
# nomination is back with the secretariat and holds none until resubmitted.
SUBMITTED_STATUSES = (NominationStatus.SUBMITTED, NominationStatus.UNDER_REVIEW, NominationStatus.APPROVED)


# --- Visibility -----------------------------------------------------------------------------------------


def award_types_visible_to(user):
    return AwardType.objects.filter(province_data_scope(user)).select_related("province")


def rule_sets_visible_to(user):
    return RuleSet.objects.filter(province_data_scope(user)).select_related("province")


def award_rules_visible_to(user):
    return AwardRule.objects.filter(rule_set__in=RuleSet.objects.filter(province_data_scope(user)).values("pk")) \
        .select_related("rule_set__province", "award_type")


def conditions_visible_to(user):
    rules = AwardRule.objects.filter(rule_set__in=RuleSet.objects.filter(province_data_scope(user)).values("pk"))
    return EligibilityCondition.objects.filter(rule__in=rules.values("pk")).select_related(
        "rule__rule_set__province", "rule__award_type")


def quotas_visible_to(user):
    return Quota.objects.filter(bloc_year__in=BlocYear.objects.filter(bloc_year_scope(user)).values("pk")) \
        .select_related("bloc_year__bloc__province", "award_type")


# --- Rule sets ------------------------------------------------------------------------------------------


def rule_set_detail_queryset(user):
    """Rule sets with their rules (by award type order) and each rule's conditions, in three queries."""
    rules = AwardRule.objects.select_related("award_type").order_by("award_type__position", "award_type__name")
    return rule_sets_visible_to(user).prefetch_related(
        Prefetch("rules", queryset=rules.prefetch_related(
            Prefetch("conditions", queryset=EligibilityCondition.objects.order_by("position", "id")))))


def catalogue_of(provinces):
    """Provinces with their award types and rule sets (each with its number of rules), in three queries."""
    return provinces.prefetch_related(
        Prefetch("award_types", queryset=AwardType.objects.order_by("position", "name")),
        Prefetch("rule_sets", queryset=RuleSet.objects.annotate(rule_count=Count("rules")).order_by("-valid_from")))


def rule_set_in_force(*, province, on_date):
    """The province's rule set whose period contains `on_date`, or None."""
    return (RuleSet.objects.filter(province=province, valid_from__lte=on_date)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date)).order_by("-valid_from").first())


def overlapping_rule_sets(*, province, valid_from, valid_to, exclude_pk=None):
    """Rule sets of the province whose period shares at least one day with [valid_from, valid_to]."""
    clash = RuleSet.objects.filter(province=province).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        clash = clash.filter(valid_from__lte=valid_to)
    return clash.exclude(pk=exclude_pk).order_by("valid_from") if exclude_pk else clash.order_by("valid_from")


def rules_of(rule_set):
    """The rule set's award rules with their award types and conditions (three queries)."""
    return list(AwardRule.objects.filter(rule_set=rule_set).select_related("award_type")
                .prefetch_related(Prefetch("conditions", queryset=EligibilityCondition.objects.order_by(
                    "position", "id")))
                .order_by("award_type__position", "award_type__name"))


def award_type_names(*, province):
    return dict(AwardType.objects.filter(province=province).values_list("code", "name"))


# --- Eligibility facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearResult:
    """A unit's result in a finalised year-end ranking."""

    department_id: int
    department_name: str
    year: int
    rank: int | None
    classification: str
    tied: bool  # rank shared, still to be settled by a ballot


@dataclass
class EligibilityFacts:
    year: int
    ranking_status: str | None  # status of the bloc-year's year-end round (None: no round)
    members: dict  # department id -> name that year
    lineage: dict  # department id -> ids of itself and every unit it continues
    results: dict = field(default_factory=dict)  # (department id, year) -> YearResult
    awards: dict = field(default_factory=dict)  # (department id, award code, year) -> unit name
    pending: set = field(default_factory=set)  # (department id, award code) nominated this year, undecided

    @property
    def ranking_finalised(self):
        return self.ranking_status == RoundStatus.FINALISED

    def results_of(self, department_id, year):
        """The lineage's results in a year (several when units merged), best rank first."""
        found = [self.results[(d, year)] for d in self.lineage.get(department_id, {department_id})
                 if (d, year) in self.results]
        return sorted(found, key=lambda r: (r.rank is None, r.rank or 0, r.department_name))

    def award_holder(self, department_id, code, year):
        for d in sorted(self.lineage.get(department_id, {department_id})):
            if (d, code, year) in self.awards:
                return self.awards[(d, code, year)]
        return None

    def is_pending(self, department_id, code):
        return any((d, code) in self.pending for d in self.lineage.get(department_id, {department_id}))


def lineages(*, province_id, department_ids):
    """Each unit with every unit it continues, following successor links backwards (one query)."""
    predecessors = {}
    for pk, successor_id in Department.objects.filter(province_id=province_id, successor__isnull=False) \
            .values_list("pk", "successor_id"):
        predecessors.setdefault(successor_id, []).append(pk)
    result = {}
    for start in department_ids:
        seen, todo = {start}, [start]
        while todo:
            for pk in predecessors.get(todo.pop(), ()):
                if pk not in seen:
                    seen.add(pk)
                    todo.append(pk)
        result[start] = seen
    return result


def eligibility_facts(*, bloc_year, department_ids=None, first_year=None):
    """What the checks read for the bloc-year's members (or `department_ids`), from `first_year` on."""
    year = bloc_year.year
    first_year = min(first_year or year, year)
    members = dict(Membership.objects.filter(bloc_year=bloc_year).values_list("department_id", "name_at_time"))
    wanted = list(members) if department_ids is None else list(department_ids)
    lineage = lineages(province_id=bloc_year.bloc.province_id, department_ids=wanted)
    every = sorted(set().union(*lineage.values())) if lineage else []
    status = ScoringRound.objects.filter(bloc_year=bloc_year, kind=RoundKind.YEAR_END) \
        .values_list("status", flat=True).first()
    facts = EligibilityFacts(year=year, ranking_status=status, members=members, lineage=lineage)
    facts.results = _results(every, first_year, year)
    facts.awards = {(d, code, y): name for d, code, y, name in _award_rows(every, first_year, year)}
    facts.pending = set(Nomination.objects.filter(  # this year's award still being proposed, not yet decided
        bloc_year__year=year, department_id__in=every).exclude(status=NominationStatus.REJECTED)
        .values_list("department_id", "award_type__code"))
    return facts


def _results(department_ids, first_year, last_year):
    rows = RankingEntry.objects.filter(
        department_id__in=department_ids, ranking__round__kind=RoundKind.YEAR_END,
        ranking__round__status=RoundStatus.FINALISED,
        ranking__round__bloc_year__year__range=(first_year, last_year),
    ).values_list("department_id", "department__name", "ranking__round__bloc_year__year", "rank", "classification",
                  "tie_break_trace")
    return {(d, y): YearResult(d, name, y, rank, classification,
                               any(item.get("needs_ballot") for item in trace or []))
            for d, name, y, rank, classification, trace in rows}


def _award_rows(department_ids, first_year, last_year):
    """The units' own live awards (decided or imported): a person's award is not the unit's, and a withdrawn
    one no longer counts. Awards of the units a unit continues come in through `department_ids` (lineage)."""
    return Award.objects.filter(department_id__in=department_ids, is_withdrawn=False, person_name="",
                                year__range=(first_year, last_year)) \
        .values_list("department_id", "award_type__code", "year", "department__name")


def judging_date(year):
    """An emulation year is judged by the rules in force on its last day (31/12)."""
    return datetime.date(year, 12, 31)
