"""Award types and their rules (data with an effective period), quotas, nominations and award history."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardSource, ConditionKind, NominationStatus, Recipient


class AwardType(models.Model):
    province = models.ForeignKey("blocs.Province", on_delete=models.CASCADE, related_name="award_types")
    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("tên hình thức khen thưởng"), max_length=200)
    recipient = models.CharField(_("đối tượng"), max_length=12, choices=Recipient.choices,
                                 default=Recipient.COLLECTIVE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["province", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "code"], name="award_type_code_per_province")]

    def __str__(self):
        return self.name


class RuleSet(models.Model):
    """A province's award rules in force from `valid_from` to `valid_to` (inclusive; open-ended if null)."""

    province = models.ForeignKey("blocs.Province", on_delete=models.CASCADE, related_name="rule_sets")
    name = models.CharField(_("tên bộ quy định"), max_length=200)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        ordering = ["province", "-valid_from"]
        constraints = [models.CheckConstraint(name="rule_set_period_ordered",
                                              condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")))]

    def __str__(self):
        return self.name


class AwardRule(models.Model):
    """How one award type is judged under one rule set: its article, conditions and cash multiple."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="rules")
    article = models.CharField(_("điều khoản"), max_length=200, blank=True)
    cash_multiple = models.DecimalField(_("hệ số tiền thưởng (lần lương cơ sở)"), max_digits=6, decimal_places=2,
                                        default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule_set", "award_type"], name="one_rule_per_award_type")]


class EligibilityCondition(models.Model):
    rule = models.ForeignKey(AwardRule, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=30, choices=ConditionKind.choices)
    params = models.JSONField(default=dict)
    description = models.CharField(_("diễn giải"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class Quota(models.Model):
    bloc_year = models.ForeignKey("blocs.BlocYear", on_delete=models.CASCADE, related_name="quotas")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="quotas")
    places = models.PositiveSmallIntegerField(_("số lượng được đề nghị"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bloc_year", "award_type"], name="one_quota_per_award_type")]


class Nomination(models.Model):
    bloc_year = models.ForeignKey("blocs.BlocYear", on_delete=models.CASCADE, related_name="nominations")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="nominations")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="nominations")
    ballot_round = models.ForeignKey("voting.BallotRound", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="nominations")
    rule_set = models.ForeignKey(RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    eligibility = models.JSONField(_("kết quả xét điều kiện"), default=dict, blank=True)
    status = models.CharField(max_length=15, choices=NominationStatus.choices, default=NominationStatus.DRAFT)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    achievement_report = models.FileField(_("báo cáo thành tích"), upload_to="dossiers/%Y/", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["bloc_year", "award_type__position", "department__name"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "award_type", "department"],
                                               name="one_nomination_per_award_and_unit")]


class NominationEvent(models.Model):
    """A step of the review workflow: who, when, from which status to which, and why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=15, choices=NominationStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=NominationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class Award(models.Model):
    """An award a unit holds (its history), from a decision or imported from before the system."""

    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="awards")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    source = models.CharField(max_length=10, choices=AwardSource.choices, default=AwardSource.DECISION)
    decision_reference = models.CharField(_("số, ký hiệu quyết định"), max_length=100, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    is_withdrawn = models.BooleanField(default=False)
    person_name = models.CharField(_("họ tên cá nhân"), max_length=200, blank=True,
                                   help_text=_("Để trống khi khen thưởng tập thể đơn vị"))
    # One award per decision line, so a decision recorded twice cannot create its awards twice.
    decision_line = models.OneToOneField("decisions.AwardDecisionLine", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="award")

    class Meta:
        ordering = ["-year", "award_type__position"]
        constraints = [models.UniqueConstraint(
            fields=["department", "award_type", "year", "person_name"], condition=Q(is_withdrawn=False),
            name="one_live_award_per_recipient_type_year")]
