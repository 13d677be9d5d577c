from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundPurpose(models.TextChoices):
    AWARD = "award", _("Đề nghị khen thưởng")
    RANKING = "ranking", _("Xếp hạng nhất, nhì, ba")
    LEADER = "leader", _("Bầu khối trưởng năm sau")
    DEPUTY = "deputy", _("Bầu khối phó năm sau")


class BallotRoundStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kiểm phiếu")
    CANCELLED = "cancelled", _("Đã hủy")


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Bỏ phiếu trực tuyến")
    PAPER = "paper", _("Phiếu giấy (thư ký ghi nhận)")


class ElectionMethod(models.TextChoices):
    BALLOT = "ballot", _("Bỏ phiếu kín")
    ROTATION = "rotation", _("Luân phiên theo thỏa thuận")


class ElectionStatus(models.TextChoices):
    OPEN = "open", _("Đang bầu")
    CLOSED = "closed", _("Đã kết thúc")
