"""Election of next year's leader and deputy, by secret ballot (two rounds) or by the agreed rotation.

Closing the election creates the next bloc-year (members copied, leader and deputy set) through the blocs
services and records the hand-over of the rotating flag (cờ luân lưu).
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.domain.services import record_event
from blocs.domain.services import add_member, create_bloc_year, set_leadership
from blocs.enums import Phase
from blocs.models import BlocYear, Department
from voting.domain.queries.rounds import final_round
from voting.domain.rounds import build_round, check_voting_phase
from voting.enums import BallotRoundStatus, ElectionMethod, ElectionStatus, RoundPurpose
from voting.models import Election

NOTE_MAX = 2000
ROLE_LABELS = {RoundPurpose.LEADER: gettext_lazy("khối trưởng"), RoundPurpose.DEPUTY: gettext_lazy("khối phó")}


def start_election(*, bloc_year, method, user, leader=None, deputy=None, conference=None):
    """Start the election of a bloc-year in the voting phase: by ballot, a leader round and a deputy round
    (every member a candidate, one place, one choice); by rotation, optionally with the agreed units."""
    if method not in ElectionMethod.values:
        raise ValidationError(_("Hình thức bầu không hợp lệ."))
    with transaction.atomic():
        by = BlocYear.objects.select_for_update(of=("self",)).select_related("bloc").get(pk=bloc_year.pk)
        check_voting_phase(by)
        if Election.objects.filter(bloc_year=by).exists():
            raise ValidationError(_("Năm thi đua %(year)s đã có cuộc bầu khối trưởng, khối phó.") % {"year": by.year})
        members = _members(by)
        if len(members) < 2:
            raise ValidationError(_("Khối cần ít nhất hai đơn vị thành viên để bầu khối trưởng và khối phó."))
        election = Election(bloc_year=by, method=method)
        if method == ElectionMethod.BALLOT:
            if leader is not None or deputy is not None:
                raise ValidationError(_("Khi bỏ phiếu kín, khối trưởng và khối phó do kết quả kiểm phiếu quyết định."))
            election.leader_round = _election_round(by, RoundPurpose.LEADER, members, conference, user)
            election.deputy_round = _election_round(by, RoundPurpose.DEPUTY, members, conference, user)
        elif leader is not None or deputy is not None:
            election.leader, election.deputy = _checked_pair(by, leader, deputy, required=False)
        election.save()
        record_event(actor=user, event_type="election.started", obj=election, new_value={
            "bloc_year": by.pk, "method": method, "leader_round": election.leader_round_id,
            "deputy_round": election.deputy_round_id, "leader": election.leader_id, "deputy": election.deputy_id})
    return election


def record_rotation(*, election, leader, deputy, user):
    """Enter the leader and deputy the members agreed on (rotation): two different members."""
    with transaction.atomic():
        locked = _lock_open(election)
        if locked.method != ElectionMethod.ROTATION:
            raise ValidationError(_("Cuộc bầu này bằng bỏ phiếu kín; khối trưởng, khối phó do kiểm phiếu quyết định."))
        leader, deputy = _checked_pair(locked.bloc_year, leader, deputy, required=True)
        old = {"leader": locked.leader_id, "deputy": locked.deputy_id}
        Election.objects.filter(pk=locked.pk).update(leader=leader, deputy=deputy)
        record_event(actor=user, event_type="election.rotation_recorded", obj=locked, old_value=old,
                     new_value={"leader": leader.pk, "deputy": deputy.pk})
    election.refresh_from_db()
    return election


def new_election_round(*, election, purpose, user, candidates=None):
    """A new leader or deputy round when the current one ended without a winner (cancelled, no quorum,
    nobody over the threshold), or a new deputy round when the leader's winner also won the deputy round.
    Default candidates: every member (for the deputy, except the elected leader)."""
    if purpose not in ROLE_LABELS:
        raise ValidationError(_("Chỉ tạo vòng bầu khối trưởng hoặc khối phó."))
    with transaction.atomic():
        locked = _lock_open(election)
        if locked.method != ElectionMethod.BALLOT:
            raise ValidationError(_("Cuộc bầu theo luân phiên không có vòng bỏ phiếu."))
        by = locked.bloc_year
        check_voting_phase(by)
        leader = _winner(locked.leader_round)
        if not _may_replace(locked, purpose, leader):
            raise ValidationError(_("Vòng bầu %(role)s hiện tại chưa kết thúc hoặc đã có kết quả.")
                                  % {"role": ROLE_LABELS[purpose]})
        if candidates is None:
            candidates = [d for d in _members(by) if purpose == RoundPurpose.LEADER or d != leader]
        field = "leader_round" if purpose == RoundPurpose.LEADER else "deputy_round"
        old = getattr(locked, f"{field}_id")
        new = _election_round(by, purpose, candidates, None, user)
        Election.objects.filter(pk=locked.pk).update(**{field: new})
        record_event(actor=user, event_type="election.round_replaced", obj=locked,
                     old_value={field: old}, new_value={field: new.pk})
    election.refresh_from_db()
    return new


def close_election(*, election, user, flag_handed_over_on=None, flag_note=""):
    """Take the elected leader and deputy, create next year's bloc-year with them and this year's members,
    and record the hand-over of the rotating flag."""
    note = str(flag_note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(_("Ghi chú bàn giao cờ không được dài quá %(n)s ký tự.") % {"n": NOTE_MAX})
    with transaction.atomic():
        locked = _lock_open(election)
        by = locked.bloc_year
        if by.phase == Phase.CLOSED:
            raise ValidationError(_("Năm thi đua %(year)s đã kết thúc.") % {"year": by.year})
        leader, deputy = _elected(locked)
        next_year = _next_bloc_year(by, leader, deputy, user)
        now = timezone.now()
        Election.objects.filter(pk=locked.pk).update(
            leader=leader, deputy=deputy, next_bloc_year=next_year, flag_handed_over_on=flag_handed_over_on,
            flag_note=note, status=ElectionStatus.CLOSED, closed_by=user, closed_at=now)
        record_event(actor=user, event_type="election.closed", obj=locked,
                     old_value={"status": ElectionStatus.OPEN},
                     new_value={"status": ElectionStatus.CLOSED, "leader": leader.pk, "deputy": deputy.pk,
                                "next_bloc_year": next_year.pk, "flag_handed_over_on": flag_handed_over_on,
                                "flag_note": note})
    election.refresh_from_db()
    return election


def _members(bloc_year):
    return [m.department for m in bloc_year.memberships.select_related("department").order_by("name_at_time")]


def _election_round(bloc_year, purpose, candidates, conference, user):
    title = (_("Bầu khối trưởng năm %(year)s") if purpose == RoundPurpose.LEADER
             else _("Bầu khối phó năm %(year)s")) % {"year": bloc_year.year + 1}
    return build_round(bloc_year=bloc_year, purpose=purpose, title=title, seats=1, choices_allowed=1,
                       candidates=candidates, award_type=None, conference=conference,
                       quorum=(2, 3), threshold=(1, 2), user=user)


def _lock_open(election):
    locked = Election.objects.select_for_update(of=("self",)).select_related("bloc_year__bloc").get(pk=election.pk)
    if locked.status != ElectionStatus.OPEN:
        raise ValidationError(_("Cuộc bầu khối trưởng, khối phó đã kết thúc."))
    return locked


def _checked_pair(bloc_year, leader, deputy, *, required):
    if required and (leader is None or deputy is None):
        raise ValidationError(_("Cần chọn cả khối trưởng và khối phó."))
    members = set(bloc_year.memberships.values_list("department_id", flat=True))
    for label, department in ((_("Khối trưởng"), leader), (_("Khối phó"), deputy)):
        if department is not None and department.pk not in members:
            raise ValidationError(_("%(role)s phải là đơn vị thành viên của khối trong năm.") % {"role": label})
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        raise ValidationError(_("Khối trưởng và khối phó phải là hai đơn vị khác nhau."))
    return leader, deputy


def _winner(round):  # noqa: A002
    final = final_round(round) if round is not None else None
    if final is None or final.status != BallotRoundStatus.CLOSED or not final.result.get("chosen"):
        return None
    return Department.objects.get(pk=final.result["chosen"][0])


def _may_replace(election, purpose, leader):
    current = election.leader_round if purpose == RoundPurpose.LEADER else election.deputy_round
    final = final_round(current)
    if final.status == BallotRoundStatus.CANCELLED:
        return True
    if final.status != BallotRoundStatus.CLOSED:
        return False
    winner = _winner(current)
    return winner is None or (purpose == RoundPurpose.DEPUTY and winner == leader)


def _elected(election):
    if election.method == ElectionMethod.ROTATION:
        if election.leader is None or election.deputy is None:
            raise ValidationError(_("Chưa nhập khối trưởng và khối phó đã thống nhất luân phiên."))
        return election.leader, election.deputy
    leader = _elected_by(election.leader_round, RoundPurpose.LEADER)
    deputy = _elected_by(election.deputy_round, RoundPurpose.DEPUTY)
    if leader == deputy:
        raise ValidationError(_("“%(dept)s” trúng cử cả khối trưởng và khối phó; hãy bầu lại khối phó.")
                              % {"dept": leader.name})
    return leader, deputy


def _elected_by(round, purpose):  # noqa: A002
    final = final_round(round)
    role = ROLE_LABELS[purpose]
    if final.status == BallotRoundStatus.CANCELLED:
        reason = _("vòng “%(title)s” đã bị hủy; hãy tạo vòng bầu mới")
    elif final.status != BallotRoundStatus.CLOSED:
        reason = _("vòng “%(title)s” chưa kiểm phiếu")
    elif not final.result.get("chosen"):
        reason = _("vòng “%(title)s” không có đơn vị nào trúng cử; hãy tạo vòng bầu mới")
    else:
        return Department.objects.get(pk=final.result["chosen"][0])
    raise ValidationError(_("Chưa có %(role)s trúng cử: %(reason)s.")
                          % {"role": role, "reason": reason % {"title": final.title}})


def _next_bloc_year(bloc_year, leader, deputy, user):
    year = bloc_year.year + 1
    existing = BlocYear.objects.filter(bloc_id=bloc_year.bloc_id, year=year).first()
    if existing is None:
        try:
            with transaction.atomic():
                return create_bloc_year(bloc=bloc_year.bloc, year=year, user=user, leader=leader, deputy=deputy,
                                        copy_members_from=bloc_year)
        except IntegrityError:  # created at the same moment by someone else
            existing = BlocYear.objects.get(bloc_id=bloc_year.bloc_id, year=year)
    return _adopt(existing, bloc_year, leader, deputy, user)


def _adopt(existing, bloc_year, leader, deputy, user):
    """Next year exists already: use it when its leader and deputy are unset or agree with the election."""
    if Election.objects.filter(next_bloc_year=existing).exists():
        raise ValidationError(_("Năm thi đua %(year)s đã được tạo bởi một cuộc bầu khác.") % {"year": existing.year})
    if (existing.leader_id not in (None, leader.pk)) or (existing.deputy_id not in (None, deputy.pk)):
        raise ValidationError(
            _("Khối đã có năm thi đua %(year)s với khối trưởng, khối phó khác (%(leader)s / %(deputy)s); "
              "không thể ghi kết quả bầu.") % {"year": existing.year, "leader": existing.leader or "—",
                                                "deputy": existing.deputy or "—"})
    if not existing.memberships.exists():
        for membership in bloc_year.memberships.select_related("department"):
            add_member(bloc_year=existing, department=membership.department, user=user)
    if (existing.leader_id, existing.deputy_id) != (leader.pk, deputy.pk):
        set_leadership(bloc_year=existing, leader=leader, deputy=deputy, expected_version=existing.version,
                       user=user)
    return existing
