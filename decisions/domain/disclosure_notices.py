"""Who is told about complaints on a disclosed list: the Board when one is filed, the filing department's
officers and leaders when it is answered. Runs inside the transaction of the change (see notifications)."""
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from notifications.domain.queries import board_users
from notifications.domain.services import notify


def _url(complaint):
    return reverse("decisions:disclosure_detail", args=[complaint.disclosure_id]) + f"#complaint-{complaint.pk}"


def _words(complaint):
    return {"kind": complaint.get_kind_display().lower(), "department": complaint.department.name,
            "recipient": complaint.entry.recipient_name, "award": complaint.entry.award_type.name,
            "year": complaint.disclosure.year}


def complaint_filed(*, complaint):
    """Tell the province's Board that a department commented on or complained about an entry."""
    with translation.override(settings.LANGUAGE_CODE):
        words = _words(complaint)
        title = _("%(department)s gửi %(kind)s về đề nghị %(award)s cho %(recipient)s") % words
        body = _("Danh sách công khai đề nghị khen thưởng năm %(year)s có %(kind)s mới cần Ban Thi đua - Khen "
                 "thưởng trả lời:") % words + "\n\n" + complaint.text
    return notify(users=board_users(province_id=complaint.disclosure.province_id), title=title, body=body,
                  url=_url(complaint))


def complaint_answered(*, complaint, first_answer=True):
    """Tell the officers and leaders of the filing department that the Board answered."""
    staff = User.objects.filter(is_active=True, department_id=complaint.department_id,
                                role__in=[Role.OFFICER, Role.LEADER]).order_by("pk")
    with translation.override(settings.LANGUAGE_CODE):
        words = _words(complaint)
        if first_answer:
            title = _("Ban TĐKT đã trả lời %(kind)s về đề nghị %(award)s cho %(recipient)s") % words
        else:
            title = _("Ban TĐKT đã sửa câu trả lời %(kind)s về đề nghị %(award)s cho %(recipient)s") % words
        body = _("Trả lời của Ban Thi đua - Khen thưởng:") + "\n\n" + complaint.answer
    return notify(users=staff, title=title, body=body, url=_url(complaint))
