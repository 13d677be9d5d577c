"""Ballot rounds: created in the voting phase with their candidates (draft), opened (the electorate is the
membership at that moment), cancelled. Casting is in ballots.py, counting in tally.py.

Every change is audited; nothing in this module ever reads a ballot.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from blocs.enums import Phase
from blocs.models import BlocYear, Department, Membership
from notifications.domain.messages import notify_round_opened
from scoring.enums import RoundKind
from scoring.models import Ranking
from voting.enums import BallotRoundStatus, RoundPurpose
from voting.models import BallotRound, Candidate

TITLE_MAX = 200
MAX_DENOMINATOR = 100
DEFAULT_QUORUM = (2, 3)
DEFAULT_THRESHOLD = (1, 2)


def create_round(*, bloc_year, purpose, title, seats, choices_allowed, candidates, award_type=None,
                 conference=None, quorum=DEFAULT_QUORUM, threshold=DEFAULT_THRESHOLD, user):
    """A draft round of a bloc-year in the voting phase: candidates are members, quorum and threshold are
    fractions of the total membership (defaults 2/3 and 1/2)."""
    with transaction.atomic():
        bloc_year = BlocYear.objects.select_related("bloc").get(pk=bloc_year.pk)
        check_voting_phase(bloc_year)
        return build_round(bloc_year=bloc_year, purpose=purpose, title=title, seats=seats,
                           choices_allowed=choices_allowed, candidates=candidates, award_type=award_type,
                           conference=conference, quorum=quorum, threshold=threshold, user=user)


def build_round(*, bloc_year, purpose, title, seats, choices_allowed, candidates, award_type, conference,
                quorum, threshold, user, parent=None):
    """Validate and write a draft round with its candidates (also used for run-offs and election rounds)."""
    if purpose not in RoundPurpose.values:
        raise ValidationError(_("Mục đích của vòng bỏ phiếu không hợp lệ."))
    title = _checked_title(title)
    _check_award_type(bloc_year, purpose, award_type)
    if conference is not None and conference.bloc_year_id != bloc_year.pk:
        raise ValidationError(_("Hội nghị không thuộc năm thi đua này."))
    departments = _checked_candidates(bloc_year, candidates)
    seats, choices_allowed = _checked_places(seats, choices_allowed, len(departments))
    quorum = _checked_fraction(quorum, _("Tỷ lệ tối thiểu tham gia bỏ phiếu"), allow_zero=False, allow_whole=True)
    threshold = _checked_fraction(threshold, _("Ngưỡng trúng cử"), allow_zero=True, allow_whole=False)
    round_ = BallotRound.objects.create(
        bloc_year=bloc_year, purpose=purpose, award_type=award_type, title=title, conference=conference,
        seats=seats, choices_allowed=choices_allowed, quorum_numerator=quorum[0], quorum_denominator=quorum[1],
        threshold_numerator=threshold[0], threshold_denominator=threshold[1], parent=parent)
    candidates = Candidate.objects.bulk_create(Candidate(round=round_, department=d, position=i)
                                               for i, d in enumerate(departments, start=1))
    record_event(actor=user, event_type="ballot_round.created", obj=round_, new_value={
        "bloc_year": bloc_year.pk, "purpose": purpose, "title": title, "seats": seats,
        "choices_allowed": choices_allowed, "award_type": getattr(award_type, "pk", None),
        "conference": getattr(conference, "pk", None), "quorum": list(quorum), "threshold": list(threshold),
        "parent": getattr(parent, "pk", None), "candidates": listing(candidates, "department_id", "position")})
    return round_


def open_round(*, round, user):  # noqa: A002 (the domain's word)
    """Open a draft round for ballots; the electorate is the bloc-year's membership at this moment. The
    staff of every member department are told (in-app, and by e-mail after the commit)."""
    with transaction.atomic():
        locked = lock_round(round)
        if locked.status != BallotRoundStatus.DRAFT:
            raise ValidationError(_("Chỉ mở được vòng bỏ phiếu đang chuẩn bị (hiện tại: %(status)s).")
                                  % {"status": locked.get_status_display()})
        check_voting_phase(locked.bloc_year)
        electorate = Membership.objects.filter(bloc_year_id=locked.bloc_year_id).count()
        if electorate == 0:
            raise ValidationError(_("Khối chưa có đơn vị thành viên nào."))
        _update(locked, status=BallotRoundStatus.OPEN, opened_at=timezone.now(), electorate=electorate)
        record_event(actor=user, event_type="ballot_round.opened", obj=locked,
                     old_value={"status": BallotRoundStatus.DRAFT},
                     new_value={"status": BallotRoundStatus.OPEN, "electorate": electorate})
        notify_round_opened(round=locked)
    round.refresh_from_db()
    return round


def cancel_round(*, round, user, reason=""):  # noqa: A002
    """Cancel a draft or open round; its ballots, if any, are never counted."""
    with transaction.atomic():
        locked = lock_round(round)
        if locked.status not in (BallotRoundStatus.DRAFT, BallotRoundStatus.OPEN):
            raise ValidationError(_("Không thể hủy vòng bỏ phiếu %(status)s.")
                                  % {"status": locked.get_status_display().lower()})
        old_status = locked.status
        _update(locked, status=BallotRoundStatus.CANCELLED, closed_at=timezone.now())
        record_event(actor=user, event_type="ballot_round.cancelled", obj=locked,
                     old_value={"status": old_status},
                     new_value={"status": BallotRoundStatus.CANCELLED, "reason": str(reason or "").strip()})
    round.refresh_from_db()
    return round


def candidates_from_ranking(*, bloc_year, top):
    """The members ranked at most `top` in the bloc-year's year-end ranking (ties at rank `top` included)."""
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValidationError(_("Số đơn vị đứng đầu phải là số nguyên dương."))
    ranking = Ranking.objects.filter(round__bloc_year_id=bloc_year.pk, round__kind=RoundKind.YEAR_END).first()
    if ranking is None:
        raise ValidationError(_("Năm thi đua chưa có kết quả xếp hạng tổng kết năm."))
    members = Membership.objects.filter(bloc_year_id=bloc_year.pk).values("department")
    entries = (ranking.entries.filter(rank__isnull=False, rank__lte=top, department__in=members)
               .select_related("department").order_by("rank", "department__name"))
    return [entry.department for entry in entries]


def check_voting_phase(bloc_year):
    if bloc_year.phase != Phase.VOTING:
        raise ValidationError(
            _("Chỉ tổ chức bỏ phiếu khi năm thi đua ở giai đoạn “%(required)s” (hiện tại: “%(phase)s”).")
            % {"required": Phase.VOTING.label, "phase": bloc_year.get_phase_display()})


def lock_round(round):  # noqa: A002
    return BallotRound.objects.select_for_update(of=("self",)).select_related("bloc_year__bloc").get(pk=round.pk)


def _update(locked, **fields):
    BallotRound.objects.filter(pk=locked.pk).update(version=locked.version + 1, **fields)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1


def _checked_title(title):
    title = str(title or "").strip()
    if not title:
        raise ValidationError(_("Cần đặt tên cho vòng bỏ phiếu."))
    if len(title) > TITLE_MAX:
        raise ValidationError(_("Tên vòng bỏ phiếu không được dài quá %(n)s ký tự.") % {"n": TITLE_MAX})
    return title


def _check_award_type(bloc_year, purpose, award_type):
    if purpose == RoundPurpose.AWARD and award_type is None:
        raise ValidationError(_("Vòng bỏ phiếu đề nghị khen thưởng cần chọn hình thức khen thưởng."))
    if purpose != RoundPurpose.AWARD and award_type is not None:
        raise ValidationError(_("Chỉ vòng bỏ phiếu đề nghị khen thưởng mới gắn với hình thức khen thưởng."))
    if award_type is not None and award_type.province_id != bloc_year.bloc.province_id:
        raise ValidationError(_("Hình thức khen thưởng không thuộc tỉnh của khối."))


def _checked_candidates(bloc_year, candidates):
    departments = list(candidates or [])
    if not departments:
        raise ValidationError(_("Cần chọn ít nhất một đơn vị ứng cử."))
    if not all(isinstance(d, Department) for d in departments):
        raise ValidationError(_("Danh sách ứng cử chỉ gồm các đơn vị."))
    if len({d.pk for d in departments}) != len(departments):
        raise ValidationError(_("Mỗi đơn vị chỉ có tên một lần trong danh sách ứng cử."))
    members = set(Membership.objects.filter(bloc_year_id=bloc_year.pk).values_list("department_id", flat=True))
    outsiders = [d.name for d in departments if d.pk not in members]
    if outsiders:
        raise ValidationError(_("Chỉ đơn vị thành viên của khối trong năm mới được ứng cử: %(names)s không phải.")
                              % {"names": ", ".join(outsiders)})
    return departments


def _checked_places(seats, choices_allowed, candidate_count):
    for value, label in ((seats, _("Số đơn vị được chọn")), (choices_allowed, _("Số lựa chọn tối đa trên phiếu"))):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(_("%(label)s phải là số nguyên dương.") % {"label": label})
        if value > candidate_count:
            raise ValidationError(_("%(label)s (%(value)s) không được lớn hơn số đơn vị ứng cử (%(n)s).")
                                  % {"label": label, "value": value, "n": candidate_count})
    return seats, choices_allowed


def _checked_fraction(value, label, *, allow_zero, allow_whole):
    try:
        numerator, denominator = value
    except (TypeError, ValueError):
        raise ValidationError(_("%(label)s phải là một phân số (tử số, mẫu số).") % {"label": label}) from None
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (numerator, denominator)):
        raise ValidationError(_("%(label)s phải là một phân số (tử số, mẫu số).") % {"label": label})
    low_ok = numerator >= 0 if allow_zero else numerator >= 1
    high_ok = numerator <= denominator if allow_whole else numerator < denominator
    if not (1 <= denominator <= MAX_DENOMINATOR and low_ok and high_ok):
        raise ValidationError(_("%(label)s %(n)s/%(d)s không hợp lệ.") % {"label": label, "n": numerator,
                                                                           "d": denominator})
    return numerator, denominator
