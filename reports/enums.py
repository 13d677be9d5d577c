from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PLEDGE = "pledge", _("Giao ước thi đua")
    MID_YEAR = "mid_year", _("Báo cáo sơ kết 6 tháng")
    YEAR_END = "year_end", _("Báo cáo tổng kết năm")
    VOTE_MINUTES = "vote_minutes", _("Biên bản kiểm phiếu")
    NOMINATION_LETTER = "nomination_letter", _("Tờ trình đề nghị khen thưởng")
    PROVINCE_SUMMARY = "province_summary", _("Báo cáo tổng hợp các khối thi đua của tỉnh")
    DECISION = "decision", _("Quyết định khen thưởng")


# What each kind is about: a bloc-year, one ballot round, the province's year, or one award decision.
BLOC_YEAR_KINDS = frozenset({ReportKind.PLEDGE, ReportKind.MID_YEAR, ReportKind.YEAR_END,
                             ReportKind.NOMINATION_LETTER})
BALLOT_ROUND_KINDS = frozenset({ReportKind.VOTE_MINUTES})
PROVINCE_KINDS = frozenset({ReportKind.PROVINCE_SUMMARY})
DECISION_KINDS = frozenset({ReportKind.DECISION})


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RENDERING = "rendering", _("Đang tạo tệp")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class SignatureSlot(models.TextChoices):
    MEMBER = "member", _("Thủ trưởng đơn vị thành viên")
    LEADER = "leader", _("Thủ trưởng đơn vị khối trưởng")
    DEPUTY = "deputy", _("Thủ trưởng đơn vị khối phó")
    BOARD = "board", _("Lãnh đạo Ban Thi đua - Khen thưởng")
    AUTHORITY = "authority", _("Người ký quyết định")
