from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionKind(models.TextChoices):
    NORMAL = "normal", _("Tiêu chí chấm điểm")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class ScaleStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    FROZEN = "frozen", _("Đã khóa (giao ước đã ký)")


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang ký kết")
    SIGNED = "signed", _("Đã ký đủ")


class AmendmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ Ban TĐKT duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class RoundKind(models.TextChoices):
    MID_YEAR = "mid_year", _("Sơ kết 6 tháng")
    YEAR_END = "year_end", _("Tổng kết năm")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa mở")
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã đóng chấm điểm")
    FINALISED = "finalised", _("Đã chốt kết quả")


class SheetKind(models.TextChoices):
    SELF = "self", _("Tự chấm điểm")
    CROSS = "cross", _("Kiểm tra chéo")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã gửi")


class Classification(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETE = "complete", _("Hoàn thành nhiệm vụ")
    INCOMPLETE = "incomplete", _("Không hoàn thành nhiệm vụ")


class AggregationMethod(models.TextChoices):
    MEAN_OF_CROSS = "mean_of_cross", _("Trung bình điểm kiểm tra chéo")
    MEDIAN_OF_CROSS = "median_of_cross", _("Trung vị điểm kiểm tra chéo")
    MEAN_OF_SELF_AND_CROSS = "mean_of_self_and_cross", _("Trung bình điểm tự chấm và kiểm tra chéo")


class TieBreak(models.TextChoices):
    FIRST_GROUP = "first_group", _("Điểm nhóm tiêu chí thứ nhất cao hơn")
    FEWER_PENALTIES = "fewer_penalties", _("Ít điểm trừ hơn")
    BALLOT = "ballot", _("Bỏ phiếu")
