"""Generated data for the benchmarks: one province of N blocs x M members for a year, users of each role.

Built through the domain services (so the audit trail grows as in real use), except the departments and
users, which are plain rows.
"""
import datetime
from dataclasses import dataclass

from accounts.enums import Role
from accounts.models import User
from blocs.domain import services
from blocs.enums import BlocKind, ConferenceKind, Phase
from blocs.models import Department, Province

YEAR = 2026


@dataclass(frozen=True)
class Size:
    blocs: int
    members: int

    @property
    def label(self):
        return f"{self.blocs}x{self.members}"

    def describe(self):
        return (f"1 province, {self.blocs} blocs x {self.members} members "
                f"({self.blocs * self.members} departments), year {YEAR}")


FULL = Size(blocs=15, members=12)
SMALL = Size(blocs=2, members=3)


@dataclass
class World:
    size: Size
    province: Province
    bloc_years: list
    users: dict

    @property
    def label(self):
        return self.size.label


def generate(size, *, today=None):
    """Create a province of `size`, with its departments, bloc-years, leaders, conferences and users."""
    today = today or datetime.date.today()
    label = size.label
    actor = User.objects.create_superuser(username=f"bench-admin-{label}", email="", password=None)
    province = Province.objects.create(name=f"Tỉnh Benchmark {label}", code=f"bench-{label}")
    departments = Department.objects.bulk_create(
        Department(province=province, name=f"Sở Benchmark {label} số {i + 1:03d}")
        for i in range(size.blocs * size.members))
    bloc_years = [
        _bloc_year(province=province, number=b, members=departments[b * size.members:(b + 1) * size.members],
                   actor=actor, today=today)
        for b in range(size.blocs)
    ]
    first = bloc_years[0]
    members = [m.department for m in first.memberships.order_by("pk")]
    users = {
        "superuser": actor,
        "board": _user(f"bench-board-{label}", role=Role.BOARD, province=province),
        "secretariat": _user(f"bench-secretariat-{label}", role=Role.SECRETARIAT, bloc=first.bloc,
                             department=members[0]),
        "leader": _user(f"bench-leader-{label}", role=Role.LEADER, department=members[0]),
        "officer": _user(f"bench-officer-{label}", role=Role.OFFICER, department=members[-1]),
    }
    return World(size=size, province=province, bloc_years=bloc_years, users=users)


def _bloc_year(*, province, number, members, actor, today):
    bloc = services.create_bloc(province=province, name=f"Khối thi đua Benchmark số {number + 1}",
                                kind=BlocKind.BLOC, user=actor)
    bloc_year = services.create_bloc_year(bloc=bloc, year=YEAR, user=actor)
    for department in members:
        services.add_member(bloc_year=bloc_year, department=department, user=actor)
    if len(members) >= 2:
        services.set_leadership(bloc_year=bloc_year, leader=members[0], deputy=members[1],
                                expected_version=bloc_year.version, user=actor)
        if number % 2:  # half the bloc-years have moved on to the pledge phase
            services.change_phase(bloc_year=bloc_year, phase=Phase.PLEDGE,
                                  expected_version=bloc_year.version, user=actor)
    for offset, kind in ((-30, ConferenceKind.PLEDGE_SIGNING), (20, ConferenceKind.MID_YEAR),
                         (200, ConferenceKind.YEAR_END)):
        services.save_conference(bloc_year=bloc_year, user=actor, kind=kind, host=members[0],
                                 date=today + datetime.timedelta(days=offset), place="Hội trường")
    return bloc_year


def _user(username, **fields):
    user = User(username=username, first_name="Benchmark", **fields)
    user.set_unusable_password()
    user.save()
    return user
