"""Casting secret ballots: one per member department and round, online or recorded on paper.

The roll entry (who voted) and the ballot (what was chosen) are written in one transaction but share
nothing: the ballot has a random id, no time, no voter, and only the hash of the voter's receipt code.
Only the roll entry is audited and logged; the ballot goes through box.py (unlogged, the box shaken).
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.enums import Role
from audit.domain.services import record_event
from blocs.models import Department, Membership
from voting.domain import box
from voting.domain.receipts import new_receipt_code, receipt_hash
from voting.domain.rounds import lock_round
from voting.enums import BallotChannel, BallotRoundStatus
from voting.models import Candidate, VoterRollEntry

VOTING_ROLES = (Role.OFFICER, Role.LEADER, Role.SECRETARIAT)


def cast_ballot(*, round, user, choices):  # noqa: A002
    """The user's department casts its one ballot (an empty list is a blank ballot); returns the receipt
    code, to be shown once to the voter and never stored."""
    department = _voter_department(user)
    with transaction.atomic():
        locked = _open_round(round)
        candidate_ids = checked_choices(locked, choices)
        return _put_in_box(locked, department=department, channel=BallotChannel.ONLINE,
                           candidate_ids=candidate_ids, is_valid=True, user=user)


def record_paper_ballot(*, round, department, choices, user, valid=True):  # noqa: A002
    """The secretariat records a member's paper ballot during the count (also an absent member's written
    ballot); an invalid paper ballot counts as cast but carries no choice."""
    with transaction.atomic():
        locked = _open_round(round)
        candidate_ids = checked_choices(locked, choices) if valid else []
        _put_in_box(locked, department=department, channel=BallotChannel.PAPER, candidate_ids=candidate_ids,
                    is_valid=bool(valid), user=user)


def verify_receipt(*, round, code):  # noqa: A002
    """Whether a ballot with this receipt code is in the round's box (counted when the round is counted)."""
    if round.status == BallotRoundStatus.CANCELLED:
        return False
    return box.holds(round_id=round.pk, receipt_hash=receipt_hash(code))


def checked_choices(round, choices):  # noqa: A002
    """Candidate ids of a ballot: distinct, among the round's candidates, at most `choices_allowed`.
    A choice may be given as a Candidate, a candidate id, or the candidate's Department."""
    candidates = list(Candidate.objects.filter(round_id=round.pk).values_list("pk", "department_id"))
    by_department = {department_id: pk for pk, department_id in candidates}
    ids = []
    for choice in choices if isinstance(choices, (list, tuple, set, frozenset)) else [None]:
        if isinstance(choice, Department):
            choice = by_department.get(choice.pk)
        elif isinstance(choice, Candidate):
            choice = choice.pk
        if isinstance(choice, bool) or not isinstance(choice, int) or choice not in dict(candidates):
            raise ValidationError(_("Lựa chọn không thuộc danh sách ứng cử của vòng bỏ phiếu."))
        ids.append(choice)
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Mỗi đơn vị chỉ được chọn một lần trên phiếu."))
    if len(ids) > round.choices_allowed:
        raise ValidationError(_("Phiếu chỉ được chọn tối đa %(n)s đơn vị (đã chọn %(k)s).")
                              % {"n": round.choices_allowed, "k": len(ids)})
    return sorted(ids)


def _voter_department(user):
    if not (user.is_authenticated and user.is_active) or user.role not in VOTING_ROLES or not user.department_id:
        raise ValidationError(_("Chỉ cán bộ của đơn vị thành viên mới bỏ phiếu thay mặt đơn vị."))
    return user.department


def _open_round(round):  # noqa: A002
    locked = lock_round(round)
    if locked.status == BallotRoundStatus.DRAFT:
        raise ValidationError(_("Vòng bỏ phiếu chưa mở."))
    if locked.status == BallotRoundStatus.CLOSED:
        raise ValidationError(_("Vòng bỏ phiếu đã kiểm phiếu xong, không nhận thêm phiếu."))
    if locked.status == BallotRoundStatus.CANCELLED:
        raise ValidationError(_("Vòng bỏ phiếu đã bị hủy."))
    return locked


def _put_in_box(locked, *, department, channel, candidate_ids, is_valid, user):
    membership = Membership.objects.filter(bloc_year_id=locked.bloc_year_id, department_id=department.pk).first()
    if membership is None:
        raise ValidationError(_("“%(dept)s” không phải đơn vị thành viên của khối trong năm, không có phiếu.")
                              % {"dept": department.name})
    voted = _already_voted(locked, membership)
    if VoterRollEntry.objects.filter(round_id=locked.pk, department_id=department.pk).exists():
        raise voted
    try:
        with transaction.atomic():
            entry = VoterRollEntry.objects.create(round=locked, department=department, channel=channel)
    except IntegrityError:  # the constraint one_ballot_per_member, should the lock ever be bypassed
        raise voted from None
    code = new_receipt_code()
    box.drop(round_id=locked.pk, choices=candidate_ids, is_valid=is_valid, receipt_hash=receipt_hash(code))
    record_event(actor=user, event_type="ballot_round.voted", obj=entry,
                 new_value={"round": locked.pk, "department": department.pk, "channel": channel})
    return code


def _already_voted(locked, membership):
    return ValidationError(_("%(dept)s đã bỏ phiếu trong vòng này; mỗi đơn vị chỉ có một phiếu.")
                           % {"dept": membership.name_at_time})
