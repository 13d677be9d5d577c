"""Business actions on the emulation pledge (giao ước thi đua) and on amendments of the scale it freezes.

The life of a pledge: the secretariat drafts the text (draft), opens it for signing once the bloc-year has
its leader, deputy and scale (open); each member registers its targets and then its leader signs, once;
the last signature completes the pledge (signed) and freezes the bloc-year's scale. After that the scale
changes only through an amendment that the Board approves.

Decisions: a member signs only after registering its targets (its signature covers them), and its
targets are then fixed; the text can change while open only until the first signature; the secretariat
or the Board may register targets on a member's behalf; only the department's leader signs (not even a
superuser). Every pledge write locks the pledge row first, so registrations and signatures of one
bloc-year are serialised: "already signed" and "last signature" are decided on committed data.
"""
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from blocs.enums import Phase
from blocs.models import BlocYear, Membership
from emulation.exceptions import ConflictError
from scoring.enums import AmendmentStatus, PledgeStatus, ScaleStatus
from scoring.models import Pledge, PledgeSignature, ScaleAmendment, ScoringScale, TargetRegistration

# The pledge's text and the members' targets are written while the year is being set up or signed.
EDITABLE_PHASES = {Phase.SETUP, Phase.PLEDGE}
THEME_MAX, CONTENTS_MAX, TARGETS_MAX, REASON_MAX = 2000, 20000, 10000, 5000


def may_sign(user, department):
    """Only the leader of the department signs for it: asked of the rule itself, because Django lets a
    superuser pass every has_perm, and nobody but the department's head may put its name to the pledge."""
    return rules.has_perm("scoring.sign_pledge", user, department)


def may_register_targets(user, *, bloc_year, department):
    """The member's own officer or leader (scoring.register_targets), or whoever manages the pledge."""
    return (user.has_perm("scoring.register_targets", department)
            or user.has_perm("scoring.change_pledge", bloc_year))


# ------------------------------------------------------------------------------------------- the text

def save_pledge(*, bloc_year, theme, contents, conference=None, expected_version, user):
    """Create (expected_version 0) or edit the pledge's theme, contents and signing conference; only while
    it is a draft, or open with no signature yet: nobody's signature may cover a text it did not see."""
    theme, contents = theme.strip(), contents.strip()
    _check_lengths(theme=theme, contents=contents)
    if conference is not None and conference.bloc_year_id != bloc_year.pk:
        raise ValidationError(_("Hội nghị ký kết phải là một hội nghị của khối trong năm."))
    new = {"theme": theme, "contents": contents, "conference": getattr(conference, "pk", None)}
    with transaction.atomic():
        bloc_year = BlocYear.objects.get(pk=bloc_year.pk)
        _check_phase(bloc_year)
        pledge = Pledge.objects.select_for_update().filter(bloc_year=bloc_year).first()
        if pledge is None:
            return _create_pledge(bloc_year=bloc_year, values=new, expected_version=expected_version, user=user)
        _check_version(pledge.version, expected_version, _("Giao ước vừa được người khác cập nhật; "
                                                           "hãy tải lại trang và thử lại."))
        _check_text_editable(pledge)
        old = {"theme": pledge.theme, "contents": pledge.contents, "conference": pledge.conference_id}
        if old == new:
            return pledge
        Pledge.objects.filter(pk=pledge.pk).update(theme=theme, contents=contents, conference=conference,
                                                   version=pledge.version + 1)
        record_event(actor=user, event_type="pledge.saved", obj=pledge, old_value=old, new_value=new)
    pledge.refresh_from_db()
    return pledge


def _create_pledge(*, bloc_year, values, expected_version, user):
    if expected_version != 0:
        raise ConflictError(_("Giao ước không còn như lúc bạn mở trang; hãy tải lại trang và thử lại."))
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(bloc_year=bloc_year, theme=values["theme"], contents=values["contents"],
                                           conference_id=values["conference"])
    except IntegrityError as exc:  # another request created it first
        raise ConflictError(_("Giao ước vừa được người khác tạo; hãy tải lại trang và thử lại.")) from exc
    record_event(actor=user, event_type="pledge.saved", obj=pledge, old_value=None, new_value=values)
    return pledge


def _check_lengths(**values):
    limits = {"theme": (THEME_MAX, _("Chủ đề")), "contents": (CONTENTS_MAX, _("Nội dung giao ước")),
              "targets": (TARGETS_MAX, _("Chỉ tiêu đăng ký")), "reason": (REASON_MAX, _("Lý do"))}
    for name, value in values.items():
        limit, label = limits[name]
        if len(value) > limit:
            raise ValidationError(_("%(field)s không được dài quá %(limit)s ký tự.") % {"field": label, "limit": limit})
        if "\x00" in value:
            raise ValidationError(_("Không được chứa ký tự NUL."))


def _check_phase(bloc_year):
    if bloc_year.phase not in EDITABLE_PHASES:
        raise ValidationError(_("Giao ước và chỉ tiêu chỉ thay đổi được ở giai đoạn chuẩn bị hoặc ký kết giao "
                                "ước (hiện tại: %(phase)s).") % {"phase": bloc_year.get_phase_display()})


def _check_version(current, expected, message):
    if current != expected:
        raise ConflictError(message)


def _check_text_editable(pledge):
    if pledge.status == PledgeStatus.SIGNED:
        raise ValidationError(_("Giao ước đã được ký đủ; không thể sửa nội dung."))
    if pledge.status == PledgeStatus.OPEN and pledge.signatures.exists():
        raise ValidationError(_("Đã có đơn vị ký giao ước; không thể sửa nội dung đã ký."))


def open_pledge_for_signing(*, pledge, user):
    """Open a draft pledge for signing: the bloc-year must be in the pledge phase with its leader, deputy and
    scale, and the pledge must have contents to sign."""
    with transaction.atomic():
        current = _locked(pledge)
        bloc_year = BlocYear.objects.get(pk=current.bloc_year_id)
        if current.status != PledgeStatus.DRAFT:
            raise ValidationError(_("Giao ước đã được mở ký kết (trạng thái: %(status)s).")
                                  % {"status": current.get_status_display()})
        if bloc_year.phase != Phase.PLEDGE:
            raise ValidationError(_("Chỉ mở ký kết khi năm thi đua ở giai đoạn “Ký kết giao ước” "
                                    "(hiện tại: %(phase)s).") % {"phase": bloc_year.get_phase_display()})
        if not bloc_year.leader_id or not bloc_year.deputy_id:
            raise ValidationError(_("Cần có khối trưởng và khối phó trước khi mở ký kết giao ước."))
        if not ScoringScale.objects.filter(bloc_year=bloc_year).exists():
            raise ValidationError(_("Năm thi đua chưa có thang điểm; hãy lập thang điểm trước khi mở ký kết."))
        if not current.contents:
            raise ValidationError(_("Hãy soạn nội dung giao ước trước khi mở ký kết."))
        _set_status(current, PledgeStatus.OPEN, user=user, event_type="pledge.opened")
    pledge.refresh_from_db()
    return pledge


def _locked(pledge):
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


def _set_status(pledge, status, *, user, event_type, signed_at=None):
    old = {"status": pledge.status}
    new = {"status": status}
    fields = {"status": status, "version": pledge.version + 1}
    if signed_at is not None:
        old["signed_at"], new["signed_at"] = pledge.signed_at, signed_at
        fields["signed_at"] = signed_at
    Pledge.objects.filter(pk=pledge.pk).update(**fields)
    record_event(actor=user, event_type=event_type, obj=pledge, old_value=old, new_value=new)


# ---------------------------------------------------------------------------------------- the targets

def register_targets(*, pledge, department, targets, expected_version, user):
    """Register or change a member's targets (expected_version 0 for the first registration); refused
    once that member has signed, and once the pledge is signed."""
    targets = targets.strip()
    if not targets:
        raise ValidationError(_("Hãy nhập chỉ tiêu đăng ký của đơn vị."))
    _check_lengths(targets=targets)
    with transaction.atomic():
        current = _locked(pledge)
        _check_phase(BlocYear.objects.get(pk=current.bloc_year_id))
        _check_member(current, department)
        if current.status == PledgeStatus.SIGNED:
            raise ValidationError(_("Giao ước đã được ký đủ; chỉ tiêu đăng ký không thể thay đổi."))
        if PledgeSignature.objects.filter(pledge=current, department=department).exists():
            raise ValidationError(_("Đơn vị đã ký giao ước; chỉ tiêu đã đăng ký không thể thay đổi."))
        registration = TargetRegistration.objects.filter(pledge=current, department=department).first()
        _check_version(registration.version if registration else 0, expected_version,
                       _("Chỉ tiêu của đơn vị vừa được người khác cập nhật; hãy tải lại trang và thử lại."))
        return _write_registration(current, department, registration, targets, user)


def _write_registration(pledge, department, registration, targets, user):
    old = {"department": department.pk, "targets": registration.targets} if registration else None
    if registration is None:
        registration = TargetRegistration(pledge=pledge, department=department, version=0)
    elif registration.targets == targets:
        return registration
    registration.targets, registration.registered_by = targets, user
    registration.version += 1
    registration.save()
    record_event(actor=user, event_type="pledge.targets_registered", obj=registration, old_value=old,
                 new_value={"department": department.pk, "targets": targets})
    return registration


def _check_member(pledge, department):
    if not Membership.objects.filter(bloc_year_id=pledge.bloc_year_id, department_id=department.pk).exists():
        raise ValidationError(_("“%(dept)s” không phải là đơn vị thành viên của khối trong năm.")
                              % {"dept": department.name})


# ------------------------------------------------------------------------------------------ signatures

def sign_pledge(*, pledge, department, user):
    """The leader of a member signs the open pledge for it, once and after registering its targets; the last
    member's signature completes the pledge and freezes the bloc-year's scale."""
    if not may_sign(user, department):
        raise PermissionDenied(_("Chỉ thủ trưởng của đơn vị mới được ký giao ước thay mặt đơn vị."))
    with transaction.atomic():
        current = _locked(pledge)
        _check_member(current, department)
        _check_not_signed(current, department)
        if current.status != PledgeStatus.OPEN:
            raise ValidationError(_("Giao ước chưa được mở ký kết."))
        if not TargetRegistration.objects.filter(pledge=current, department=department).exists():
            raise ValidationError(_("Đơn vị chưa đăng ký chỉ tiêu thi đua; hãy đăng ký chỉ tiêu trước khi ký."))
        signature = _write_signature(current, department, user)
        if _all_members_signed(current):
            _complete(current, signed_at=signature.signed_at, user=user)
    pledge.refresh_from_db()
    return signature


def _check_not_signed(pledge, department):
    existing = (PledgeSignature.objects.filter(pledge=pledge, department=department)
                .select_related("signed_by").first())
    if existing is not None:
        raise ValidationError(_already_signed_message(department, existing))


def _already_signed_message(department, signature):
    when = date_format(timezone.localtime(signature.signed_at), "d/m/Y H:i")
    who = signature.signed_by.get_full_name() or signature.signed_by.username
    return _("%(dept)s đã ký giao ước lúc %(when)s (người ký: %(who)s); mỗi đơn vị chỉ ký một lần.") % {
        "dept": department.name, "when": when, "who": who}


def _write_signature(pledge, department, user):
    try:
        with transaction.atomic():
            signature = PledgeSignature.objects.create(pledge=pledge, department=department, signed_by=user,
                                                       signed_at=timezone.now())
    except IntegrityError as exc:  # the pledge lock makes this unreachable; the constraint stays the last word
        raise ValidationError(_("%(dept)s đã ký giao ước; mỗi đơn vị chỉ ký một lần.")
                              % {"dept": department.name}) from exc
    record_event(actor=user, event_type="pledge.signed", obj=signature, new_value={
        "pledge": pledge.pk, "department": department.pk, "signed_by": user.pk, "signed_at": signature.signed_at})
    return signature


def _all_members_signed(pledge):
    members = set(Membership.objects.filter(bloc_year_id=pledge.bloc_year_id).values_list("department_id", flat=True))
    signed = set(pledge.signatures.values_list("department_id", flat=True))
    return members <= signed


def _complete(pledge, *, signed_at, user):
    _set_status(pledge, PledgeStatus.SIGNED, user=user, event_type="pledge.completed", signed_at=signed_at)
    scale = ScoringScale.objects.filter(bloc_year_id=pledge.bloc_year_id).first()
    if scale is not None:
        _scales().freeze_scale(scale=scale, user=user)


# ------------------------------------------------------------------------------------------ amendments

def request_scale_amendment(*, scale, change, reason, user):
    """Ask the Board to change a frozen bloc-year scale; a scale still in draft is edited directly."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy nêu lý do đề nghị sửa đổi thang điểm."))
    _check_lengths(reason=reason)
    if not isinstance(change, dict) or not change:
        raise ValidationError(_("Nội dung thay đổi phải là một đối tượng JSON không rỗng."))
    with transaction.atomic():
        current = ScoringScale.objects.select_for_update().get(pk=scale.pk)
        if current.bloc_year_id is None or current.status != ScaleStatus.FROZEN:
            raise ValidationError(_("Chỉ đề nghị sửa đổi thang điểm đã khóa (giao ước đã ký đủ); thang điểm "
                                    "đang soạn thì sửa trực tiếp."))
        _check_change_applies(current, change, user)
        amendment = ScaleAmendment.objects.create(scale=current, change=change, reason=reason, requested_by=user)
        record_event(actor=user, event_type="scale_amendment.requested", obj=amendment,
                     new_value={"scale": current.pk, "change": change, "reason": reason,
                                "status": AmendmentStatus.REQUESTED})
    return amendment


def decide_scale_amendment(*, amendment, approve, note, user):
    """The Board approves (the change is applied to the scale in the same transaction) or rejects (a note
    is required) a requested amendment; a decision is final."""
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(_("Hãy ghi lý do không duyệt đề nghị sửa đổi."))
    _check_lengths(reason=note)
    with transaction.atomic():
        current = ScaleAmendment.objects.select_for_update().get(pk=amendment.pk)
        if current.status != AmendmentStatus.REQUESTED:
            raise ValidationError(_("Đề nghị sửa đổi này đã được xử lý (%(status)s).")
                                  % {"status": current.get_status_display()})
        if approve:
            scale = ScoringScale.objects.get(pk=current.scale_id)
            _scales().apply_scale_change(scale=scale, change=current.change, user=user)
        status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
        decided_at = timezone.now()
        ScaleAmendment.objects.filter(pk=current.pk).update(status=status, decided_by=user, decided_at=decided_at,
                                                            decision_note=note)
        record_event(actor=user, event_type=f"scale_amendment.{status.value}", obj=current,
                     old_value={"status": current.status},
                     new_value={"status": status, "note": note, "decided_at": decided_at})
    amendment.refresh_from_db()
    return amendment


class _DryRun(Exception):
    pass


def _check_change_applies(scale, change, user):
    """Apply the change in a transaction rolled back at once, so a change that could never be applied is
    refused when it is requested, with the scales' own message, rather than when the Board approves it."""
    try:
        with transaction.atomic():
            _scales().apply_scale_change(scale=ScoringScale.objects.get(pk=scale.pk), change=change, user=user)
            raise _DryRun
    except _DryRun:
        pass


def _scales():
    # Imported when used: the scales module owns every write to a scale (freezing, amendments).
    from scoring.domain import scales

    return scales
