"""Generated award history for the statistics benchmarks: every bloc of a generated world gets the ten years
YEAR-10 … YEAR-1 with the same members (the four latest from bench/generate_awards.py, the six before made
here), the third member of each bloc under a predecessor's name until YEAR-7 (a rename), five award types,
and awards in each of the ten years: the unit's excellence title most years, the leader's provincial flag, the
deputy's certificate, one person's title, every other year a Government flag; some withdrawn.

Written in bulk, as an import of past years would leave them; made once per generated world, then reused.
`import_rows` gives the 5,000 rows of a history file for the import benchmark (years before the history).
"""
import datetime
from dataclasses import dataclass

from django.db import transaction

from awards.enums import AwardSource, Recipient
from awards.models import Award, AwardType
from bench.generate import YEAR
from bench.generate_awards import awards_world
from blocs.enums import Phase, SuccessionKind
from blocs.models import BlocYear, Department, Membership

YEARS = 10
FIRST_YEAR = YEAR - YEARS
RENAMED_UNTIL = YEAR - 7
EXTRA_TYPES = [("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", 4, Recipient.COLLECTIVE),
               ("chien_si_thi_dua_tinh", "Chiến sĩ thi đua cấp tỉnh", 5, Recipient.INDIVIDUAL)]
_CACHE = {}


@dataclass
class HistoryWorld:
    awards: int
    withdrawn: int
    departments: list  # the current units, in bloc order

    def describe(self):
        return f"{self.awards} awards over {YEARS} years ({FIRST_YEAR}–{YEAR - 1}), {self.withdrawn} withdrawn"


def history_world(world):
    """The award history of a generated `world` (made on first use)."""
    if world.label not in _CACHE:
        awards_world(world)
        with transaction.atomic():
            _CACHE[world.label] = _generate(world)
        print(f"  award history for [{world.label}]: {_CACHE[world.label].describe()}")
    return _CACHE[world.label]


def _generate(world):
    province = world.province
    for code, name, position, recipient in EXTRA_TYPES:
        AwardType.objects.get_or_create(province=province, code=code,
                                        defaults={"name": name, "position": position, "recipient": recipient})
    types = {t.code: t for t in AwardType.objects.filter(province=province)}
    blocs = []
    for current in world.bloc_years:
        members = list(current.memberships.order_by("pk").values_list("department_id", "name_at_time"))
        blocs.append((current, _with_predecessor(province, members)))
    _past_years(blocs)
    awards = list(_awards(blocs, types))
    Award.objects.bulk_create(awards, batch_size=2000)
    departments = [member[0] for _by, members in blocs for member in members]
    return HistoryWorld(awards=len(awards), withdrawn=sum(a.is_withdrawn for a in awards), departments=departments)


def _with_predecessor(province, members):
    """The members, the third one given a predecessor (renamed into it on 1 January RENAMED_UNTIL + 1)."""
    if len(members) < 3:
        return members
    pk, name = members[2]
    old = Department.objects.create(province=province, name=f"{name} (tên cũ)", successor_id=pk,
                                    succession_kind=SuccessionKind.RENAMED,
                                    dissolved_on=datetime.date(RENAMED_UNTIL + 1, 1, 1))
    members = list(members)
    members[2] = (pk, name, old.pk, old.name)
    return members


def _unit(member, year):
    """(department id, name) of a member in a year: the predecessor before the rename."""
    if len(member) == 4 and year <= RENAMED_UNTIL:
        return member[2], member[3]
    return member[0], member[1]


def _past_years(blocs):
    existing = set(BlocYear.objects.filter(bloc__in=[by.bloc_id for by, _m in blocs]).values_list("bloc_id", "year"))
    for current, members in blocs:
        for year in range(FIRST_YEAR, YEAR):
            if (current.bloc_id, year) in existing:
                continue
            past = BlocYear.objects.create(bloc_id=current.bloc_id, year=year, phase=Phase.CLOSED,
                                           leader_id=current.leader_id, deputy_id=current.deputy_id)
            Membership.objects.bulk_create(Membership(bloc_year=past, year=year, department_id=_unit(m, year)[0],
                                                      name_at_time=_unit(m, year)[1]) for m in members)


def _awards(blocs, types):
    for number, (_current, members) in enumerate(blocs):
        for year in range(FIRST_YEAR, YEAR):
            for index, member in enumerate(members):
                unit = _unit(member, year)[0]
                reference, decided = f"{number + 1}{index:02d}/QĐ-UBND", datetime.date(year + 1, 1, 20)

                def award(code, person="", withdrawn=False):
                    return Award(department_id=unit, award_type=types[code], year=year, source=AwardSource.IMPORTED,
                                 decision_reference=reference, decided_on=decided, person_name=person,
                                 is_withdrawn=withdrawn)

                if (index + year) % 3:
                    yield award("tap_the_lao_dong_xuat_sac", withdrawn=(index + year) % 17 == 0)
                if index == 0:
                    yield award("co_thi_dua_tinh")
                    if year % 2:
                        yield award("co_thi_dua_chinh_phu")
                if index == 1:
                    yield award("bang_khen_chu_tich_tinh")
                if index % 4 == 3:
                    yield award("chien_si_thi_dua_tinh", person=f"Cán bộ {number + 1}.{index + 1}")


def import_rows(world, count=5000):
    """`count` rows (year, unit name, award type code, person, decision, date) of years before the history."""
    names = list(Department.objects.filter(pk__in=history_world(world).departments).order_by("pk")
                 .values_list("name", flat=True))
    rows, year = [], FIRST_YEAR - 1
    while len(rows) < count:
        for name in names[:count - len(rows)]:
            rows.append((year, name, "co_thi_dua_tinh", None, f"{year}/QĐ-UBND", datetime.date(year + 1, 1, 15)))
        year -= 1
    return rows
