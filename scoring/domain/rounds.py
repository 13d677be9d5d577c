"""Scoring rounds: open (sheets and inspections are created), close, finalise, and the Board's reopening.

A round moves draft → open → closed → finalised; only the Board moves a closed or finalised round back to
open, with a reason. Scores change only while the round is open (scoring/domain/sheets.py checks it).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from blocs.enums import Phase
from blocs.models import BlocYear, Department
from scoring.domain.inspections import generate_inspections, new_seed
from scoring.domain.scoring_settings import SETTINGS_FIELDS
from scoring.enums import RoundKind, RoundStatus, ScaleStatus, SheetKind, SheetStatus
from scoring.models import Criterion, Inspection, ScoreSheet, ScoringRound, ScoringScale, ScoringSettings

REQUIRED_PHASE = {RoundKind.YEAR_END: Phase.SCORING, RoundKind.MID_YEAR: Phase.MID_YEAR_REVIEW}
# Closing checks at most this many names into its message; the count says the rest.
_NAMES_SHOWN = 5


def open_round(*, bloc_year, kind, user, seed=None):
    """Open a round of a bloc-year in its phase: one self sheet per member, k inspections per member (k from
    the province's settings) each with its cross sheet. The scale must be frozen (the pledge signed)."""
    if kind not in RoundKind.values:
        raise ValidationError(_("Loại đợt chấm điểm không hợp lệ."))
    with transaction.atomic():
        bloc_year = BlocYear.objects.select_for_update(of=("self",)).select_related("bloc").get(pk=bloc_year.pk)
        _check_phase(bloc_year, kind)
        _check_scale(bloc_year)
        members = list(Department.objects.filter(memberships__bloc_year=bloc_year).order_by("pk"))
        settings = _settings_of(bloc_year.bloc.province_id, user)
        seed = new_seed() if seed is None else seed
        pairs = generate_inspections(members=members, k=settings.inspectors_per_member, seed=seed)
        round_ = _draft_round(bloc_year, kind)
        now = timezone.now()
        ScoringRound.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN, opened_at=now,
                                                         version=round_.version + 1)
        inspections = Inspection.objects.bulk_create(
            Inspection(round=round_, inspector=a, inspected=b) for a, b in pairs)
        sheets = ScoreSheet.objects.bulk_create(
            [ScoreSheet(round=round_, kind=SheetKind.SELF, scored=m, scorer=m) for m in members]
            + [ScoreSheet(round=round_, kind=SheetKind.CROSS, scored=b, scorer=a) for a, b in pairs])
        record_event(actor=user, event_type="round.opened", obj=round_,
                     old_value={"status": round_.status},
                     new_value={"status": RoundStatus.OPEN, "kind": kind, "k": settings.inspectors_per_member,
                                "seed": seed, "members": [m.pk for m in members],
                                "inspections": sorted([a.pk, b.pk] for a, b in pairs),
                                "inspection_rows": listing(inspections, "inspector_id", "inspected_id"),
                                "sheets": listing(sheets, "kind", "scored_id", "scorer_id")})
    round_.refresh_from_db()
    return round_


def _settings_of(province_id, user):
    """The province's scoring settings; a province that never saved any gets the defaults, recorded as a
    change of this round's opening because the round's k comes from them."""
    settings, created = ScoringSettings.objects.get_or_create(province_id=province_id)
    if created:
        record_event(actor=user, event_type="scoring_settings.created", obj=settings,
                     new_value={name: getattr(settings, name) for name in SETTINGS_FIELDS})
    return settings


def _check_phase(bloc_year, kind):
    required = REQUIRED_PHASE[kind]
    if bloc_year.phase != required:
        raise ValidationError(
            _("Chỉ mở đợt “%(kind)s” khi năm thi đua ở giai đoạn “%(required)s” (hiện tại: “%(phase)s”).")
            % {"kind": RoundKind(kind).label, "required": Phase(required).label,
               "phase": bloc_year.get_phase_display()})


def _check_scale(bloc_year):
    scale = ScoringScale.objects.filter(bloc_year=bloc_year).first()
    if scale is None:
        raise ValidationError(_("Năm thi đua chưa có thang điểm; hãy lập thang điểm trước khi mở đợt chấm."))
    if scale.status != ScaleStatus.FROZEN:
        raise ValidationError(_("Thang điểm chưa được khóa (giao ước chưa được ký đủ); "
                                "chưa thể mở đợt chấm điểm."))
    if not Criterion.objects.filter(scale=scale, children__isnull=True).exists():
        raise ValidationError(_("Thang điểm chưa có tiêu chí nào để chấm."))


def _draft_round(bloc_year, kind):
    round_, _created = ScoringRound.objects.select_for_update().get_or_create(bloc_year=bloc_year, kind=kind)
    if round_.status != RoundStatus.DRAFT:
        raise ValidationError(_("Đợt “%(kind)s” của năm thi đua này đã được mở (trạng thái: %(status)s).")
                              % {"kind": round_.get_kind_display(), "status": round_.get_status_display()})
    return round_


def close_round(*, round, user):  # noqa: A002 — the domain's word
    """Close an open round; every sheet must have been submitted (the secretariat can submit for a unit)."""
    with transaction.atomic():
        round_ = _locked(round, RoundStatus.OPEN, _("Chỉ đóng được đợt chấm điểm đang mở."))
        # Locking the sheets waits for saves in flight; later saves then see the closed status.
        sheets = list(ScoreSheet.objects.select_for_update(of=("self",)).filter(round=round_)
                      .select_related("scored", "scorer").order_by("kind", "scored__name", "scorer__name"))
        pending = [s for s in sheets if s.status != SheetStatus.SUBMITTED]
        if pending:
            names = "; ".join(sheet_label(s) for s in pending[:_NAMES_SHOWN])
            more = len(pending) - _NAMES_SHOWN
            raise ValidationError(
                _("Còn %(n)s phiếu chấm chưa gửi: %(names)s%(more)s. Hãy gửi các phiếu này trước khi đóng đợt.")
                % {"n": len(pending), "names": names, "more": f" (+{more})" if more > 0 else ""})
        return _move(round_, RoundStatus.CLOSED, user, "round.closed", closed_at=timezone.now())


def finalise_round(*, round, user):  # noqa: A002
    """Finalise a closed round: from now on its scores are read-only."""
    with transaction.atomic():
        round_ = _locked(round, RoundStatus.CLOSED, _("Chỉ chốt kết quả của đợt chấm điểm đã đóng."))
        return _move(round_, RoundStatus.FINALISED, user, "round.finalised",
                     finalised_at=timezone.now(), finalised_by=user)


def reopen_round(*, round, reason, user):  # noqa: A002
    """Board only: reopen a closed or finalised round for corrections, with a reason kept in the audit."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần nêu lý do mở lại đợt chấm điểm."))
    with transaction.atomic():
        round_ = _locked(round, (RoundStatus.CLOSED, RoundStatus.FINALISED),
                         _("Chỉ mở lại được đợt chấm điểm đã đóng hoặc đã chốt."))
        return _move(round_, RoundStatus.OPEN, user, "round.reopened", reason=reason,
                     closed_at=None, finalised_at=None, finalised_by=None)


def _locked(round_, allowed, message):
    round_ = ScoringRound.objects.select_for_update().get(pk=round_.pk)
    allowed = allowed if isinstance(allowed, tuple) else (allowed,)
    if round_.status not in allowed:
        raise ValidationError(message)
    return round_


def _move(round_, status, user, event_type, reason=None, **fields):
    old = {"status": round_.status, **{k: _plain(getattr(round_, k)) for k in fields}}
    ScoringRound.objects.filter(pk=round_.pk).update(status=status, version=round_.version + 1, **fields)
    new = {"status": status, **{k: _plain(v) for k, v in fields.items()}}
    if reason is not None:
        new["reason"] = reason
    record_event(actor=user, event_type=event_type, obj=round_, old_value=old, new_value=new)
    round_.refresh_from_db()
    return round_


def _plain(value):
    return getattr(value, "pk", value)


def sheet_label(sheet):
    """“Tự chấm – X” or “A kiểm tra B”, for messages and lists."""
    if sheet.kind == SheetKind.SELF:
        return _("Tự chấm – %(name)s") % {"name": sheet.scored.name}
    return _("%(scorer)s kiểm tra %(scored)s") % {"scorer": sheet.scorer.name, "scored": sheet.scored.name}
