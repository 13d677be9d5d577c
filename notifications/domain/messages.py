"""What each event tells whom. The texts are written in the site's official language (they are stored and
e-mailed, whoever triggered them); every function runs inside the transaction of the change it announces.

Ballot rounds: the voting code calls `notify_round_opened(round=...)` in the transaction that opens a round.
Nominations: awards/domain/nominations.py calls the `notify_nomination_*` functions.
"""
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.domain import queries
from notifications.domain.services import notify


def _url(name, pk, fallback=""):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


def notify_round_opened(*, round):
    """Tell the staff of every member department that a ballot round is open for their vote."""
    bloc_year = round.bloc_year
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Mời bỏ phiếu: “%(round)s” – %(bloc)s năm %(year)s") % {
            "round": round.title, "bloc": bloc_year.bloc.name, "year": bloc_year.year}
        body = _("Vòng bỏ phiếu kín “%(round)s” của %(bloc)s năm %(year)s đã mở. Mỗi đơn vị thành viên bỏ một "
                 "phiếu; phiếu của đơn vị được giữ bí mật.") % {
            "round": round.title, "bloc": bloc_year.bloc.name, "year": bloc_year.year}
    url = _url("voting:round_detail", round.pk, fallback=_url("blocs:bloc_year_detail", bloc_year.pk))
    return notify(users=queries.member_staff(bloc_year_id=bloc_year.pk), title=title, body=body, url=url)


def _nomination_words(nomination):
    bloc_year = nomination.bloc_year
    return {"award": nomination.award_type.name, "department": nomination.department.name,
            "bloc": bloc_year.bloc.name, "year": bloc_year.year}


def notify_nomination_submitted(*, nomination, resubmitted=False, comment=""):
    """Tell the Board of the province that a nomination waits for its review."""
    words = _nomination_words(nomination)
    with translation.override(settings.LANGUAGE_CODE):
        if resubmitted:
            title = _("Đề nghị được gửi lại: %(award)s cho %(department)s (%(bloc)s, %(year)s)") % words
        else:
            title = _("Đề nghị khen thưởng mới: %(award)s cho %(department)s (%(bloc)s, %(year)s)") % words
        body = _("Thư ký %(bloc)s đã gửi đề nghị %(award)s cho %(department)s năm %(year)s; đề nghị đang chờ "
                 "Ban Thi đua - Khen thưởng xem xét.") % words
        if comment:
            body += "\n\n" + _("Ghi chú của thư ký khối: %(comment)s") % {"comment": comment}
    return notify(users=queries.board_users(province_id=nomination.bloc_year.bloc.province_id), title=title,
                  body=body, url=_url("awards:nomination_detail", nomination.pk))


def notify_nomination_decided(*, nomination, status, comment=""):
    """Tell the bloc's secretariat that the Board returned, approved or rejected its nomination."""
    words = _nomination_words(nomination)
    with translation.override(settings.LANGUAGE_CODE):
        titles = {
            "returned": _("Ban TĐKT trả lại đề nghị %(award)s cho %(department)s để bổ sung") % words,
            "approved": _("Ban TĐKT đã chấp thuận đề nghị %(award)s cho %(department)s") % words,
            "rejected": _("Ban TĐKT không chấp thuận đề nghị %(award)s cho %(department)s") % words,
        }
        body = _("Đề nghị %(award)s cho %(department)s (%(bloc)s, năm %(year)s).") % words
        if comment:
            body += "\n\n" + _("Ý kiến của Ban Thi đua - Khen thưởng: %(comment)s") % {"comment": comment}
    return notify(users=queries.secretariat_users(bloc_id=nomination.bloc_year.bloc_id), title=titles[str(status)],
                  body=body, url=_url("awards:nomination_detail", nomination.pk))
