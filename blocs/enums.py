from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The phases of a bloc's year, in the order DOMAIN.md gives them."""

    SETUP = "setup", _("Chuẩn bị")
    PLEDGE = "pledge", _("Ký kết giao ước")
    MID_YEAR_REVIEW = "mid_year_review", _("Sơ kết 6 tháng")
    SCORING = "scoring", _("Chấm điểm")
    RANKING = "ranking", _("Xếp hạng")
    VOTING = "voting", _("Bình xét, bỏ phiếu")
    NOMINATIONS = "nominations", _("Đề nghị khen thưởng")
    DECISION = "decision", _("Quyết định khen thưởng")
    CLOSED = "closed", _("Đã kết thúc")


PHASE_ORDER = [p.value for p in Phase]


class ConferenceKind(models.TextChoices):
    PLEDGE_SIGNING = "pledge_signing", _("Hội nghị ký kết giao ước")
    MID_YEAR = "mid_year", _("Hội nghị sơ kết 6 tháng")
    YEAR_END = "year_end", _("Hội nghị tổng kết năm")
    OTHER = "other", _("Hội nghị khác")


class BlocKind(models.TextChoices):
    BLOC = "khoi", _("Khối thi đua")
    CLUSTER = "cum", _("Cụm thi đua")


class DepartmentKind(models.TextChoices):
    SO = "so", _("Sở")
    BAN = "ban", _("Ban")
    CUC = "cuc", _("Cục")
    KHO_BAC = "kho_bac", _("Kho bạc")
    VAN_PHONG = "van_phong", _("Văn phòng")
    NGAN_HANG = "ngan_hang", _("Ngân hàng")
    OTHER = "other", _("Đơn vị khác")


class SuccessionKind(models.TextChoices):
    RENAMED = "renamed", _("Đổi tên")
    MERGED = "merged", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
