"""Reads of the award history (awards.Award): who sees which rows, a department's timeline across its
predecessors, and the lookups an import resolves its cells against.

Award history is public within its province (decisions are published), so every account of the province
reads it, whatever bloc it belongs to; the Board imports it.
"""
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from awards.domain.queries.rules import lineages
from awards.models import Award, AwardType
from blocs.models import Department, Membership, Province
from blocs.rules import NOTHING


def normalise(text):
    """How a name typed by a person is compared: Unicode NFC, spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


# --- Visibility -----------------------------------------------------------------------------------------


def history_scope(user, prefix=""):
    """Rows of the user's province (a superuser: every province). `prefix` reaches the province's id."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    province_id = user.home_province_id
    return Q(**{f"{prefix}province_id": province_id}) if province_id else NOTHING


def history_provinces(user):
    """Provinces whose history, statistics and export the user reads."""
    if not (user.is_authenticated and user.is_active):
        return Province.objects.none()
    if user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(pk=user.home_province_id) if user.home_province_id else Province.objects.none()


def history_departments(user):
    """Departments whose history the user reads: every unit of the user's province."""
    return Department.objects.filter(history_scope(user)).select_related("province")


def awards_visible_to(user):
    return Award.objects.filter(history_scope(user, prefix="department__")).select_related(
        "department__province", "award_type", "decision_line__decision")


# --- Timeline -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    award: Award
    holder_name: str  # the unit's name that year (the predecessor's, for awards held before a rename)
    held_by_predecessor: bool
    withdrawn_reason: str

    @property
    def is_live(self):
        return not self.award.is_withdrawn


@dataclass
class Timeline:
    department: Department
    predecessors: list  # Department rows whose successor chain leads to it
    years: list = field(default_factory=list)  # [(year, [TimelineEntry])], latest first

    @property
    def live_count(self):
        return sum(1 for _year, entries in self.years for e in entries if e.is_live)

    @property
    def withdrawn_count(self):
        return sum(1 for _year, entries in self.years for e in entries if not e.is_live)


def department_timeline(*, department):
    """The unit's awards across the years, with those of every unit it continues (four queries)."""
    lineage = lineages(province_id=department.province_id, department_ids=[department.pk])[department.pk]
    units = {d.pk: d for d in Department.objects.filter(pk__in=lineage)}
    names = {(d, y): n for d, y, n in Membership.objects.filter(department_id__in=lineage).values_list(
        "department_id", "year", "name_at_time")}
    awards = (Award.objects.filter(department_id__in=lineage)
              .select_related("award_type", "decision_line__decision")
              .order_by("-year", "award_type__position", "award_type__name", "person_name", "pk"))
    by_year = {}
    for award in awards:
        holder = names.get((award.department_id, award.year)) or units[award.department_id].name
        by_year.setdefault(award.year, []).append(TimelineEntry(
            award=award, holder_name=holder, held_by_predecessor=award.department_id != department.pk,
            withdrawn_reason=withdrawal_reason(award)))
    predecessors = sorted((d for pk, d in units.items() if pk != department.pk), key=lambda d: d.name)
    return Timeline(department=department, predecessors=predecessors, years=list(by_year.items()))


def withdrawal_reason(award):
    """Why a withdrawn award stopped counting (its decision's reason), or '' for a live one."""
    if not award.is_withdrawn:
        return ""
    line = award.decision_line
    return (line.decision.withdrawal_reason if line is not None else "") or ""


# --- Import lookups -------------------------------------------------------------------------------------


@dataclass
class ImportLookups:
    """Everything an import of one province resolves its cells against, read in four queries."""

    departments: dict  # normalised name -> {department id}
    short_names: dict  # normalised short name -> {department id}
    names_in_year: dict  # (normalised name of that year, year) -> {department id}
    department_names: dict  # id -> name
    award_types: dict  # normalised code or name -> AwardType
    existing: dict  # (department id, award type id, year, normalised person) -> decision reference


def import_lookups(*, province, years):
    lookups = ImportLookups(departments={}, short_names={}, names_in_year={}, department_names={},
                            award_types={}, existing={})
    for pk, name, short_name in Department.objects.filter(province=province).values_list("pk", "name", "short_name"):
        lookups.department_names[pk] = name
        lookups.departments.setdefault(normalise(name), set()).add(pk)
        if short_name.strip():
            lookups.short_names.setdefault(normalise(short_name), set()).add(pk)
    for pk, year, name in Membership.objects.filter(department__province=province, year__in=years).values_list(
            "department_id", "year", "name_at_time"):
        lookups.names_in_year.setdefault((normalise(name), year), set()).add(pk)
    types = list(AwardType.objects.filter(province=province))
    for award_type in types:
        lookups.award_types.setdefault(normalise(award_type.name), award_type)
    for award_type in types:  # a code wins over a name
        lookups.award_types[normalise(award_type.code)] = award_type
    for d, t, y, person, reference in Award.objects.filter(
            department__province=province, is_withdrawn=False, year__in=years).values_list(
            "department_id", "award_type_id", "year", "person_name", "decision_reference"):
        lookups.existing[(d, t, y, normalise(person))] = reference
    return lookups
