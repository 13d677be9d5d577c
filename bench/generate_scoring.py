"""Generated scoring data for the benchmarks: a bloc of M members in the scoring phase, its frozen scale of
C scored criteria, an open year-end round (k = 1 inspector per member, the default) and every cell of every sheet filled.

The bloc, its members, phases and the round go through the domain services (so the audit trail grows as in
real use); the scale's rows and the filled cells are written in bulk, as an Excel import of a whole year
would leave them. One scoring bloc is made per generated world, in that world's province.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.enums import Role
from blocs.domain import services
from blocs.enums import BlocKind, Phase
from blocs.models import Department
from scoring.domain.rounds import open_round
from scoring.enums import CriterionKind, RoundKind, ScaleStatus, SheetKind
from scoring.models import Criterion, ScoreEntry, ScoreSheet, ScoringScale, ScoringSettings

from bench.generate import YEAR, _user

# Scoring bloc per generated world: the full world gets the 15 members x 60 criteria.
SIZES = {"15x12": (15, 60), "2x3": (3, 10)}
INSPECTORS_PER_MEMBER = 1
GROUP_SIZE = 10
_CACHE = {}


@dataclass
class ScoringWorld:
    members: int
    criteria: int
    round: object
    sheet: object  # a cross sheet, filled by `officer`'s unit
    leaf: object  # a normal criterion of `sheet` (max 2 points), the cell the save cases write
    officer: object
    secretariat: object

    def describe(self):
        return f"bloc of {self.members} members x {self.criteria} criteria, k={INSPECTORS_PER_MEMBER}"


def scoring_world(world):
    """The scoring bloc of a generated `world` (made on first use, then reused by every scoring case)."""
    if world.label not in _CACHE:
        members, criteria = SIZES[world.label]
        with transaction.atomic():
            _CACHE[world.label] = _generate(world, members=members, criteria=criteria)
        print(f"  scoring data for [{world.label}]: {_CACHE[world.label].describe()}")
    return _CACHE[world.label]


def _generate(world, *, members, criteria):
    actor, label = world.users["superuser"], f"{members}x{criteria}"
    departments = Department.objects.bulk_create(
        Department(province=world.province, name=f"Sở Chấm điểm {label} số {i + 1:02d}") for i in range(members))
    bloc = services.create_bloc(province=world.province, name=f"Khối thi đua chấm điểm {label}",
                                kind=BlocKind.BLOC, user=actor)
    bloc_year = services.create_bloc_year(bloc=bloc, year=YEAR, user=actor)
    for department in departments:
        services.add_member(bloc_year=bloc_year, department=department, user=actor)
    services.set_leadership(bloc_year=bloc_year, leader=departments[0], deputy=departments[1],
                            expected_version=bloc_year.version, user=actor)
    for phase in (Phase.PLEDGE, Phase.MID_YEAR_REVIEW, Phase.SCORING):
        services.change_phase(bloc_year=bloc_year, phase=phase, expected_version=bloc_year.version, user=actor)
    leaves = _scale(bloc_year, criteria)
    ScoringSettings.objects.update_or_create(province=world.province,
                                             defaults={"inspectors_per_member": INSPECTORS_PER_MEMBER})
    secretariat = _user(f"bench-scoring-secretariat-{label}", role=Role.SECRETARIAT, bloc=bloc,
                        department=departments[0])
    round_ = open_round(bloc_year=bloc_year, kind=RoundKind.YEAR_END, user=secretariat, seed=1)
    _fill(round_, leaves, secretariat)
    sheet = ScoreSheet.objects.filter(round=round_, kind=SheetKind.CROSS).order_by("pk").first()
    officer = _user(f"bench-scoring-officer-{label}", role=Role.OFFICER, department=sheet.scorer)
    leaf = next(c for c in leaves if c.kind == CriterionKind.NORMAL)
    return ScoringWorld(members=members, criteria=criteria, round=round_, sheet=sheet, leaf=leaf, officer=officer,
                        secretariat=secretariat)


def _scale(bloc_year, criteria):
    """Groups of ten criteria worth 2 points each; the last group is bonus (2 criteria) and penalty (2)."""
    normal = criteria - 4
    scale = ScoringScale.objects.create(bloc_year=bloc_year, name="Thang điểm benchmark", total=Decimal(2 * normal),
                                        bonus_cap=Decimal("4"), status=ScaleStatus.FROZEN)
    groups, position = [], 0
    for number in range((normal + GROUP_SIZE - 1) // GROUP_SIZE):
        groups.append(Criterion(scale=scale, code=f"{number + 1}", title=f"Nhóm tiêu chí {number + 1}",
                                position=position))
        position += 1
    groups.append(Criterion(scale=scale, code="T", title="Điểm thưởng", kind=CriterionKind.BONUS, position=position))
    groups.append(Criterion(scale=scale, code="TR", title="Điểm trừ", kind=CriterionKind.PENALTY,
                            position=position + 1))
    Criterion.objects.bulk_create(groups)
    leaves = []
    for i in range(normal):
        group = groups[i // GROUP_SIZE]
        leaves.append(Criterion(scale=scale, parent=group, code=f"{group.code}.{i % GROUP_SIZE + 1}",
                                title=f"Tiêu chí {i + 1}", guidance="Chấm theo báo cáo và biên bản kiểm tra.",
                                max_points=Decimal("2"), position=100 + i, evidence_required=i % 7 == 0))
    for i, (group, kind) in enumerate(((groups[-2], CriterionKind.BONUS),) * 2 + ((groups[-1], CriterionKind.PENALTY),) * 2):
        leaves.append(Criterion(scale=scale, parent=group, code=f"{group.code}.{i % 2 + 1}", title=f"{group.title} {i}",
                                kind=kind, max_points=Decimal("2"), position=1000 + i))
    return Criterion.objects.bulk_create(leaves)


def _fill(round_, leaves, user):
    """Every cell of every sheet: full points mostly, a deduction with its reason now and then."""
    entries = []
    for sheet in ScoreSheet.objects.filter(round=round_):
        for n, leaf in enumerate(leaves):
            deduct = (sheet.pk + n) % 5 == 0
            if leaf.kind == CriterionKind.PENALTY:
                points = Decimal("-1") if deduct else Decimal("0")
            else:
                points = Decimal("1.5") if deduct else leaf.max_points
            entries.append(ScoreEntry(sheet=sheet, criterion=leaf, points=points, version=1, updated_by=user,
                                      comment="Thiếu hồ sơ minh chứng" if deduct else ""))
    ScoreEntry.objects.bulk_create(entries, batch_size=2000)
