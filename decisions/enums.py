from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureStatus(models.TextChoices):
    OPEN = "open", _("Đang công khai")
    CLOSED = "closed", _("Hết thời hạn công khai")
    SENT_TO_COUNCIL = "sent", _("Đã trình Hội đồng")


class ComplaintKind(models.TextChoices):
    COMMENT = "comment", _("Ý kiến")
    COMPLAINT = "complaint", _("Khiếu nại")


class DecisionStatus(models.TextChoices):
    RECORDED = "recorded", _("Đã ghi nhận")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class LineOutcome(models.TextChoices):
    AWARDED = "awarded", _("Được khen thưởng")
    NOT_AWARDED = "not_awarded", _("Không được Hội đồng thông qua")
