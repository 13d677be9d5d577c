"""Generated award data for the Board's dashboard benchmark: every bloc of a generated world gets the four
years before bench.generate.YEAR (so 5 years with the same 12 members), three award types of the province
with quotas for every bloc-year, and nominations in every state in each year, some of them overdue.

The extra years, quotas and nominations are written in bulk, as an import of past years would leave them;
the workflow itself is timed by the tests, not here. Made once per generated world, then reused.
"""
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from awards.enums import NominationStatus
from awards.models import AwardType, Nomination, Quota
from blocs.enums import Phase
from blocs.models import BlocYear, Membership

from bench.generate import YEAR

YEARS = 5
AWARD_TYPES = [("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", 1),
               ("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", 2),
               ("bang_khen_chu_tich_tinh", "Bằng khen của Chủ tịch UBND tỉnh", 3)]
# Per bloc-year: (award type index, member index, status); the submitted ones are due in the past.
PATTERN = [(0, 0, NominationStatus.APPROVED), (1, 0, NominationStatus.UNDER_REVIEW),
           (1, 1, NominationStatus.SUBMITTED), (2, 2, NominationStatus.RETURNED), (2, 3, NominationStatus.REJECTED),
           (2, 4, NominationStatus.DRAFT), (2, 5, NominationStatus.SUBMITTED)]
_CACHE = {}


@dataclass
class AwardsWorld:
    bloc_years: int
    nominations: int

    def describe(self):
        return f"{self.bloc_years} bloc-years over {YEARS} years, {self.nominations} nominations"


def awards_world(world):
    """The award data of a generated `world` (made on first use)."""
    if world.label not in _CACHE:
        with transaction.atomic():
            _CACHE[world.label] = _generate(world)
        print(f"  awards data for [{world.label}]: {_CACHE[world.label].describe()}")
    return _CACHE[world.label]


def _generate(world):
    types = [AwardType.objects.create(province=world.province, code=code, name=name, position=position)
             for code, name, position in AWARD_TYPES]
    years = list(world.bloc_years)
    for current in world.bloc_years:
        members = list(current.memberships.order_by("pk").values_list("department_id", "name_at_time"))
        for year in range(YEAR - YEARS + 1, YEAR):
            past = BlocYear.objects.create(bloc=current.bloc, year=year, phase=Phase.CLOSED,
                                           leader_id=current.leader_id, deputy_id=current.deputy_id)
            Membership.objects.bulk_create(Membership(bloc_year=past, year=year, department_id=pk, name_at_time=name)
                                           for pk, name in members)
            years.append(past)
    Quota.objects.bulk_create(Quota(bloc_year=by, award_type=t, places=1 + i) for by in years
                              for i, t in enumerate(types))
    nominations = Nomination.objects.bulk_create(_nominations(years, types))
    return AwardsWorld(bloc_years=len(years), nominations=len(nominations))


def _nominations(years, types):
    members = {}
    for by_id, department_id in Membership.objects.filter(bloc_year__in=years).order_by("pk").values_list(
            "bloc_year_id", "department_id"):
        members.setdefault(by_id, []).append(department_id)
    now = timezone.now()
    for by in years:
        units = members[by.pk]
        for type_index, member_index, status in PATTERN:
            if member_index >= len(units):
                continue
            sent = status != NominationStatus.DRAFT
            yield Nomination(bloc_year=by, award_type=types[type_index], department_id=units[member_index],
                             status=status, submitted_at=now - datetime.timedelta(days=20) if sent else None,
                             due_on=(now - datetime.timedelta(days=10)).date() if sent else None,
                             eligibility={"eligible": True, "conditions": [], "article": "Điều 26"})
