from django.db import models
from django.utils.translation import gettext_lazy as _


class Recipient(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class ConditionKind(models.TextChoices):
    LED_BLOC = "led_bloc", _("Dẫn đầu khối")
    RANKED_AT_MOST = "ranked_at_most", _("Xếp hạng không thấp hơn N")
    CLASSIFICATION_AT_LEAST = "classification_at_least", _("Xếp loại từ mức X trở lên")
    HOLDS_AWARD = "holds_award", _("Đã được tặng danh hiệu Y trong năm")
    CONSECUTIVE_YEARS = "consecutive_years", _("N năm liên tục đạt Z")
    MEMBER_SHARE_AT_LEAST = "member_share_at_least", _("Tỷ lệ thành viên đạt mức ≥ P%")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    SUBMITTED = "submitted", _("Đã gửi Ban TĐKT")
    UNDER_REVIEW = "under_review", _("Ban TĐKT đang xem xét")
    RETURNED = "returned", _("Trả lại để bổ sung")
    APPROVED = "approved", _("Đã chấp thuận")
    REJECTED = "rejected", _("Không chấp thuận")


class AwardSource(models.TextChoices):
    DECISION = "decision", _("Quyết định khen thưởng trong hệ thống")
    IMPORTED = "imported", _("Nhập từ dữ liệu cũ")
