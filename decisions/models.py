"""After the Board's approval: public disclosure of the province's proposals, complaints, the Council's
decision with its lines (which become award history), and the base salary that prices reward money."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decisions.enums import ComplaintKind, DecisionStatus, DisclosureStatus


class DecisionSettings(models.Model):
    """Per province: how long the proposals stay public (working days, Monday–Friday)."""

    province = models.OneToOneField("blocs.Province", on_delete=models.CASCADE, related_name="decision_settings")
    disclosure_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"), default=5)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("thiết lập công khai, quyết định")


class Disclosure(models.Model):
    """The province's list of proposed awards for a year, published for comments and complaints."""

    province = models.ForeignKey("blocs.Province", on_delete=models.PROTECT, related_name="disclosures")
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    published_on = models.DateField(_("ngày công khai"))
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"))
    closes_on = models.DateField(_("hạn nhận ý kiến"))
    status = models.CharField(max_length=10, choices=DisclosureStatus.choices, default=DisclosureStatus.OPEN)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("công khai danh sách đề nghị")
        ordering = ["-year", "-published_on"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="one_disclosure_per_province_year")]

    def __str__(self):
        return self.title


class DisclosureEntry(models.Model):
    """One proposed award as published: a snapshot, so later edits of the nomination do not rewrite it."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="disclosure_entries")
    award_type = models.ForeignKey("awards.AwardType", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    recipient_name = models.CharField(_("đơn vị, cá nhân được đề nghị"), max_length=300)
    bloc_name = models.CharField(_("khối"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["disclosure", "nomination"], name="one_entry_per_nomination")]

    def __str__(self):
        return self.recipient_name


class Complaint(models.Model):
    """A department's comment or complaint about an entry; the Board answers every one."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="complaints")
    entry = models.ForeignKey(DisclosureEntry, on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField(_("loại"), max_length=10, choices=ComplaintKind.choices, default=ComplaintKind.COMMENT)
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="complaints",
                                    help_text="the unit that files it")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    text = models.TextField(_("nội dung"))
    answer = models.TextField(_("trả lời của Ban TĐKT"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("ý kiến, khiếu nại")
        ordering = ["filed_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_answered(self):
        return bool(self.answer)


class BaseSalary(models.Model):
    """Lương cơ sở with its effective period (national; reward money is a multiple of it)."""

    amount = models.DecimalField(_("mức lương cơ sở (đồng)"), max_digits=12, decimal_places=0)
    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.amount} ({self.valid_from})"


class AwardDecision(models.Model):
    """The Chairman's award decision recorded by the Board; its awarded lines become award history."""

    province = models.ForeignKey("blocs.Province", on_delete=models.PROTECT, related_name="award_decisions")
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    disclosure = models.ForeignKey(Disclosure, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="decisions")
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 125/QĐ-UBND"))
    decided_on = models.DateField(_("ngày ký"))
    authority = models.CharField(_("cơ quan ban hành"), max_length=200)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200)
    signer_name = models.CharField(_("họ tên người ký"), max_length=200)
    council_outcome = models.TextField(_("kết quả họp Hội đồng"), blank=True)
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    withdrawal_reason = models.TextField(_("lý do thu hồi"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        ordering = ["-decided_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["province", "number_symbol"],
                                               name="one_decision_per_number")]

    def __str__(self):
        return self.number_symbol


class AwardDecisionLine(models.Model):
    """One unit or person the decision awards, with the money computed at the decision date."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="lines")
    award_type = models.ForeignKey("awards.AwardType", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("họ tên cá nhân"), max_length=200, blank=True,
                                   help_text=_("Để trống khi khen thưởng tập thể đơn vị"))
    recipient_name = models.CharField(_("tên đơn vị, cá nhân"), max_length=300)
    nomination = models.ForeignKey("awards.Nomination", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="decision_lines")
    entry = models.ForeignKey(DisclosureEntry, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="decision_lines")
    cash_multiple = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    base_salary = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    amount = models.DecimalField(_("tiền thưởng (đồng)"), max_digits=14, decimal_places=0, default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "nomination"], condition=Q(nomination__isnull=False),
                                               name="one_line_per_nomination")]

    def __str__(self):
        return self.recipient_name
