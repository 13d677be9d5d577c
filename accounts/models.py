from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from rest_framework.authtoken.models import Token
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role


class User(AbstractUser):
    """An account of the Board of one province, or of one department (officer, leader, secretariat)."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        "blocs.Province", verbose_name=_("tỉnh (Ban TĐKT)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="board_users",
    )
    department = models.ForeignKey(
        "blocs.Department", verbose_name=_("đơn vị"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("khối phục vụ (thư ký)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="secretariat_users",
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.CheckConstraint(
                name="user_role_has_its_unit",
                condition=(
                    Q(role="")
                    | Q(role="board", province__isnull=False, department__isnull=True, bloc__isnull=True)
                    | Q(role="secretariat", department__isnull=False, bloc__isnull=False, province__isnull=True)
                    | Q(role__in=["officer", "leader"], department__isnull=False,
                        province__isnull=True, bloc__isnull=True)
                ),
            ),
        ]

    @property
    def home_province_id(self):
        if self.province_id:
            return self.province_id
        return self.department.province_id if self.department_id else None


class TokenActivity(models.Model):
    """When an API token was last used, for the idle limit (DRF's Token records only its creation)."""

    token = models.OneToOneField(Token, primary_key=True, on_delete=models.CASCADE, related_name="activity")
    last_used_at = models.DateTimeField(_("lần dùng cuối"))

    class Meta:
        verbose_name = _("lần dùng token API")
        verbose_name_plural = _("lần dùng token API")
