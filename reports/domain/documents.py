"""Builders of the reports about one bloc-year's work: the year-end summary and the mid-year review
(registered in contexts.BUILDERS). Each reads in a constant number of queries whatever the bloc's size."""
from django.utils.translation import gettext as _

from reports.domain.contexts import bloc_issuer, builder, document_part, member_rows, signer
from reports.domain.queries import documents as queries
from reports.enums import ReportKind, SignatureSlot
from scoring.enums import RoundKind


def bloc_recipients():
    return [_("Ban Thi đua - Khen thưởng tỉnh (để b/c);"), _("Các đơn vị thành viên khối;"), _("Lưu: VT.")]


def leader_signers(bloc_year, names, *, with_deputy):
    """The leader department's head signs first; the deputy's beside it when `with_deputy`."""
    seats = [(SignatureSlot.LEADER, _("KHỐI TRƯỞNG"), bloc_year.leader_id)]
    if with_deputy:
        seats.append((SignatureSlot.DEPUTY, _("KHỐI PHÓ"), bloc_year.deputy_id))
    seats = [seat for seat in seats if seat[2]]
    accounts = queries.leader_accounts(department_id for _slot, _position, department_id in seats)
    return [signer(slot=slot, position=position, department=names.get(department_id, ""),
                   department_id=department_id, account=accounts.get(department_id))
            for slot, position, department_id in seats]


def bloc_part(bloc_year, names):
    return {"name": bloc_year.bloc.name, "year": bloc_year.year, "theme": bloc_year.theme,
            "province": bloc_year.bloc.province.name,
            "leader": names.get(bloc_year.leader_id, bloc_year.leader.name if bloc_year.leader else ""),
            "deputy": names.get(bloc_year.deputy_id, bloc_year.deputy.name if bloc_year.deputy else "")}


def bloc_document(bloc_year, *, kind, title, names, signers, symbol="BC", **extra):
    """The Decree 30 frame of a document the bloc issues."""
    return document_part(kind=kind, title=title, issuer=bloc_issuer(bloc_year, names),
                         province=bloc_year.bloc.province, year=bloc_year.year, bloc_year=bloc_year,
                         signers=signers, symbol=symbol, **extra)


def _bloc_report(bloc_year, *, kind, title, round_kind, with_deputy):
    """The parts the year-end and mid-year reports share: the frame, the bloc, its members, a round's ranking."""
    names = queries.names_at_time(bloc_year)
    return names, {
        "document": bloc_document(bloc_year, kind=kind, title=title, names=names,
                                  signers=leader_signers(bloc_year, names, with_deputy=with_deputy),
                                  default_recipients=bloc_recipients()),
        "bloc": bloc_part(bloc_year, names),
        "members": member_rows(bloc_year),
        "ranking": queries.ranking_snapshot(bloc_year=bloc_year, kind=round_kind),
    }


@builder(ReportKind.YEAR_END)
def year_end(bloc_year):
    """Báo cáo tổng kết: scores, ranking with its tie-break trace, ballots, nominations, the election and the
    secretariat's texts; signed by the leader and the deputy."""
    title = _("BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM %(year)s") % {"year": bloc_year.year}
    names, context = _bloc_report(bloc_year, kind=ReportKind.YEAR_END, title=title, round_kind=RoundKind.YEAR_END,
                                  with_deputy=True)
    return {
        **context,
        "ballots": queries.closed_rounds(bloc_year=bloc_year),
        "nominations": queries.nomination_rows(bloc_years=[bloc_year.pk], names=_keyed(bloc_year, names)),
        "election": queries.election_snapshot(bloc_year=bloc_year, names=names),
    }


@builder(ReportKind.MID_YEAR)
def mid_year(bloc_year):
    """Báo cáo sơ kết 6 tháng: the mid-year round's results if there is one, and the secretariat's texts."""
    title = _("BÁO CÁO SƠ KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG 6 THÁNG ĐẦU NĂM %(year)s") % {"year": bloc_year.year}
    return _bloc_report(bloc_year, kind=ReportKind.MID_YEAR, title=title, round_kind=RoundKind.MID_YEAR,
                        with_deputy=False)[1]


def _keyed(bloc_year, names):
    return {(bloc_year.pk, department_id): name for department_id, name in names.items()}
