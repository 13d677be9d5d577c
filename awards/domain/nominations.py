"""Award nominations (đề nghị khen thưởng) and the Board's review of them.

The bloc's secretariat prepares a nomination of a member department for an award type: from a closed award
ballot round the department must be among the chosen; the award rules in force judge it (an ineligible unit
is refused with the failing conditions named; a condition the rules cannot decide is allowed and flagged).
The secretariat completes the dossier (summary, achievement report as PDF) and submits it within the
bloc-year's quota. The Board starts the review, then returns it with a comment (the secretariat may
resubmit), approves it (taking a quota place under the quota row's lock) or rejects it with a comment.

Every step locks the nomination row, checks the role (PermissionDenied) and then the state (a Vietnamese
ValidationError), writes a NominationEvent and an audit event in one transaction, and tells the people
concerned once it commits.
"""
import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.domain.services import listing, record_event
from awards.domain import eligibility, quotas
from awards.enums import NominationStatus as S
from awards.models import Nomination, NominationEvent, Quota
from blocs.enums import Phase
from blocs.models import Membership
from notifications.domain import messages
from voting.enums import BallotRoundStatus, RoundPurpose

PREPARE, REVIEW = "awards.prepare_nomination", "awards.review_nomination"
SUMMARY_MAX, COMMENT_MAX = 10000, 5000
DEFAULT_REVIEW_DAYS = 10
DEFAULT_REPORT_MAX_BYTES = 20 * 1024 * 1024
EDITABLE = {S.DRAFT, S.RETURNED}
# Nominations holding a place of the quota once submitted (the Board may still return or reject them).
IN_QUOTA = (S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED)
AWAITING_DECISION = (S.SUBMITTED, S.UNDER_REVIEW)


class Step:
    """One workflow action: the states it starts from, the state it leads to, the permission it needs."""

    def __init__(self, name, sources, target, permission, refusal, comment_required=False):
        self.name, self.sources, self.target, self.permission = name, frozenset(sources), target, permission
        self.refusal, self.comment_required = refusal, comment_required


WORKFLOW = {step.name: step for step in (
    Step("submit", EDITABLE, S.SUBMITTED, PREPARE,
         gettext_lazy("Chỉ gửi được đề nghị đang chuẩn bị hoặc đã được trả lại để bổ sung")),
    Step("resubmit", {S.RETURNED}, S.SUBMITTED, PREPARE,
         gettext_lazy("Chỉ gửi lại được đề nghị đã được trả lại để bổ sung")),
    Step("start_review", {S.SUBMITTED}, S.UNDER_REVIEW, REVIEW,
         gettext_lazy("Chỉ bắt đầu xem xét được đề nghị vừa gửi Ban TĐKT")),
    Step("return", {S.UNDER_REVIEW}, S.RETURNED, REVIEW,
         gettext_lazy("Chỉ trả lại được đề nghị đang được xem xét"), comment_required=True),
    Step("approve", {S.UNDER_REVIEW}, S.APPROVED, REVIEW,
         gettext_lazy("Chỉ chấp thuận được đề nghị đang được xem xét")),
    Step("reject", {S.UNDER_REVIEW}, S.REJECTED, REVIEW,
         gettext_lazy("Chỉ từ chối được đề nghị đang được xem xét"), comment_required=True),
)}


def review_days():
    """Days the Board has to decide on a submitted nomination (settings.AWARDS_NOMINATION_REVIEW_DAYS)."""
    return int(getattr(settings, "AWARDS_NOMINATION_REVIEW_DAYS", DEFAULT_REVIEW_DAYS))


def overdue_q(today=None):
    """Submitted or under review, and past the day the decision was due ("quá hạn")."""
    return Q(status__in=AWAITING_DECISION, due_on__lt=today or timezone.localdate())


def is_overdue(nomination, today=None):
    return (nomination.status in AWAITING_DECISION and nomination.due_on is not None
            and nomination.due_on < (today or timezone.localdate()))


def available_actions(user, nomination):
    """The workflow actions this user may take on the nomination in its present state."""
    return [name for name, step in WORKFLOW.items()
            if nomination.status in step.sources and user.has_perm(step.permission, nomination)
            and not (name == "submit" and nomination.status == S.RETURNED)]


def may_edit_dossier(user, nomination):
    return nomination.status in EDITABLE and user.has_perm(PREPARE, nomination)


def _require(user, permission, obj):
    if not user.has_perm(permission, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với đề nghị khen thưởng."))


# --------------------------------------------------------------------------------------------- eligibility

def evaluate_eligibility(*, bloc_year, award_type, department):
    """The verdict of the award rules judging the bloc-year: (its JSON, the id of the rule set applied)."""
    verdict = eligibility.evaluate(department=department, bloc_year=bloc_year, award_type=award_type)
    return verdict.to_json(), verdict.rule_set_id


def _conditions(data):
    return [c for c in (data or {}).get("conditions", []) if isinstance(c, dict)]


def _condition_text(condition):
    detail = (condition.get("detail") or "").rstrip(".")
    return f"{condition.get('description', '')} ({detail})" if detail else condition.get("description", "")


def failing_conditions(data):
    return [_condition_text(c) for c in _conditions(data) if c.get("met") is False]


def unknown_conditions(data):
    """Conditions the rules could not decide (their data is not in the system): allowed, and flagged."""
    return [_condition_text(c) for c in _conditions(data) if c.get("met") is None]


def _check_eligible(data, *, department):
    """An ineligible unit is refused with the verdict's own sentence: the failing conditions and the rules."""
    if data.get("eligible") is False:
        raise ValidationError(f"{department.name}: {eligibility.Verdict.from_json(data).summary}")


# ------------------------------------------------------------------------------------------- preparation

def chosen_departments(ballot_round):
    """Ids of the departments a closed round chose (its vote counts, else the result's candidate ids)."""
    from voting.models import Candidate, VoteCount

    chosen = set(VoteCount.objects.filter(round=ballot_round, chosen=True)
                 .values_list("candidate__department_id", flat=True))
    if not chosen and isinstance(ballot_round.result, dict):
        ids = [pk for pk in ballot_round.result.get("chosen", []) if isinstance(pk, int)]
        chosen = set(Candidate.objects.filter(round=ballot_round, pk__in=ids).values_list("department_id", flat=True))
    return chosen


def _check_round(ballot_round, *, bloc_year, award_type, department):
    if ballot_round.bloc_year_id != bloc_year.pk:
        raise ValidationError(_("Vòng bỏ phiếu không thuộc năm thi đua này của khối."))
    if ballot_round.purpose != RoundPurpose.AWARD or ballot_round.award_type_id != award_type.pk:
        raise ValidationError(_("Vòng bỏ phiếu “%(round)s” không bình xét “%(award)s”.")
                              % {"round": ballot_round.title, "award": award_type.name})
    if ballot_round.status != BallotRoundStatus.CLOSED:
        raise ValidationError(_("Vòng bỏ phiếu “%(round)s” chưa kiểm phiếu xong.") % {"round": ballot_round.title})
    if department.pk not in chosen_departments(ballot_round):
        raise ValidationError(_("%(department)s không được chọn trong vòng bỏ phiếu “%(round)s”.")
                              % {"department": department.name, "round": ballot_round.title})


def _check_preparable(bloc_year, award_type, department):
    if bloc_year.phase == Phase.CLOSED:
        raise ValidationError(_("Năm thi đua %(year)s đã kết thúc, không thể lập đề nghị.") % {"year": bloc_year.year})
    if award_type.province_id != bloc_year.bloc.province_id:
        raise ValidationError(_("Hình thức khen thưởng không thuộc tỉnh của khối."))
    if not Membership.objects.filter(bloc_year=bloc_year, department=department).exists():
        raise ValidationError(_("%(department)s không phải là đơn vị thành viên của khối năm %(year)s.")
                              % {"department": department.name, "year": bloc_year.year})


def _check_text(value, limit, label):
    if len(value) > limit:
        raise ValidationError(_("%(field)s không được dài quá %(limit)s ký tự.") % {"field": label, "limit": limit})
    if "\x00" in value:
        raise ValidationError(_("Không được chứa ký tự NUL."))


def prepare_nomination(*, bloc_year, award_type, department, ballot_round=None, summary="",
                       achievement_report=None, user):
    """The secretariat drafts a nomination of a member department; the rules in force judge it and an
    ineligible unit is refused with the failing conditions named."""
    _require(user, PREPARE, bloc_year)
    summary = (summary or "").strip()
    _check_text(summary, SUMMARY_MAX, _("Tóm tắt thành tích"))
    if achievement_report is not None:
        check_report(achievement_report)
    _check_preparable(bloc_year, award_type, department)
    if ballot_round is not None:
        _check_round(ballot_round, bloc_year=bloc_year, award_type=award_type, department=department)
    data, rule_set_id = evaluate_eligibility(bloc_year=bloc_year, award_type=award_type, department=department)
    _check_eligible(data, department=department)
    with transaction.atomic():
        nomination = _create(bloc_year=bloc_year, award_type=award_type, department=department,
                             ballot_round=ballot_round, rule_set_id=rule_set_id, eligibility=data, summary=summary)
        step = _log(nomination, "", S.DRAFT, user=user, comment="")
        if achievement_report is not None:
            _attach_report(nomination, achievement_report)
        record_event(actor=user, event_type="nomination.prepared", obj=nomination,
                     new_value={**_describe(nomination), "workflow_event": _step_row(step)})
    return nomination


def _create(**fields):
    existing = Nomination.objects.filter(bloc_year=fields["bloc_year"], award_type=fields["award_type"],
                                         department=fields["department"]).exists()
    message = _("Khối đã lập đề nghị “%(award)s” cho %(department)s trong năm này.") % {
        "award": fields["award_type"].name, "department": fields["department"].name}
    if existing:
        raise ValidationError(message)
    try:
        with transaction.atomic():
            return Nomination.objects.create(**fields)
    except IntegrityError as exc:  # a concurrent request created it first
        raise ValidationError(message) from exc


def update_dossier(*, nomination, summary, achievement_report=None, user):
    """Change the summary and, when given, replace the achievement report; only while the nomination is
    being prepared or has been returned."""
    _require(user, PREPARE, nomination)
    summary = (summary or "").strip()
    _check_text(summary, SUMMARY_MAX, _("Tóm tắt thành tích"))
    if achievement_report is not None:
        check_report(achievement_report)
    with transaction.atomic():
        current = _locked(nomination)
        if current.status not in EDITABLE:
            raise ValidationError(_("Hồ sơ chỉ sửa được khi đề nghị đang chuẩn bị hoặc đã được trả lại "
                                    "(hiện tại: %(status)s).") % {"status": current.get_status_display()})
        old = _describe(current)
        Nomination.objects.filter(pk=current.pk).update(summary=summary, version=current.version + 1)
        if achievement_report is not None:
            _attach_report(current, achievement_report)
        current.refresh_from_db()
        record_event(actor=user, event_type="nomination.dossier_updated", obj=current, old_value=old,
                     new_value=_describe(current))
    nomination.refresh_from_db()
    return nomination


# --------------------------------------------------------------------------------------------- workflow

def submit_nomination(*, nomination, user, comment=""):
    """Send a draft or returned nomination to the Board: its dossier must have the achievement report, the
    unit must still be eligible, and submitted + approved nominations must stay within the quota."""
    return _transition(nomination, "submit", user=user, comment=comment)


def resubmit_nomination(*, nomination, user, comment=""):
    """Send a returned nomination to the Board again, after completing what it asked for."""
    return _transition(nomination, "resubmit", user=user, comment=comment)


def start_review(*, nomination, user):
    return _transition(nomination, "start_review", user=user)


def return_nomination(*, nomination, comment, user):
    """The Board returns a nomination under review for completion; the comment says what is missing."""
    return _transition(nomination, "return", user=user, comment=comment)


def approve_nomination(*, nomination, user, comment=""):
    """The Board approves a nomination under review; it takes a place of the quota under the quota row's
    lock, so two approvals racing for the last place cannot both win."""
    return _transition(nomination, "approve", user=user, comment=comment)


def reject_nomination(*, nomination, comment, user):
    return _transition(nomination, "reject", user=user, comment=comment)


def _transition(nomination, action, *, user, comment=""):
    step = WORKFLOW[action]
    _require(user, step.permission, nomination)
    comment = (comment or "").strip()
    _check_text(comment, COMMENT_MAX, _("Ý kiến"))
    if step.comment_required and not comment:
        raise ValidationError(_("Hãy ghi ý kiến (lý do) để đơn vị biết cần làm gì."))
    with transaction.atomic():
        current = _locked(nomination)
        if current.status not in step.sources:
            raise ValidationError(_("%(refusal)s (hiện tại: %(status)s).") % {
                "refusal": step.refusal, "status": current.get_status_display()})
        fields = PREPARATION[action](current) if action in PREPARATION else {}
        old = _describe(current)
        Nomination.objects.filter(pk=current.pk).update(status=step.target, version=current.version + 1, **fields)
        logged = _log(current, old["status"], step.target, user=user, comment=comment)
        current.refresh_from_db()
        record_event(actor=user, event_type=f"nomination.{action}", obj=current, old_value=old,
                     new_value={**_describe(current), "comment": comment, "workflow_event": _step_row(logged)})
        _announce(current, action, from_status=old["status"], comment=comment)
    nomination.refresh_from_db()
    return nomination


def _before_submit(current):
    if not current.achievement_report:
        raise ValidationError(_("Hồ sơ chưa có báo cáo thành tích (tệp PDF); hãy tải lên trước khi gửi."))
    data, rule_set_id = evaluate_eligibility(bloc_year=current.bloc_year, award_type=current.award_type,
                                             department=current.department)
    _check_eligible(data, department=current.department)
    _check_quota_for_submission(current)
    now = timezone.now()
    return {"eligibility": data, "rule_set_id": rule_set_id, "submitted_at": now, "decided_at": None,
            "due_on": timezone.localdate(now) + datetime.timedelta(days=review_days())}


def _check_quota_for_submission(current):
    quota = Quota.objects.select_for_update().filter(bloc_year_id=current.bloc_year_id,
                                                     award_type_id=current.award_type_id).first()
    words = {"award": current.award_type.name, "year": current.bloc_year.year}
    if quota is None:
        raise ValidationError(_("Ban Thi đua - Khen thưởng chưa giao chỉ tiêu “%(award)s” cho khối năm %(year)s; "
                                "chưa thể gửi đề nghị.") % words)
    taken = (Nomination.objects.filter(bloc_year_id=current.bloc_year_id, award_type_id=current.award_type_id,
                                       status__in=IN_QUOTA).exclude(pk=current.pk).count())
    if taken + 1 > quota.places:
        raise ValidationError(_("Đã hết chỉ tiêu “%(award)s” của khối năm %(year)s: chỉ tiêu %(places)s, đã gửi "
                                "hoặc được chấp thuận %(taken)s.") % {**words, "places": quota.places,
                                                                   "taken": taken})


def _before_approve(current):
    quotas.reserve_quota_place(bloc_year=current.bloc_year, award_type=current.award_type)
    return {"decided_at": timezone.now()}


PREPARATION = {"submit": _before_submit, "resubmit": _before_submit, "approve": _before_approve,
               "reject": lambda current: {"decided_at": timezone.now()}}


def _announce(nomination, action, *, from_status, comment):
    if action in ("submit", "resubmit"):
        messages.notify_nomination_submitted(nomination=nomination, resubmitted=from_status == S.RETURNED,
                                             comment=comment)
    elif action in ("return", "approve", "reject"):
        messages.notify_nomination_decided(nomination=nomination, status=WORKFLOW[action].target, comment=comment)


# ----------------------------------------------------------------------------------- achievement report

def report_max_bytes():
    """The size cap of an achievement report: settings.AWARDS_REPORT_MAX_BYTES, 20 MB by default."""
    return int(getattr(settings, "AWARDS_REPORT_MAX_BYTES", DEFAULT_REPORT_MAX_BYTES))


def check_report(upload):
    """An achievement report is a PDF, recognised by its first bytes (not its name), within the size cap."""
    if not upload.size:
        raise ValidationError(_("Tệp báo cáo thành tích rỗng."))
    cap = report_max_bytes()
    if upload.size > cap:
        raise ValidationError(_("Tệp báo cáo thành tích quá lớn: tối đa %(mb)s MB.")
                              % {"mb": f"{cap / (1024 * 1024):g}".replace(".", ",")})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Báo cáo thành tích phải là tệp PDF (kiểm tra theo nội dung tệp, không theo tên "
                                "hay đuôi tệp)."))


def _attach_report(nomination, upload):
    """Store the file under a random name and point the nomination at it; a replaced file is deleted once the
    change commits, and the new one at once if the change fails before that."""
    old = nomination.achievement_report.name
    name = default_storage.save(f"dossiers/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf", upload)
    try:
        Nomination.objects.filter(pk=nomination.pk).update(achievement_report=name)
    except Exception:
        default_storage.delete(name)
        raise
    nomination.achievement_report.name = name
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))


# ------------------------------------------------------------------------------------------------ helpers

def _locked(nomination):
    return (Nomination.objects.select_for_update(of=("self",))
            .select_related("bloc_year__bloc", "award_type", "department").get(pk=nomination.pk))


def _log(nomination, from_status, to_status, *, user, comment):
    return NominationEvent.objects.create(nomination=nomination, from_status=from_status, to_status=to_status,
                                          actor=user, comment=comment, created_at=timezone.now())


def _step_row(step):
    """The NominationEvent written with the change (the workflow's own history, shown on the dossier)."""
    return listing([step], "from_status", "to_status", "actor_id", "comment")[0]


def _describe(nomination):
    return {"bloc_year": nomination.bloc_year_id, "award_type": nomination.award_type_id,
            "department": nomination.department_id, "ballot_round": nomination.ballot_round_id,
            "rule_set": nomination.rule_set_id, "status": nomination.status, "summary": nomination.summary,
            "achievement_report": nomination.achievement_report.name or None,
            "eligible": (nomination.eligibility or {}).get("eligible"),
            "submitted_at": nomination.submitted_at, "due_on": nomination.due_on,
            "decided_at": nomination.decided_at}
