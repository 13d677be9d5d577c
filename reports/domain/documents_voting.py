"""Builder of the vote-count minutes (biên bản kiểm phiếu) of one counted ballot round."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.domain.contexts import builder
from reports.domain.documents import bloc_document, bloc_part, leader_signers
from reports.domain.queries import documents as queries
from reports.enums import ReportKind
from voting.enums import BallotRoundStatus


@builder(ReportKind.VOTE_MINUTES)
def vote_minutes(round_):
    """The members and who voted, the quorum, each candidate's votes against the threshold and the outcome;
    signed by the head of the leader department, who chairs the count."""
    if round_.status != BallotRoundStatus.CLOSED:
        raise ValidationError(_("Vòng bỏ phiếu chưa kiểm phiếu: chưa lập được biên bản kiểm phiếu."))
    bloc_year = round_.bloc_year
    names = queries.names_at_time(bloc_year)
    minutes = queries.minutes_snapshot(round_=round_)
    counted_on = round_.conference.date if round_.conference_id and round_.conference.date else (
        round_.closed_at.date() if round_.closed_at else None)
    signers = leader_signers(bloc_year, names, with_deputy=False)
    for chair in signers:
        chair["position"] = _("CHỦ TRÌ KIỂM PHIẾU")
    return {
        "document": bloc_document(bloc_year, kind=ReportKind.VOTE_MINUTES, title=_("BIÊN BẢN KIỂM PHIẾU"),
                                  names=names, signers=signers, symbol="BB", default_date=counted_on,
                                  default_recipients=[_("Các đơn vị thành viên khối;"), _("Lưu: VT.")]),
        "bloc": bloc_part(bloc_year, names),
        "round": minutes,
    }
