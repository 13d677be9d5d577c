from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from scoring.enums import (AggregationMethod, AmendmentStatus, Classification, CriterionKind, PledgeStatus,
                           RoundKind, RoundStatus, ScaleStatus, SheetKind, SheetStatus)

POINTS = dict(max_digits=8, decimal_places=2)


def default_tie_breaks():
    return ["first_group", "fewer_penalties", "ballot"]


class ScoringSettings(models.Model):
    """A province's configurable scoring rules (DOMAIN.md defaults); a ranking keeps a snapshot of them."""

    province = models.OneToOneField("blocs.Province", on_delete=models.CASCADE, related_name="scoring_settings")
    aggregation_method = models.CharField(_("cách tính điểm cuối cùng"), max_length=30,
                                          choices=AggregationMethod.choices, default=AggregationMethod.MEAN_OF_CROSS)
    discrepancy_percent = models.DecimalField(_("ngưỡng chênh lệch tự chấm/kiểm tra (% tổng điểm)"),
                                              default=Decimal("10"), **POINTS)
    excellent_percent = models.DecimalField(_("ngưỡng hoàn thành xuất sắc (%)"), default=Decimal("90"), **POINTS)
    good_percent = models.DecimalField(_("ngưỡng hoàn thành tốt (%)"), default=Decimal("70"), **POINTS)
    complete_percent = models.DecimalField(_("ngưỡng hoàn thành (%)"), default=Decimal("50"), **POINTS)
    tie_break_chain = models.JSONField(_("thứ tự phá thế hòa"), default=default_tie_breaks)
    inspectors_per_member = models.PositiveSmallIntegerField(_("số đơn vị kiểm tra mỗi thành viên (k)"), default=1,
                                                             validators=[MinValueValidator(1)])
    bonus_cap_percent = models.DecimalField(_("trần điểm thưởng (% tổng điểm)"), default=Decimal("10"), **POINTS)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("quy định chấm điểm")
        verbose_name_plural = _("quy định chấm điểm")


class ScoringScale(models.Model):
    """A scoring scale: a province template kept by the Board, or a bloc-year's own adapted copy."""

    province = models.ForeignKey("blocs.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="scale_templates")
    bloc_year = models.OneToOneField("blocs.BlocYear", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="scale")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    name = models.CharField(_("tên thang điểm"), max_length=200)
    total = models.DecimalField(_("tổng điểm"), **POINTS, validators=[MinValueValidator(Decimal("1"))])
    bonus_cap = models.DecimalField(_("trần điểm thưởng"), **POINTS, default=Decimal("0"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ScaleStatus.choices, default=ScaleStatus.DRAFT)
    is_illustrative = models.BooleanField(_("thang điểm mẫu minh họa"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("thang điểm")
        verbose_name_plural = _("thang điểm")
        constraints = [
            models.CheckConstraint(
                name="scale_is_template_xor_bloc_year",
                condition=(Q(province__isnull=False, bloc_year__isnull=True)
                           | Q(province__isnull=True, bloc_year__isnull=False))),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A node of the scale: a group (no parent), a criterion, or a sub-criterion. Leaves are scored."""

    scale = models.ForeignKey(ScoringScale, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("nội dung"), max_length=500)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.NORMAL)
    # For a penalty, the largest deduction (entered as negative points down to -max_points).
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS, default=Decimal("0"),
                                     validators=[MinValueValidator(Decimal("0"))])
    evidence_required = models.BooleanField(_("cần minh chứng"), default=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="criterion_unique_code_in_scale"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Pledge(models.Model):
    """The bloc-year's emulation pledge (giao ước thi đua)."""

    bloc_year = models.OneToOneField("blocs.BlocYear", on_delete=models.CASCADE, related_name="pledge")
    conference = models.ForeignKey("blocs.Conference", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("hội nghị ký kết"))
    theme = models.TextField(_("chủ đề"), blank=True)
    contents = models.TextField(_("nội dung giao ước"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PledgeStatus.choices,
                              default=PledgeStatus.DRAFT)
    signed_at = models.DateTimeField(_("ngày ký đủ"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")


class TargetRegistration(models.Model):
    """A member's registered targets (đăng ký chỉ tiêu) under the pledge."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="registrations")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    targets = models.TextField(_("chỉ tiêu đăng ký"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pledge", "department"], name="one_registration_per_member")]


class PledgeSignature(models.Model):
    """A member leader's signature of the pledge: who, when, once."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatures")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["pledge", "department"], name="one_signature_per_member")]


class ScaleAmendment(models.Model):
    """A change to a frozen scale, applied only when the Board approves it."""

    scale = models.ForeignKey(ScoringScale, on_delete=models.CASCADE, related_name="amendments")
    change = models.JSONField(_("nội dung thay đổi"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)


class ScoringRound(models.Model):
    """A bloc-year's scoring round (mid-year optional, year-end): opens, closes, is finalised."""

    bloc_year = models.ForeignKey("blocs.BlocYear", on_delete=models.CASCADE, related_name="scoring_rounds")
    kind = models.CharField(_("đợt chấm"), max_length=10, choices=RoundKind.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["bloc_year", "kind"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "kind"], name="one_round_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.bloc_year}"


class Inspection(models.Model):
    """A cross-inspection assignment: `inspector` scores `inspected` in this round."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="inspections")
    inspector = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    inspected = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    adjusted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "inspector", "inspected"], name="inspection_unique_pair"),
            models.CheckConstraint(condition=~Q(inspector=F("inspected")), name="inspection_never_self"),
        ]


class ScoreSheet(models.Model):
    """One department's score sheet in a round: its self-assessment, or one inspector's cross sheet."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="sheets")
    kind = models.CharField(max_length=10, choices=SheetKind.choices)
    scored = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    # The department that fills the sheet: the scored one itself for a self-assessment.
    scorer = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "scored", "scorer"], name="sheet_unique_per_scorer"),
            models.CheckConstraint(
                name="sheet_self_iff_scorer_is_scored",
                condition=(Q(kind="self", scorer=F("scored")) | (Q(kind="cross") & ~Q(scorer=F("scored"))))),
        ]


class ScoreEntry(models.Model):
    """One cell of a sheet: points for one criterion, with a comment and its own version."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(**POINTS, null=True, blank=True)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="entry_unique_cell")]


class Evidence(models.Model):
    entry = models.ForeignKey(ScoreEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class SheetPresence(models.Model):
    """Who has a sheet open (refreshed by polling), so colleagues see each other."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="presence")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "user"], name="presence_unique")]


class Ranking(models.Model):
    """The computed result of a round, with the settings it applied."""

    round = models.OneToOneField(ScoringRound, on_delete=models.CASCADE, related_name="ranking")
    computed_at = models.DateTimeField()
    settings_snapshot = models.JSONField()
    inputs_hash = models.CharField(max_length=64, blank=True)


class RankingEntry(models.Model):
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(**POINTS, null=True)
    cross_scores = models.JSONField(default=list)
    final_score = models.DecimalField(**POINTS, null=True)
    group_scores = models.JSONField(default=dict)
    penalty_points = models.DecimalField(**POINTS, default=Decimal("0"))
    classification = models.CharField(max_length=12, choices=Classification.choices, blank=True)
    rank = models.PositiveSmallIntegerField(null=True)
    discrepancy_flag = models.BooleanField(default=False)
    tie_break_trace = models.JSONField(default=list)
    z_score = models.FloatField(null=True)

    class Meta:
        ordering = ["rank", "department__name"]
        constraints = [models.UniqueConstraint(fields=["ranking", "department"], name="ranking_entry_unique")]
