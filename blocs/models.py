from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocs.enums import BlocKind, ConferenceKind, DepartmentKind, Phase, SuccessionKind


class Province(models.Model):
    name = models.CharField(_("tên tỉnh"), max_length=120, unique=True)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    board_name = models.CharField(
        _("tên Ban Thi đua - Khen thưởng"), max_length=200, blank=True,
        help_text=_("Để trống để dùng tên mặc định “Ban Thi đua - Khen thưởng tỉnh …”."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")

    def __str__(self):
        return self.name


class Department(models.Model):
    """A member unit (Sở, Ban, Cục…). Renames and merges create a new row linked by `successor`."""

    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT,
                                 related_name="departments")
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=DepartmentKind.choices,
                            default=DepartmentKind.OTHER)
    is_illustrative = models.BooleanField(
        _("dữ liệu minh họa"), default=False,
        help_text=_("Đơn vị do dữ liệu mẫu bổ sung, không nêu tên trong nguồn."),
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="predecessors",
    )
    succession_kind = models.CharField(_("hình thức kế thừa"), max_length=20, blank=True,
                                       choices=SuccessionKind.choices)
    dissolved_on = models.DateField(_("ngày thôi hoạt động"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="department_unique_name_in_province"),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="department_not_own_successor"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.successor_id is None and self.dissolved_on is None


class Bloc(models.Model):
    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT,
                                 related_name="blocs")
    name = models.CharField(_("tên khối"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=BlocKind.choices, default=BlocKind.BLOC)
    description = models.TextField(_("mô tả"), blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=200, blank=True)

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("khối thi đua")
        verbose_name_plural = _("khối thi đua")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="bloc_unique_name_in_province"),
        ]

    def __str__(self):
        return self.name


class BlocYear(models.Model):
    """A bloc's emulation year: its members, leader, deputy and phase."""

    bloc = models.ForeignKey(Bloc, verbose_name=_("khối"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    leader = models.ForeignKey(Department, verbose_name=_("khối trưởng"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(Department, verbose_name=_("khối phó"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(_("giai đoạn"), max_length=20, choices=Phase.choices, default=Phase.SETUP)
    theme = models.TextField(_("chủ đề thi đua"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["bloc__name", "-year"]
        verbose_name = _("năm thi đua của khối")
        verbose_name_plural = _("năm thi đua của khối")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="blocyear_unique_year_per_bloc"),
            # Target of the composite foreign key that keeps Membership.year honest (see migration 0002).
            models.UniqueConstraint(fields=["id", "year"], name="blocyear_unique_id_year"),
            models.CheckConstraint(
                condition=Q(leader__isnull=True) | Q(deputy__isnull=True) | ~Q(leader=F("deputy")),
                name="blocyear_leader_is_not_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.bloc.name} – {self.year}"


class Membership(models.Model):
    """A department's membership in one bloc-year, with its name as it was that year."""

    bloc_year = models.ForeignKey(BlocYear, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                                  related_name="memberships")
    department = models.ForeignKey(Department, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                   related_name="memberships")
    # Copied from bloc_year so that the one-bloc-per-year rule is a plain unique constraint.
    year = models.PositiveSmallIntegerField(_("năm"))
    name_at_time = models.CharField(_("tên đơn vị trong năm"), max_length=200)
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)

    class Meta:
        ordering = ["name_at_time"]
        verbose_name = _("đơn vị thành viên")
        verbose_name_plural = _("đơn vị thành viên")
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="membership_one_bloc_per_year"),
        ]

    def __str__(self):
        return f"{self.name_at_time} ({self.year})"


class Conference(models.Model):
    bloc_year = models.ForeignKey(BlocYear, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                                  related_name="conferences")
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=ConferenceKind.choices)
    date = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    host = models.ForeignKey(Department, verbose_name=_("đơn vị đăng cai"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="hosted_conferences")
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.bloc_year}"
