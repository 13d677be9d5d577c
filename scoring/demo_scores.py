"""Scores for the demo's completed years, taken through the real workflow so the audit trail tells it:
leadership → pledge phase → pledge drafted, opened, every member's targets and its leader's signature (the
scale freezes) → mid-year review → scoring: year-end round opened, self and cross sheets filled cell by cell
with evidence, submitted, round closed → ranking phase: ranking computed, round finalised. blocs/domain/
demo.py then closes the year, as it closes every past year.

A completed year is scored when blocs/demo/blocs.yaml reports its order: a `ranking`, or `nominations`
naming their units (the Government flag goes to the bloc's leading unit, then the provincial flag, then
certificates of merit). Nam Định 2022 names only counts, so it gets no scores: they would be invented.

Each step looks first at what exists, so a second load writes nothing. Audit actors: the system (None),
except the signatures and evidence files, which need a person: the department's leader account.
"""
import functools
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count

from accounts.enums import Role
from accounts.models import User
from audit.domain.services import record_event
from blocs.domain import services as bloc_services
from blocs.domain.demo import HEAD_POSITIONS, read_plan
from blocs.enums import PHASE_ORDER, ConferenceKind, Phase
from blocs.models import BlocYear, Department
from scoring.demo_points import ZERO, Leaf, member_targets, rng_for, sheet_cells
from scoring.domain.evidence import add_evidence
from scoring.domain.pledges import open_pledge_for_signing, register_targets, save_pledge, sign_pledge
from scoring.domain.ranking import compute_ranking
from scoring.domain.rounds import close_round, finalise_round, open_round
from scoring.domain.sheets import save_score, submit_sheet
from scoring.enums import CriterionKind, PledgeStatus, RoundKind, RoundStatus, SheetKind, SheetStatus
from scoring.models import (Criterion, Pledge, PledgeSignature, Ranking, ScoreSheet, ScoringRound,
                            TargetRegistration)

# A placeholder evidence document (A4, Vietnamese, "dữ liệu mẫu"), rendered once with WeasyPrint.
EVIDENCE_PDF = Path(__file__).with_name("demo_evidence.pdf")
AWARD_ORDER = ["co_thi_dua_chinh_phu", "co_thi_dua_tinh", "bang_khen_chu_tich_tinh"]

# Where the reports leave out a fact that the pledge workflow needs (leader and deputy), the demo makes a
# choice, says so in the bloc-year's notes and labels it illustrative. The usual rotation makes a deputy
# the next year's leader, which is why these deputies are the units the reports name as next leaders.
ILLUSTRATIVE_LEADERSHIP = {
    ("quang-nam", 2016): {"deputy": "Sở Tài nguyên và Môi trường"},
    ("quang-ngai", 2017): {"leader": "Văn phòng HĐND tỉnh", "deputy": "Ban Dân tộc tỉnh"},
}
ROLE_WORDS = {"leader": "Khối trưởng", "deputy": "Khối phó"}


@dataclass(frozen=True)
class ScoredYear:
    province_code: str
    short_code: str
    bloc: str
    year: int
    order: tuple  # department names in the reported order (the rest rank after them)
    departments: tuple  # the province's department names in the demo file's order (account numbers)


def load_scores(*, stdout=None):
    """Score every completed demo year whose report gives an order; returns the leader accounts created."""
    created_accounts = []
    # One hash for every new account, and none when nothing is created: hashing is slow by design.
    password = functools.cache(lambda: make_password(settings.DEMO_PASSWORD))
    with transaction.atomic():
        for target in scored_years():
            bloc_year = BlocYear.objects.filter(bloc__province__code=target.province_code,
                                                bloc__name=target.bloc, year=target.year).first()
            if bloc_year is None or bloc_year.phase == Phase.CLOSED:
                # Closed years are history: the services refuse them, and so does the demo.
                _say_if_unscored(bloc_year, stdout)
                continue
            leaders, created = leader_accounts(bloc_year=bloc_year, target=target, password=password)
            created_accounts += created
            score_year(bloc_year=bloc_year, target=target, leaders=leaders)
    if stdout is not None and created_accounts:
        stdout.write("Tài khoản thủ trưởng đơn vị (ký giao ước các năm đã chấm điểm; mật khẩu mẫu như dưới): "
                     + ", ".join(created_accounts) + ".")
    return created_accounts


def _say_if_unscored(bloc_year, stdout):
    if stdout is not None and bloc_year is not None and not ScoringRound.objects.filter(bloc_year=bloc_year).exists():
        stdout.write(f"{bloc_year} đã kết thúc trước khi có điểm mẫu (dữ liệu mẫu cũ); tạo lại cơ sở dữ liệu "
                     f"để có điểm mẫu cho năm này.")


def scored_years(path=None):
    """The completed years of the demo file whose report gives the members' order."""
    path = path or settings.DEMO_DATA_DIR / "blocs.yaml"
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    plans = {p.name: p for p in read_plan(path)}
    years = []
    for province in raw["provinces"]:
        plan = plans[province["name"]]
        for bloc in province["blocs"]:
            for entry in bloc["years"][:-1]:
                order = reported_order(entry)
                if order:
                    years.append(ScoredYear(province_code=plan.code, short_code=plan.short_code, bloc=bloc["name"],
                                            year=entry["year"], order=order,
                                            departments=tuple(name for name, _ in plan.departments)))
    return years


def reported_order(entry):
    """A year's `ranking`, else the units of its `nominations` by the rank of their award."""
    if entry.get("ranking"):
        return tuple(entry["ranking"])
    named = [n for n in entry.get("nominations", []) if n.get("unit") and n.get("award") in AWARD_ORDER]
    named.sort(key=lambda n: AWARD_ORDER.index(n["award"]))  # stable: the file's order within an award
    return tuple(dict.fromkeys(n["unit"] for n in named))


# ---------------------------------------------------------------------------------------------- accounts

def leader_accounts(*, bloc_year, target, password):
    """Each member's leader account: an existing active one, else `lanhdao.<province>.<n>` (n: the unit's
    place in the demo file) with the demo password (`password()` gives its hash). Returns
    ({department id: user}, [new usernames])."""
    members = list(Department.objects.filter(memberships__bloc_year=bloc_year).order_by("pk"))
    leaders = {}
    for user in User.objects.filter(role=Role.LEADER, is_active=True, department__in=members).order_by("username"):
        leaders.setdefault(user.department_id, user)
    missing = [d for d in members if d.pk not in leaders]
    for department in missing:
        username = f"lanhdao.{target.short_code}.{target.departments.index(department.name) + 1}"
        leaders[department.pk] = _create_leader(username, department, password())
    return leaders, [leaders[d.pk].username for d in missing]


def _create_leader(username, department, encoded_password):
    position = HEAD_POSITIONS[department.kind]
    user = User.objects.create(username=username, password=encoded_password, first_name=position,
                               last_name=f"{department.name} {department.province.name}", position=position,
                               role=Role.LEADER, department=department)
    record_event(actor=None, event_type="user.created", obj=user, new_value={
        "username": user.username, "role": user.role, "province": None, "department": department.pk,
        "bloc": None, "is_superuser": False})
    return user


# -------------------------------------------------------------------------------------------- the year

def score_year(*, bloc_year, target, leaders):
    """Take one completed year from its set-up to a finalised year-end ranking in the reported order."""
    _complete_leadership(bloc_year, target)
    _advance(bloc_year, Phase.PLEDGE)
    _sign_pledge(bloc_year, leaders)
    _advance(bloc_year, Phase.SCORING)
    round_ = _year_end_round(bloc_year, target)
    if round_.status == RoundStatus.OPEN:
        _fill_sheets(round_, target, leaders)
        round_ = close_round(round=round_, user=None)
    _advance(bloc_year, Phase.RANKING)
    if round_.status == RoundStatus.CLOSED:
        if not Ranking.objects.filter(round=round_).exists():
            compute_ranking(round=round_, user=None)
        _check_order(round_, target)
        finalise_round(round=round_, user=None)


def _complete_leadership(bloc_year, target):
    """Set the illustrative leader or deputy the workflow needs and the report does not name, with a note."""
    chosen = ILLUSTRATIVE_LEADERSHIP.get((target.province_code, target.year), {})
    missing = {role: name for role, name in chosen.items() if getattr(bloc_year, f"{role}_id") is None}
    if not missing:
        return
    by_name = {d.name: d for d in Department.objects.filter(memberships__bloc_year=bloc_year)}
    choice = "; ".join(f"{ROLE_WORDS[role]}: {name}" for role, name in missing.items())
    _add_note(bloc_year, f"{choice} — dữ liệu minh họa, bản tin không nêu (chọn để chạy quy trình ký giao ước "
                         f"và chấm điểm mẫu; theo lệ luân phiên, khối phó thường được bầu làm khối trưởng năm sau).")
    leader = by_name[missing["leader"]] if "leader" in missing else bloc_year.leader
    deputy = by_name[missing["deputy"]] if "deputy" in missing else bloc_year.deputy
    bloc_services.set_leadership(bloc_year=bloc_year, leader=leader, deputy=deputy,
                                 expected_version=bloc_year.version, user=None)


def _add_note(bloc_year, text):
    # BlocYear.notes has no service of its own (nothing else writes it yet): one audited system update.
    with transaction.atomic():
        current = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        notes = f"{current.notes}\n{text}".strip()
        BlocYear.objects.filter(pk=current.pk).update(notes=notes, version=current.version + 1)
        record_event(actor=None, event_type="bloc_year.notes_changed", obj=current,
                     old_value={"notes": current.notes}, new_value={"notes": notes})
    bloc_year.refresh_from_db()


def _advance(bloc_year, phase):
    """Step forward one phase at a time (change_phase refuses skips) until `phase` is reached."""
    while PHASE_ORDER.index(bloc_year.phase) < PHASE_ORDER.index(phase):
        following = PHASE_ORDER[PHASE_ORDER.index(bloc_year.phase) + 1]
        bloc_services.change_phase(bloc_year=bloc_year, phase=following, expected_version=bloc_year.version,
                                   user=None)


# ------------------------------------------------------------------------------------------- the pledge

def _sign_pledge(bloc_year, leaders):
    pledge = Pledge.objects.filter(bloc_year=bloc_year).first()
    if pledge is None:
        conference = bloc_year.conferences.filter(kind=ConferenceKind.PLEDGE_SIGNING).first()
        pledge = save_pledge(bloc_year=bloc_year, theme=bloc_year.theme, contents=_pledge_contents(bloc_year),
                             conference=conference, expected_version=0, user=None)
    if pledge.status == PledgeStatus.DRAFT:
        pledge = open_pledge_for_signing(pledge=pledge, user=None)
    registered = set(TargetRegistration.objects.filter(pledge=pledge).values_list("department_id", flat=True))
    signed = set(PledgeSignature.objects.filter(pledge=pledge).values_list("department_id", flat=True))
    for membership in bloc_year.memberships.select_related("department").order_by("pk"):
        department = membership.department
        if department.pk not in registered:
            register_targets(pledge=pledge, department=department, targets=_targets(bloc_year.year),
                             expected_version=0, user=None)
        if department.pk not in signed:
            sign_pledge(pledge=pledge, department=department, user=leaders[department.pk])


def _pledge_contents(bloc_year):
    year = bloc_year.year
    return (f"Nội dung minh họa (dữ liệu mẫu: bản tin không đăng toàn văn giao ước).\n"
            f"Các đơn vị thành viên {bloc_year.bloc.name} giao ước thi đua năm {year}:\n"
            f"1. Hoàn thành toàn diện các chỉ tiêu, nhiệm vụ chính trị, chuyên môn được giao năm {year}.\n"
            f"2. Tổ chức tốt các phong trào thi đua, phát hiện và nhân rộng điển hình tiên tiến.\n"
            f"3. Đẩy mạnh cải cách hành chính; giữ nghiêm kỷ luật, kỷ cương hành chính.\n"
            f"4. Xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh.\n"
            f"5. Chấm điểm, kiểm tra chéo theo thang điểm 100 của Khối; tổng kết vào cuối năm.")


def _targets(year):
    return (f"Chỉ tiêu minh họa (dữ liệu mẫu): hoàn thành 100% nhiệm vụ kế hoạch năm {year}; không có hồ sơ "
            f"thủ tục hành chính trễ hạn; ít nhất một mô hình mới hoặc sáng kiến; tổ chức Đảng đạt trong sạch, "
            f"vững mạnh; tham gia đầy đủ các hoạt động của Khối.")


# ------------------------------------------------------------------------------------------- the round

def _year_end_round(bloc_year, target):
    round_ = ScoringRound.objects.filter(bloc_year=bloc_year, kind=RoundKind.YEAR_END).first()
    if round_ is not None and round_.status != RoundStatus.DRAFT:
        return round_
    seed = zlib.crc32(f"{target.province_code}:{target.bloc}:{target.year}".encode())
    return open_round(bloc_year=bloc_year, kind=RoundKind.YEAR_END, user=None, seed=seed)


def _fill_sheets(round_, target, leaders):
    """Every draft sheet: its cells through save_score, an evidence file wherever the criterion needs one,
    then submitted."""
    leaves = list(Criterion.objects.filter(scale__bloc_year_id=round_.bloc_year_id, children__isnull=True)
                  .order_by("position", "id"))
    shape = [Leaf(code=c.code, kind=c.kind, max_points=c.max_points) for c in leaves]
    by_code = {c.code: c for c in leaves}
    full = sum((c.max_points for c in leaves if c.kind == CriterionKind.NORMAL), ZERO)
    members = Department.objects.filter(memberships__bloc_year_id=round_.bloc_year_id)
    names = dict(members.values_list("pk", "name"))
    # After the reported order: the units the report names, then those it only counts (illustrative).
    others = [[d.name for d in members if d.name not in target.order and d.is_illustrative == flag]
              for flag in (False, True)]
    targets = member_targets(ranked=target.order, others=others, full=full,
                             rng=rng_for(target.province_code, target.bloc, target.year, "totals"))
    evidence = EVIDENCE_PDF.read_bytes()
    for sheet in ScoreSheet.objects.filter(round=round_, status=SheetStatus.DRAFT).order_by("kind", "pk"):
        goal = targets[names[sheet.scored_id]]
        is_self = sheet.kind == SheetKind.SELF
        # A self-assessment leaves out the unit's own late report; the inspectors do not.
        cells = sheet_cells(leaves=shape, total=goal.self_total if is_self else goal.cross, bonus=goal.bonus,
                            penalty=ZERO if is_self else goal.penalty,
                            rng=rng_for(target.province_code, target.year, sheet.kind, names[sheet.scorer_id],
                                        names[sheet.scored_id]))
        _fill_sheet(sheet, cells, by_code, uploader=leaders[sheet.scorer_id], evidence=evidence)
        submit_sheet(sheet=sheet, user=None)


def _fill_sheet(sheet, cells, criteria, *, uploader, evidence):
    entries = {e.criterion_id: e for e in sheet.entries.annotate(files=Count("evidence"))}
    for cell in cells:
        criterion = criteria[cell.code]
        entry = entries.get(criterion.pk)
        if entry is None or entry.version == 0:
            save_score(sheet=sheet, criterion=criterion, points=cell.points, comment=cell.comment,
                       expected_version=0, user=None)
        if criterion.evidence_required and cell.points and not (entry is not None and entry.files):
            upload = ContentFile(evidence, name=f"minh-chung-{cell.code}.pdf")
            add_evidence(sheet=sheet, criterion=criterion, upload=upload, user=uploader)


def _check_order(round_, target):
    """The demo must agree with the report: refuse to finalise a ranking that does not."""
    top = list(Ranking.objects.get(round=round_).entries.order_by("rank")
               .values_list("department__name", flat=True)[:len(target.order)])
    if top != list(target.order):
        raise RuntimeError(f"Xếp hạng của dữ liệu mẫu {top} khác thứ tự bản tin nêu {list(target.order)}.")
