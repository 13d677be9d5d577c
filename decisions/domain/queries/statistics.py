"""Counts of a province's live awards by type, bloc, department and year, and the rows of its export.

Withdrawn awards never count. An award's bloc is the bloc its unit was a member of in the award's year
(blocs.Membership, one bloc per unit and year); an award of a year in which the unit was in no bloc counts
under "no bloc". Everything is read in a constant number of queries: one grouped count, then the names.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Subquery

from awards.models import Award, AwardType
from blocs.models import Bloc, Department, Membership


@dataclass(frozen=True)
class StatisticsFilters:
    province: object  # blocs.Province
    year_from: int | None = None
    year_to: int | None = None
    award_type: object = None  # awards.AwardType or None
    bloc: object = None  # blocs.Bloc or None

    def as_json(self):
        return {"year_from": self.year_from, "year_to": self.year_to,
                "award_type": self.award_type.code if self.award_type else None,
                "bloc": self.bloc.pk if self.bloc else None}


@dataclass(frozen=True)
class Line:
    """One row of a table: what it counts (an award type, bloc, department or year), the total, and the count
    of each of the province's award types in the statistics' order."""

    key: object
    label: str
    total: int
    by_type: list


@dataclass
class Statistics:
    filters: StatisticsFilters
    award_types: list  # the province's award types, in their order
    total: int = 0
    by_type: list = field(default_factory=list)  # [(AwardType, count)]
    by_year: list = field(default_factory=list)  # [Line] oldest first
    by_bloc: list = field(default_factory=list)  # [Line] most awards first; key None: no bloc that year
    by_department: list = field(default_factory=list)  # [Line] most awards first


def _bloc_that_year():
    return Subquery(Membership.objects.filter(department_id=OuterRef("department_id"), year=OuterRef("year"))
                    .values("bloc_year__bloc_id")[:1])


def live_awards(filters):
    """The province's live awards within the filters."""
    awards = Award.objects.filter(department__province=filters.province, is_withdrawn=False)
    if filters.year_from is not None:
        awards = awards.filter(year__gte=filters.year_from)
    if filters.year_to is not None:
        awards = awards.filter(year__lte=filters.year_to)
    if filters.award_type is not None:
        awards = awards.filter(award_type=filters.award_type)
    if filters.bloc is not None:
        awards = awards.filter(Exists(Membership.objects.filter(
            department_id=OuterRef("department_id"), year=OuterRef("year"), bloc_year__bloc=filters.bloc)))
    return awards


def award_statistics(filters):
    """The counts of `filters` (four queries whatever the number of awards)."""
    types = list(AwardType.objects.filter(province=filters.province).order_by("position", "name"))
    stats = Statistics(filters=filters, award_types=types)
    groups = (live_awards(filters).annotate(bloc_id=_bloc_that_year())
              .values_list("year", "award_type_id", "department_id", "bloc_id").annotate(n=Count("pk")).order_by())
    column = {t.pk: index for index, t in enumerate(types)}
    years, blocs, departments = {}, {}, {}
    for year, type_id, department_id, bloc_id, n in groups:
        for table, key in ((years, year), (blocs, bloc_id), (departments, department_id)):
            table.setdefault(key, [0] * len(types))[column[type_id]] += n
    bloc_names = dict(Bloc.objects.filter(pk__in=[b for b in blocs if b is not None]).values_list("pk", "name"))
    units = {d.pk: d for d in Department.objects.filter(pk__in=list(departments)).select_related("successor")}
    stats.by_type = [(t, sum(row[i] for row in years.values())) for i, t in enumerate(types)]
    stats.total = sum(n for _t, n in stats.by_type)
    stats.by_year = [Line(year, str(year), sum(row), row) for year, row in sorted(years.items())]
    stats.by_bloc = _ranked([Line(pk, bloc_names.get(pk, ""), sum(row), row) for pk, row in blocs.items()])
    stats.by_department = _ranked([Line(units[pk], units[pk].name, sum(row), row) for pk, row in departments.items()])
    return stats


def _ranked(lines):
    """Most awards first, then by name; the "no bloc" line (key None) last."""
    return sorted(lines, key=lambda line: (line.key is None, -line.total, line.label))


def available_years(*, province):
    """The years the province has live awards for, latest first."""
    return list(Award.objects.filter(department__province=province, is_withdrawn=False)
                .values_list("year", flat=True).distinct().order_by("-year"))


# --- the national export --------------------------------------------------------------------------------


EXPORT_COLUMNS = ("pk", "year", "award_type__code", "award_type__name", "person_name", "department_id",
                  "department__name", "decision_reference", "decided_on", "source")


def export_awards(filters):
    """The province's live awards within the filters in the export's order, as dicts of EXPORT_COLUMNS, with the
    names of their time: (awards, {(department id, year): (name that year, bloc name)}, {id: unit today})."""
    awards = list(live_awards(filters).order_by("year", "award_type__code", "department__name", "person_name", "pk")
                  .values(*EXPORT_COLUMNS))
    memberships = {(d, y): (name, bloc) for d, y, name, bloc in Membership.objects.filter(
        department__province=filters.province).values_list("department_id", "year", "name_at_time",
                                                             "bloc_year__bloc__name")}
    units = Department.objects.filter(province=filters.province).values_list("pk", "successor_id", "name")
    successors, names = {}, {}
    for pk, successor_id, name in units:
        successors[pk], names[pk] = successor_id, name
    return awards, memberships, {pk: _today(pk, successors, names) for pk in {a["department_id"] for a in awards}}


def _today(pk, successors, names):
    """The unit that continues `pk` today: the end of its successor chain (guarded against a loop)."""
    seen = {pk}
    while successors.get(pk) and successors[pk] not in seen:
        pk = successors[pk]
        seen.add(pk)
    return pk, names[pk]
