"""The demo data set (blocs/demo/blocs.yaml): provinces, departments, blocs, bloc-years and demo accounts.

Loading is idempotent: every row is looked up by its natural key first and only what is missing is
written, through the domain services, so the audit trail records the load as a system action (user None)
and a second run writes nothing at all.
"""
import datetime
from dataclasses import dataclass

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from accounts.enums import Role
from accounts.models import User
from audit.domain.services import record_event
from blocs.domain import services
from blocs.enums import BlocKind, ConferenceKind, DepartmentKind, Phase
from blocs.models import Bloc, BlocYear, Department, Province

# Longest prefix first: "Kho bạc" must not fall through to a shorter match.
KIND_PREFIXES = [
    ("Văn phòng", DepartmentKind.VAN_PHONG),
    ("Ngân hàng", DepartmentKind.NGAN_HANG),
    ("Kho bạc", DepartmentKind.KHO_BAC),
    ("Sở", DepartmentKind.SO),
    ("Ban", DepartmentKind.BAN),
    ("Cục", DepartmentKind.CUC),
]
HEAD_POSITIONS = {
    DepartmentKind.SO: "Giám đốc",
    DepartmentKind.BAN: "Trưởng ban",
    DepartmentKind.CUC: "Cục trưởng",
    DepartmentKind.KHO_BAC: "Giám đốc",
    DepartmentKind.VAN_PHONG: "Chánh Văn phòng",
    DepartmentKind.NGAN_HANG: "Giám đốc",
    DepartmentKind.OTHER: "Thủ trưởng đơn vị",
}


@dataclass(frozen=True)
class ConferencePlan:
    kind: str
    date: datetime.date | None
    host: str | None
    notes: str


@dataclass(frozen=True)
class YearPlan:
    year: int
    members: tuple[str, ...]
    leader: str | None
    deputy: str | None
    theme: str
    conferences: tuple[ConferencePlan, ...]
    # The year is created by the previous year's election (awards/demo.py), not by this loader.
    created_by_election: bool = False


@dataclass(frozen=True)
class BlocPlan:
    name: str
    source: str
    years: tuple[YearPlan, ...]


@dataclass(frozen=True)
class ProvincePlan:
    name: str
    code: str
    departments: tuple[tuple[str, bool], ...]  # (name, is_illustrative) in order of first mention
    blocs: tuple[BlocPlan, ...]

    @property
    def short_code(self):
        return self.code.replace("-", "")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str


# ---------------------------------------------------------------------------------------------- reading

def province_code(name):
    """"Nam Định" → "nam-dinh": đ has no ASCII decomposition, so slugify alone would drop it."""
    return slugify(name.replace("Đ", "D").replace("đ", "d"))


def department_kind(name):
    for prefix, kind in KIND_PREFIXES:
        if name == prefix or name.startswith(prefix + " "):
            return kind
    return DepartmentKind.OTHER


def read_plan(path=None):
    """Parse the demo file into plans; a year without a member list carries over the year before."""
    path = path or settings.DEMO_DATA_DIR / "blocs.yaml"
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return [_province_plan(entry) for entry in data["provinces"]]


def _province_plan(entry):
    departments = {}
    blocs = []
    for bloc in entry["blocs"]:
        years, previous = [], None
        for year in bloc["years"]:
            previous = _year_plan(year, previous, departments)
            years.append(previous)
        blocs.append(BlocPlan(name=bloc["name"], source=bloc.get("source", ""), years=tuple(years)))
    return ProvincePlan(name=entry["name"], code=province_code(entry["name"]),
                        departments=tuple(departments.items()), blocs=tuple(blocs))


def _year_plan(entry, previous, departments):
    if "members" in entry:
        members = []
        for member in entry["members"]:
            name, illustrative = (member["name"], bool(member.get("illustrative"))) \
                if isinstance(member, dict) else (member, False)
            departments.setdefault(name, illustrative)
            members.append(name)
    else:
        members = list(previous.members) if previous else []
    conferences = [_conference_plan(c) for c in entry.get("conferences", [])]
    if entry.get("pledge_signed"):
        conferences.append(_pledge_signing(entry["year"], entry["pledge_signed"], previous))
    return YearPlan(year=entry["year"], members=tuple(members), leader=entry.get("leader"),
                    deputy=entry.get("deputy"), theme=entry.get("theme", ""), conferences=tuple(conferences),
                    created_by_election=bool(entry.get("created_by_election")))


def _conference_plan(entry):
    return ConferencePlan(kind=entry["kind"], date=entry.get("date"), host=entry.get("host"),
                          notes=entry.get("note", ""))


def _pledge_signing(year, date, previous):
    """The pledge is often signed at the year-end conference of the year before: same day, same host."""
    same_day = next((c for c in previous.conferences if c.date == date), None) if previous else None
    notes = f"Ký kết giao ước thi đua năm {year}"
    if same_day:
        notes += f" tại Hội nghị tổng kết năm {previous.year}"
    return ConferencePlan(kind=ConferenceKind.PLEDGE_SIGNING, date=date,
                          host=same_day.host if same_day else None, notes=notes + ".")


# ---------------------------------------------------------------------------------------------- loading

def load_demo(*, path=None, password=None, before_closing=None):
    """Load the demo organisation and accounts; returns the demo accounts. Running it twice writes nothing.

    `before_closing()` runs once all of it is in place and before past years are closed: the scoring demo
    takes those years through their workflow there, since the services refuse changes to a closed year."""
    plans = read_plan(path)
    with transaction.atomic():
        for plan in plans:
            _load_province(plan)
        accounts = ensure_demo_accounts(plans=plans, password=password or settings.DEMO_PASSWORD)
        if before_closing is not None:
            before_closing()
        close_past_years(plans)
    return accounts


def _load_province(plan):
    province = Province.objects.filter(code=plan.code).first() or _create_province(plan)
    departments = {name: _ensure_department(province, name, illustrative)
                   for name, illustrative in plan.departments}
    for bloc_plan in plan.blocs:
        bloc = _ensure_bloc(province, bloc_plan)
        years = [_ensure_bloc_year(bloc, year_plan, departments) for year_plan in bloc_plan.years
                 if not year_plan.created_by_election]
        _set_phases(years)


def _create_province(plan):
    # Provinces are set up by the operators, not in the application, so there is no service for them.
    province = Province.objects.create(name=plan.name, code=plan.code)
    record_event(actor=None, event_type="province.created", obj=province,
                 new_value={"name": province.name, "code": province.code})
    return province


def _ensure_department(province, name, illustrative):
    existing = Department.objects.filter(province=province, name=name).first()
    if existing:
        return existing
    return services.save_department(province=province, user=None, name=name, kind=department_kind(name),
                                    is_illustrative=illustrative)


def _ensure_bloc(province, plan):
    bloc = Bloc.objects.filter(province=province, name=plan.name).first()
    if bloc:
        return bloc
    bloc = services.create_bloc(province=province, name=plan.name, kind=BlocKind.BLOC, user=None)
    if plan.source:
        Bloc.objects.filter(pk=bloc.pk).update(source=plan.source)
        record_event(actor=None, event_type="bloc.updated", obj=bloc, old_value={"source": ""},
                     new_value={"source": plan.source})
        bloc.source = plan.source
    return bloc


def _ensure_bloc_year(bloc, plan, departments):
    bloc_year = BlocYear.objects.filter(bloc=bloc, year=plan.year).first()
    if bloc_year is None:
        bloc_year = services.create_bloc_year(bloc=bloc, year=plan.year, user=None)
    elif bloc_year.phase == Phase.CLOSED:
        return bloc_year  # history: the services refuse changes to it, and so does the demo
    present = set(bloc_year.memberships.values_list("department_id", flat=True))
    for name in plan.members:
        if departments[name].pk not in present:
            services.add_member(bloc_year=bloc_year, department=departments[name], user=None)
    _ensure_leadership(bloc_year, plan, departments)
    _ensure_conferences(bloc_year, plan, departments)
    return bloc_year


def _ensure_leadership(bloc_year, plan, departments):
    """Set what the file states; a leader, deputy or theme it leaves out is kept as it is."""
    leader = departments[plan.leader] if plan.leader else bloc_year.leader
    deputy = departments[plan.deputy] if plan.deputy else bloc_year.deputy
    theme = plan.theme or bloc_year.theme
    if (getattr(leader, "pk", None), getattr(deputy, "pk", None), theme) == (
            bloc_year.leader_id, bloc_year.deputy_id, bloc_year.theme):
        return
    services.set_leadership(bloc_year=bloc_year, leader=leader, deputy=deputy, theme=theme,
                            expected_version=bloc_year.version, user=None)


def _ensure_conferences(bloc_year, plan, departments):
    for conference in plan.conferences:
        # date=None filters on IS NULL, so an undated conference is found again too.
        if bloc_year.conferences.filter(kind=conference.kind, date=conference.date).exists():
            continue
        services.save_conference(bloc_year=bloc_year, user=None, kind=conference.kind, date=conference.date,
                                 host=departments[conference.host] if conference.host else None,
                                 notes=conference.notes)


def _set_phases(years):
    """The latest year is in the pledge phase once it has leader and deputy (earlier ones: close_past_years)."""
    latest = years[-1]
    if latest.phase == Phase.SETUP and latest.leader_id and latest.deputy_id:
        services.change_phase(bloc_year=latest, phase=Phase.PLEDGE, expected_version=latest.version,
                              user=None)


def close_past_years(plans):
    """Earlier years of every demo bloc are history: closed, whatever phase the demo left them in."""
    for plan in plans:
        for bloc_plan in plan.blocs:
            past = [y.year for y in bloc_plan.years[:-1]]
            for bloc_year in BlocYear.objects.filter(bloc__province__code=plan.code, bloc__name=bloc_plan.name,
                                                     year__in=past).exclude(phase=Phase.CLOSED).order_by("year"):
                _close_past_year(bloc_year)


def _close_past_year(bloc_year):
    # change_phase steps one phase at a time and needs a deputy for the pledge step, which the reports do
    # not always name for past years; a finished year (or one the scoring demo left in its ranking phase,
    # until the voting and nomination workflow exists) is recorded as closed in one audited step instead.
    with transaction.atomic():
        current = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        BlocYear.objects.filter(pk=current.pk).update(phase=Phase.CLOSED, version=current.version + 1)
        record_event(actor=None, event_type="bloc_year.phase_changed", obj=current,
                     old_value={"phase": current.phase},
                     new_value={"phase": Phase.CLOSED, "reason": "demo: past year"})
    bloc_year.refresh_from_db()


# --------------------------------------------------------------------------------------------- accounts

@dataclass(frozen=True)
class _AccountSpec:
    username: str
    role: str
    first_name: str
    last_name: str
    position: str = ""
    province: Province | None = None
    department: Department | None = None
    bloc: Bloc | None = None
    is_superuser: bool = False

    def unit(self):
        if self.is_superuser:
            return "Toàn hệ thống"
        if self.role == Role.BOARD:
            return f"Tỉnh {self.province.name}"
        unit = f"{self.department.name}, {self.department.province.name}"
        return f"{self.bloc.name} – {unit}" if self.bloc else unit


def ensure_demo_accounts(*, plans, password):
    """A superuser, and per province one account of each role; existing accounts are left untouched."""
    specs = [_AccountSpec(username="admin", role="", first_name="Quản trị", last_name="hệ thống",
                          is_superuser=True)]
    for plan in plans:
        specs.extend(_province_accounts(plan))
    # One hash for all: the demo password is public, and hashing it 26 times would slow `make run`.
    encoded = make_password(password)
    for spec in specs:
        _ensure_user(spec, encoded)
    return [DemoAccount(username=s.username, role=_role_label(s), unit=s.unit()) for s in specs]


def _province_accounts(plan):
    province = Province.objects.get(code=plan.code)
    code = plan.short_code
    specs = [_AccountSpec(username=f"ban.{code}", role=Role.BOARD, first_name="Cán bộ Ban TĐKT",
                          last_name=province.name, position="Chuyên viên", province=province)]
    bloc = Bloc.objects.get(province=province, name=plan.blocs[0].name)
    latest = bloc.years.order_by("-year").select_related("leader", "deputy").first()
    leader, other = _leader_and_other(latest, plan.blocs[0].years[-1], province)
    if leader is None:
        return specs
    where = f"{leader.name} {province.name}"
    specs += [
        _AccountSpec(username=f"thuky.{code}", role=Role.SECRETARIAT, first_name="Thư ký khối",
                     last_name=province.name, position="Thư ký khối", department=leader, bloc=bloc),
        _AccountSpec(username=f"lanhdao.{code}", role=Role.LEADER, first_name=HEAD_POSITIONS[leader.kind],
                     last_name=where, position=HEAD_POSITIONS[leader.kind], department=leader),
        _AccountSpec(username=f"canbo.{code}", role=Role.OFFICER, first_name="Cán bộ TĐKT",
                     last_name=where, position="Chuyên viên phụ trách TĐKT", department=leader),
    ]
    if other is not None:
        specs.append(_AccountSpec(username=f"canbo2.{code}", role=Role.OFFICER, first_name="Cán bộ TĐKT",
                                  last_name=f"{other.name} {province.name}",
                                  position="Chuyên viên phụ trách TĐKT", department=other))
    return specs


def _leader_and_other(bloc_year, plan, province):
    """The leader department of the file's latest year (which an election may create only later), and a
    plain member (neither leader nor deputy, named in the report) in the file's order, else the deputy."""
    by_plan = {d.name: d for d in Department.objects.filter(province=province, name__in=[plan.leader, plan.deputy])}
    leader = by_plan.get(plan.leader) or (bloc_year.leader if bloc_year else None)
    deputy = by_plan.get(plan.deputy) or (bloc_year.deputy if bloc_year else None)
    if bloc_year is None or leader is None:
        return None, None
    by_name = {d.name: d for d in Department.objects.filter(memberships__bloc_year=bloc_year)}
    plain = [by_name[n] for n in plan.members
             if n in by_name and by_name[n].pk not in (leader.pk, getattr(deputy, "pk", None))]
    named = [d for d in plain if not d.is_illustrative]
    return leader, (named or plain or [deputy])[0]


def _ensure_user(spec, encoded_password):
    if User.objects.filter(username=spec.username).exists():
        return
    user = User.objects.create(
        username=spec.username, password=encoded_password, first_name=spec.first_name,
        last_name=spec.last_name, position=spec.position, role=spec.role, province=spec.province,
        department=spec.department, bloc=spec.bloc, is_superuser=spec.is_superuser,
        is_staff=spec.is_superuser)
    record_event(actor=None, event_type="user.created", obj=user, new_value={
        "username": user.username, "role": user.role, "province": user.province_id,
        "department": user.department_id, "bloc": user.bloc_id, "is_superuser": user.is_superuser})


def _role_label(spec):
    if spec.is_superuser:
        return "Quản trị hệ thống (superuser)"
    return f"{Role(spec.role).label} ({spec.role})"
