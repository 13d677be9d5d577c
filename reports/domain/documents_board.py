"""Builders of the documents that go to the Board or come from it: the bloc's nomination letter (tờ trình)
and the Board's summary of every bloc of its province in a year."""
from django.utils.translation import gettext as _

from blocs.models import Membership
from decisions.domain.queries.statistics import StatisticsFilters, award_statistics
from reports.domain.contexts import board_issuer, board_name, builder, document_part, signer
from reports.domain.documents import bloc_document, bloc_part, leader_signers
from reports.domain.queries import documents as queries
from reports.enums import ReportKind, SignatureSlot
from scoring.enums import RoundKind, RoundStatus
from scoring.models import RankingEntry


@builder(ReportKind.NOMINATION_LETTER)
def nomination_letter(bloc_year):
    """Tờ trình: the nominations sent to the Board (submitted, under review, approved), each with its award
    type, the unit's year-end rank and its summary; signed by the leader."""
    names = queries.names_at_time(bloc_year)
    keyed = {(bloc_year.pk, department_id): name for department_id, name in names.items()}
    rows = queries.nomination_rows(bloc_years=[bloc_year.pk], names=keyed, statuses=queries.SENT_STATUSES)
    ranks = _year_end_ranks([bloc_year.pk])
    for row in rows:
        row["rank"], row["final_score"] = ranks.get((bloc_year.pk, row["department_id"]), (None, None))
    title = _("TỜ TRÌNH")  # the subject line ("Về việc …") is printed under it by the template
    return {
        "document": bloc_document(bloc_year, kind=ReportKind.NOMINATION_LETTER, title=title, names=names,
                                  symbol="TTr", signers=leader_signers(bloc_year, names, with_deputy=False),
                                  default_recipients=[_("Như trên;"), _("Lưu: VT.")]),
        "bloc": bloc_part(bloc_year, names),
        "addressee": board_name(bloc_year.bloc.province),
        "nominations": rows,
        "member_count": len(names),
    }


@builder(ReportKind.PROVINCE_SUMMARY)
def province_summary(subject):
    """Every bloc of the province in the year: leader, deputy, the unit ranked first at year-end, the
    nominations sent to the Board; signed by the Board."""
    province, year = subject
    year = int(year)
    bloc_years = list(queries.province_bloc_years(province=province, year=year))
    ids = [by.pk for by in bloc_years]
    names, counts = {}, {}
    for bloc_year_id, department_id, name in Membership.objects.filter(bloc_year__in=ids).values_list(
            "bloc_year_id", "department_id", "name_at_time"):
        names[bloc_year_id, department_id] = name
        counts[bloc_year_id] = counts.get(bloc_year_id, 0) + 1
    firsts = _first_ranked(ids, names)
    nominations = queries.nomination_rows(bloc_years=ids, names=names, statuses=queries.SENT_STATUSES)
    title = _("BÁO CÁO TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC KHỐI THI ĐUA NĂM %(year)s") % {"year": year}
    board = signer(slot=SignatureSlot.BOARD, position=_("TRƯỞNG BAN"),
                   department=board_name(province))
    return {
        "document": document_part(kind=ReportKind.PROVINCE_SUMMARY, title=title, issuer=board_issuer(province),
                                  province=province, year=year, signers=[board],
                                  default_recipients=[_("Hội đồng Thi đua - Khen thưởng tỉnh;"), _("Lưu: VT.")]),
        "province": {"name": province.name, "year": year},
        "blocs": [_bloc_line(by, names, counts, firsts) for by in bloc_years],
        "nominations": _by_bloc(bloc_years, nominations),
        "totals": _totals(nominations),
        "awards": _decided_awards(province, year),
    }


AWARD_HISTORY_YEARS = 10


def _decided_awards(province, year):
    """The province's live awards of the last ten years up to `year`, counted as the statistics page counts
    them (decided and imported, withdrawn ones left out): the figures the summary's charts are drawn from."""
    stats = award_statistics(StatisticsFilters(province=province, year_from=year - AWARD_HISTORY_YEARS + 1,
                                               year_to=year))
    return {
        "year_from": year - AWARD_HISTORY_YEARS + 1, "year_to": year, "total": stats.total,
        "types": [t.name for t in stats.award_types],
        "by_year": [{"year": line.key, "total": line.total, "by_type": list(line.by_type)} for line in stats.by_year],
    }


def _bloc_line(bloc_year, names, counts, firsts):
    def name(department):
        return names.get((bloc_year.pk, department.pk), department.name) if department else ""

    return {"name": bloc_year.bloc.name, "members": counts.get(bloc_year.pk, 0),
            "leader": name(bloc_year.leader), "deputy": name(bloc_year.deputy),
            "first": firsts.get(bloc_year.pk, [])}


def _by_bloc(bloc_years, nominations):
    """The nominations in the order of the blocs, each with its bloc's name."""
    by_bloc = {}
    for row in nominations:
        by_bloc.setdefault(row["bloc_year_id"], []).append(row)
    return [{**row, "bloc": bloc_year.bloc.name} for bloc_year in bloc_years for row in by_bloc.get(bloc_year.pk, [])]


def _year_end_ranks(bloc_year_ids):
    """(bloc-year id, department id) → (rank, final score) of the finalised year-end rankings."""
    rows = RankingEntry.objects.filter(
        ranking__round__bloc_year__in=bloc_year_ids, ranking__round__kind=RoundKind.YEAR_END,
        ranking__round__status=RoundStatus.FINALISED).values_list(
        "ranking__round__bloc_year_id", "department_id", "rank", "final_score")
    return {(by, d): (rank, str(final) if final is not None else None) for by, d, rank, final in rows}


def _first_ranked(bloc_year_ids, names):
    """Bloc-year id → the units ranked first (more than one on an undecided tie), with their score."""
    firsts = {}
    for (bloc_year_id, department_id), (rank, final) in _year_end_ranks(bloc_year_ids).items():
        if rank == 1:
            firsts.setdefault(bloc_year_id, []).append(
                {"name": names.get((bloc_year_id, department_id), ""), "final_score": final})
    for lines in firsts.values():
        lines.sort(key=lambda line: line["name"])
    return firsts


def _totals(nominations):
    """Per award type: how many nominations were sent, and how many the Board approved."""
    totals = {}
    for row in nominations:
        line = totals.setdefault(row["award_type"], {"award_type": row["award_type"], "sent": 0, "approved": 0})
        line["sent"] += 1
        line["approved"] += row["status"] == "approved"
    return list(totals.values())
