"""Business actions on provinces, departments, blocs, bloc-years, members and conferences."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from blocs.enums import PHASE_ORDER, Phase
from blocs.models import Bloc, BlocYear, Conference, Department, Membership
from emulation.exceptions import ConflictError

# Membership is part of the pledge: it may change only until scoring starts.
MEMBERSHIP_OPEN_PHASES = {Phase.SETUP, Phase.PLEDGE}
CONFERENCE_FIELDS = ["kind", "date", "host", "place", "notes"]


def _snapshot(obj, fields):
    return model_to_dict(obj, fields=fields)


def _check_not_closed(bloc_year):
    if bloc_year.phase == Phase.CLOSED:
        raise ValidationError(_("Năm thi đua %(year)s đã kết thúc, không thể thay đổi.")
                              % {"year": bloc_year.year})


def create_bloc(*, province, name, kind, description="", user):
    """Create a bloc in a province; its name is unique within the province."""
    with transaction.atomic():
        if Bloc.objects.filter(province=province, name__iexact=name.strip()).exists():
            raise ValidationError(_("Tỉnh đã có khối thi đua “%(name)s”.") % {"name": name})
        bloc = Bloc.objects.create(province=province, name=name.strip(), kind=kind, description=description)
        record_event(actor=user, event_type="bloc.created", obj=bloc,
                     new_value=_snapshot(bloc, ["name", "kind", "province"]))
    return bloc


def create_bloc_year(*, bloc, year, user, leader=None, deputy=None, copy_members_from=None):
    """Open a bloc's year; members may be copied from an earlier year of the same bloc."""
    with transaction.atomic():
        if BlocYear.objects.filter(bloc=bloc, year=year).exists():
            raise ValidationError(_("Khối đã có năm thi đua %(year)s.") % {"year": year})
        bloc_year = BlocYear.objects.create(bloc=bloc, year=year)
        record_event(actor=user, event_type="bloc_year.created", obj=bloc_year,
                     new_value={"bloc": bloc.pk, "year": year})
        if copy_members_from is not None:
            for membership in copy_members_from.memberships.select_related("department"):
                add_member(bloc_year=bloc_year, department=membership.department, user=user)
        if leader or deputy:
            set_leadership(bloc_year=bloc_year, leader=leader, deputy=deputy,
                           expected_version=bloc_year.version, user=user)
            bloc_year.refresh_from_db()
    return bloc_year


def add_member(*, bloc_year, department, user, joined_on=None):
    """Add a department to a bloc-year; a department belongs to at most one bloc in a year."""
    with transaction.atomic():
        _check_membership_open(bloc_year)
        if department.province_id != bloc_year.bloc.province_id:
            raise ValidationError(_("Đơn vị không thuộc tỉnh của khối."))
        if not department.is_active:
            raise ValidationError(_("Đơn vị “%(name)s” đã thôi hoạt động hoặc đã được kế thừa.")
                                  % {"name": department.name})
        taken = Membership.objects.filter(department=department, year=bloc_year.year).select_related(
            "bloc_year__bloc").first()
        if taken:
            raise ValidationError(_("“%(dept)s” đã là thành viên của %(bloc)s năm %(year)s.") % {
                "dept": department.name, "bloc": taken.bloc_year.bloc.name, "year": bloc_year.year})
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    bloc_year=bloc_year, department=department, year=bloc_year.year,
                    name_at_time=department.name, joined_on=joined_on)
        except IntegrityError as exc:  # a concurrent request added it first
            raise ValidationError(_("“%(dept)s” đã là thành viên của một khối năm %(year)s.")
                                  % {"dept": department.name, "year": bloc_year.year}) from exc
        record_event(actor=user, event_type="membership.added", obj=membership,
                     new_value={"bloc_year": bloc_year.pk, "department": department.pk})
    return membership


def remove_member(*, membership, user):
    """Remove a member; the leader and deputy must be changed first."""
    bloc_year = membership.bloc_year
    with transaction.atomic():
        _check_membership_open(bloc_year)
        if membership.department_id in (bloc_year.leader_id, bloc_year.deputy_id):
            raise ValidationError(_("Không thể xóa khối trưởng hoặc khối phó khỏi khối; "
                                    "hãy chọn đơn vị khác làm khối trưởng/khối phó trước."))
        old = {"bloc_year": bloc_year.pk, "department": membership.department_id}
        record_event(actor=user, event_type="membership.removed", obj=membership, old_value=old)
        membership.delete()


def _check_membership_open(bloc_year):
    if bloc_year.phase not in MEMBERSHIP_OPEN_PHASES:
        raise ValidationError(_("Chỉ thay đổi thành viên khi khối đang ở giai đoạn chuẩn bị hoặc "
                                "ký kết giao ước (hiện tại: %(phase)s).") % {"phase": bloc_year.get_phase_display()})


def set_leadership(*, bloc_year, leader, deputy, expected_version, user, theme=None):
    """Set leader and deputy: two different members of the bloc-year (optimistic version check)."""
    member_ids = set(bloc_year.memberships.values_list("department_id", flat=True))
    for label, dept in ((_("Khối trưởng"), leader), (_("Khối phó"), deputy)):
        if dept is not None and dept.pk not in member_ids:
            raise ValidationError(_("%(role)s phải là đơn vị thành viên của khối trong năm.") % {"role": label})
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        raise ValidationError(_("Khối trưởng và khối phó phải là hai đơn vị khác nhau."))
    changes = {"leader": getattr(leader, "pk", None), "deputy": getattr(deputy, "pk", None)}
    if theme is not None:
        changes["theme"] = theme
    return _versioned_update(bloc_year=bloc_year, changes=changes, expected_version=expected_version,
                             user=user, event_type="bloc_year.leadership_changed")


def change_phase(*, bloc_year, phase, expected_version, user):
    """Move a bloc-year to the next phase (or back one step); skipping phases is refused."""
    _check_phase_step(bloc_year.phase, phase)
    if phase == Phase.PLEDGE and (not bloc_year.leader_id or not bloc_year.deputy_id):
        raise ValidationError(_("Cần có khối trưởng và khối phó trước khi chuyển sang ký kết giao ước."))
    return _versioned_update(bloc_year=bloc_year, changes={"phase": phase},
                             expected_version=expected_version, user=user,
                             event_type="bloc_year.phase_changed")


def _check_phase_step(current, target):
    if target not in PHASE_ORDER:
        raise ValidationError(_("Giai đoạn không hợp lệ."))
    step = PHASE_ORDER.index(target) - PHASE_ORDER.index(current)
    if step not in (1, -1):
        raise ValidationError(_("Chỉ chuyển sang giai đoạn liền kề (từ “%(a)s” không thể sang “%(b)s”).")
                              % {"a": Phase(current).label, "b": Phase(target).label})


def _versioned_update(*, bloc_year, changes, expected_version, user, event_type):
    fields = {f"{k}_id" if k in ("leader", "deputy") else k: v for k, v in changes.items()}
    with transaction.atomic():
        current = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        if current.version != expected_version:
            raise ConflictError(_("Năm thi đua vừa được người khác cập nhật; hãy tải lại trang và thử lại."))
        old = {k: getattr(current, k) for k in fields}
        BlocYear.objects.filter(pk=current.pk).update(version=current.version + 1, **fields)
        record_event(actor=user, event_type=event_type, obj=current, old_value=old, new_value=fields)
    bloc_year.refresh_from_db()
    return bloc_year


def save_conference(*, bloc_year, user, conference=None, **values):
    """Create or update a conference of a bloc-year; its host must be a member that year."""
    _check_not_closed(bloc_year)
    host = values.get("host")
    if host is not None and not bloc_year.memberships.filter(department=host).exists():
        raise ValidationError(_("Đơn vị đăng cai phải là thành viên của khối trong năm."))
    with transaction.atomic():
        old = _snapshot(conference, CONFERENCE_FIELDS) if conference else None
        conference = conference or Conference(bloc_year=bloc_year)
        for key, value in values.items():
            setattr(conference, key, value)
        conference.save()
        record_event(actor=user, event_type="conference.saved", obj=conference, old_value=old,
                     new_value=_snapshot(conference, CONFERENCE_FIELDS))
    return conference


def delete_conference(*, conference, user):
    _check_not_closed(conference.bloc_year)
    with transaction.atomic():
        record_event(actor=user, event_type="conference.deleted", obj=conference,
                     old_value=_snapshot(conference, CONFERENCE_FIELDS))
        conference.delete()


def save_department(*, province, user, department=None, **values):
    """Create or edit a department of a province (names are unique within the province)."""
    name = values.get("name", "").strip()
    clash = Department.objects.filter(province=province, name__iexact=name)
    if department:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise ValidationError(_("Tỉnh đã có đơn vị “%(name)s”.") % {"name": name})
    fields = ["name", "short_name", "kind"]
    with transaction.atomic():
        old = _snapshot(department, fields) if department else None
        department = department or Department(province=province)
        for key, value in values.items():
            setattr(department, key, value)
        department.name = name
        department.save()
        record_event(actor=user, event_type="department.saved", obj=department, old_value=old,
                     new_value=_snapshot(department, fields))
    return department


def record_succession(*, department, successor, kind, effective_on, user):
    """A rename or merge: the old unit keeps its history and points to the unit that continues it."""
    if successor.pk == department.pk or successor.province_id != department.province_id:
        raise ValidationError(_("Đơn vị kế thừa phải là một đơn vị khác trong cùng tỉnh."))
    with transaction.atomic():
        old = {"successor": department.successor_id, "dissolved_on": department.dissolved_on}
        department.successor, department.succession_kind = successor, kind
        department.dissolved_on = effective_on
        department.save(update_fields=["successor", "succession_kind", "dissolved_on"])
        record_event(actor=user, event_type="department.succeeded", obj=department, old_value=old,
                     new_value={"successor": successor.pk, "kind": kind, "dissolved_on": effective_on})
    return department
