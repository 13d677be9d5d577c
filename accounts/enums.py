from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BOARD = "board", _("Ban Thi đua - Khen thưởng tỉnh")
    SECRETARIAT = "secretariat", _("Thư ký khối")
    OFFICER = "officer", _("Cán bộ phụ trách TĐKT của đơn vị")
    LEADER = "leader", _("Thủ trưởng đơn vị")


DEPARTMENT_ROLES = {Role.SECRETARIAT, Role.OFFICER, Role.LEADER}
