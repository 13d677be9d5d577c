"""The year-end of the demo's completed years, through the real ballot, election and nomination code.

For a year whose report says which units are proposed for which award, and whose next year's leader and deputy
were elected at that year's conference (both named on the next year in blocs.yaml): the Board installs the
award rules and sets the quotas, the members vote in one secret ballot per award and elect next year's leader
and deputy, the secretariat nominates the chosen units and the Board approves them. Closing the election
creates the next bloc-year (Quảng Ngãi 2018, `created_by_election` in blocs.yaml) or adopts the one the demo
file already loaded when its leader and deputy agree with the ballot (Quảng Nam 2017).

Quảng Ngãi 2017: the report names the proposed units. Quảng Nam 2016: the report names the bloc's ranking but
not the awards, so ILLUSTRATIVE_AWARDS below supplies them (illustrative data, said so in the nominations'
summaries). Idempotent: a second run finds every row.
"""
import dataclasses

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from awards.defaults import install_defaults
from awards.domain import nominations as nomination_services
from awards.domain.eligibility import evaluate
from awards.domain.quotas import set_quota
from awards.enums import NominationStatus
from awards.models import AwardType, Nomination, Quota
from blocs.domain.services import change_phase
from blocs.enums import PHASE_ORDER, ConferenceKind, Phase
from blocs.models import BlocYear, Department
from scoring.models import RankingEntry
from voting.domain.ballots import cast_ballot
from voting.domain.elections import close_election, start_election
from voting.domain.rounds import create_round, open_round
from voting.domain.tally import close_round
from voting.enums import BallotRoundStatus, ElectionMethod, RoundPurpose
from voting.models import BallotRound, Election

# The prestige order: a unit chosen for a higher award is not put to the ballot for a lower one.
AWARD_ORDER = ["co_thi_dua_chinh_phu", "co_thi_dua_tinh", "bang_khen_chu_tich_tinh"]

# ILLUSTRATIVE supplement, not a fact of the seeds. The Quảng Nam 2016 report (000_301f4829cc98e804.txt) says
# the conference put 4 of the 6 units to the ballot to honour the first and second of the bloc, and names the
# ranking (Sở Thông tin và Truyền thông leading, Sở Giao thông vận tải second, Sở Tài nguyên và Môi trường
# third), but it names no award. In provincial practice the unit leading the bloc is proposed for the Cờ thi
# đua của UBND tỉnh and the second for the Bằng khen của Chủ tịch UBND tỉnh; the demo follows that practice.
# (The 4-of-6 ballot gave the ranking, which the scoring demo reproduces; each award round here then puts
# the eligible units, best ranked first, to the vote as for Quảng Ngãi.)
# (province code, year) -> {award code: [places in the report's `ranking`]}
ILLUSTRATIVE_AWARDS = {
    ("quang-nam", 2016): {"co_thi_dua_tinh": [1], "bang_khen_chu_tich_tinh": [2]},
}
ILLUSTRATIVE_NOTE = ("Hình thức khen thưởng đề nghị là minh họa: bản tin của Khối nêu thứ hạng, không nêu hình "
                     "thức khen thưởng.")


@dataclasses.dataclass
class YearEnd:
    province_code: str
    bloc: str
    year: int
    awards: dict  # award code -> [unit names], in the report's order
    next_leader: str
    next_deputy: str
    illustrative: bool = False  # the awards come from ILLUSTRATIVE_AWARDS, not from the report


def year_ends(path=None):
    """The demo years whose proposed units are known (named by the report, or ILLUSTRATIVE_AWARDS) and whose
    next year's leader and deputy the file names (elected at that year-end)."""
    from blocs.domain.demo import province_code

    path = path or settings.DEMO_DATA_DIR / "blocs.yaml"
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    found = []
    for province in raw["provinces"]:
        code = province_code(province["name"])
        for bloc in province["blocs"]:
            for entry, following in zip(bloc["years"], bloc["years"][1:]):
                awards, illustrative = _awards(code, entry)
                if awards and following.get("leader") and following.get("deputy"):
                    found.append(YearEnd(code, bloc["name"], entry["year"], awards, following["leader"],
                                         following["deputy"], illustrative))
    return found


def _awards(code, entry):
    """({award code: [unit names]}, illustrative): the report's named nominations, else the supplement."""
    awards = {}
    for n in entry.get("nominations", []):
        if n.get("unit"):
            awards.setdefault(n["award"], []).append(n["unit"])
    if awards:
        return awards, False
    places = ILLUSTRATIVE_AWARDS.get((code, entry["year"]), {})
    ranking = entry.get("ranking", [])
    return {award: [ranking[place - 1] for place in wanted] for award, wanted in places.items()}, bool(places)


def load_year_ends(*, stdout=None):
    with transaction.atomic():
        for target in year_ends():
            bloc_year = BlocYear.objects.filter(bloc__province__code=target.province_code, bloc__name=target.bloc,
                                                year=target.year).select_related("bloc__province").first()
            if bloc_year is None or bloc_year.phase == Phase.CLOSED:
                continue
            _run_year_end(bloc_year, target)
            if stdout is not None:
                stdout.write(f"Tổng kết, bỏ phiếu và đề nghị khen thưởng: {bloc_year}")


def _run_year_end(bloc_year, target):
    people = _people(bloc_year)
    install_defaults(province=bloc_year.bloc.province, user=people.board)
    _set_quotas(bloc_year, target, people.board)
    _advance(bloc_year, Phase.VOTING)
    chosen = {}
    for code in AWARD_ORDER:
        if code in target.awards:
            chosen[code] = _award_round(bloc_year, code, target.awards[code], people, exclude=_flatten(chosen))
    _election(bloc_year, target, people)
    _advance(bloc_year, Phase.NOMINATIONS)
    for code, rounds_and_units in chosen.items():
        ballot_round, units = rounds_and_units
        for unit in units:
            _nominate(bloc_year, code, unit, ballot_round, people, illustrative=target.illustrative)


@dataclasses.dataclass
class _People:
    board: User
    secretariat: User
    voters: dict  # department id -> a user who votes for it


def _people(bloc_year):
    board = User.objects.filter(role=Role.BOARD, province=bloc_year.bloc.province).order_by("pk").first()
    secretariat = User.objects.filter(role=Role.SECRETARIAT, bloc=bloc_year.bloc).order_by("pk").first()
    voters = {}
    for user in User.objects.filter(role=Role.LEADER, department__memberships__bloc_year=bloc_year).order_by("pk"):
        voters.setdefault(user.department_id, user)
    return _People(board=board, secretariat=secretariat, voters=voters)


def _set_quotas(bloc_year, target, board):
    for code, units in target.awards.items():
        award_type = AwardType.objects.get(province=bloc_year.bloc.province, code=code)
        if not Quota.objects.filter(bloc_year=bloc_year, award_type=award_type).exists():
            set_quota(bloc_year=bloc_year, award_type=award_type, places=len(units), expected_version=0, user=board)


def _advance(bloc_year, phase):
    bloc_year.refresh_from_db()
    while PHASE_ORDER.index(bloc_year.phase) < PHASE_ORDER.index(phase):
        following = PHASE_ORDER[PHASE_ORDER.index(bloc_year.phase) + 1]
        change_phase(bloc_year=bloc_year, phase=following, expected_version=bloc_year.version, user=None)


def _flatten(chosen):
    return {unit for _round, units in chosen.values() for unit in units}


def _award_round(bloc_year, code, units, people, *, exclude):
    """One secret ballot for an award: eligible members not chosen for a higher award, best ranked first."""
    award_type = AwardType.objects.get(province=bloc_year.bloc.province, code=code)
    existing = BallotRound.objects.filter(bloc_year=bloc_year, award_type=award_type,
                                          status=BallotRoundStatus.CLOSED).order_by("-pk").first()
    if existing is not None:
        return existing, units
    candidates = _eligible_by_rank(bloc_year, award_type, exclude=exclude)[:len(units) + 1]
    ballot_round = create_round(
        bloc_year=bloc_year, purpose=RoundPurpose.AWARD, award_type=award_type, title=f"Đề nghị tặng {award_type.name}",
        seats=len(units), choices_allowed=len(units), candidates=candidates, conference=_year_end(bloc_year),
        user=people.secretariat)
    _vote(ballot_round, [_department(bloc_year, u) for u in units], people)
    _check_chosen(ballot_round, units)
    return ballot_round, units


def _eligible_by_rank(bloc_year, award_type, *, exclude):
    entries = (RankingEntry.objects.filter(ranking__round__bloc_year=bloc_year, ranking__round__kind="year_end")
               .select_related("department").order_by("rank"))
    return [e.department for e in entries if e.department.name not in exclude
            and evaluate(department=e.department, bloc_year=bloc_year, award_type=award_type).eligible]


def _year_end(bloc_year):
    return bloc_year.conferences.filter(kind=ConferenceKind.YEAR_END).order_by("date").first()


def _department(bloc_year, name):
    return Department.objects.get(province=bloc_year.bloc.province, name=name)


def _vote(ballot_round, wanted, people):
    """Open, let every member vote (all but the last two for the reported units; those two leave a blank
    ballot, as happens in the hall), and count."""
    open_round(round=ballot_round, user=people.secretariat)
    wanted_ids = [d.pk for d in wanted]
    candidate_of = {c.department_id: c.pk for c in ballot_round.candidates.all()}
    voters = list(people.voters.values())
    for index, user in enumerate(voters):
        choices = [candidate_of[d] for d in wanted_ids] if index < len(voters) - 2 else []
        cast_ballot(round=ballot_round, user=user, choices=choices)
    close_round(round=ballot_round, user=people.secretariat)
    ballot_round.refresh_from_db()


def _check_chosen(ballot_round, units):
    # The result names the chosen departments (not candidate rows).
    chosen = set(Department.objects.filter(pk__in=ballot_round.result.get("chosen", [])).values_list("name", flat=True))
    if chosen != set(units):
        raise ValidationError(f"Dữ liệu mẫu: kết quả bỏ phiếu {ballot_round} ({sorted(chosen)}) khác bản tin ({units}).")


def _election(bloc_year, target, people):
    election = Election.objects.filter(bloc_year=bloc_year).first()
    if election is None:
        election = start_election(bloc_year=bloc_year, method=ElectionMethod.BALLOT, user=people.secretariat,
                                  conference=_year_end(bloc_year))
    for ballot_round, name in ((election.leader_round, target.next_leader),
                               (election.deputy_round, target.next_deputy)):
        if ballot_round.status != BallotRoundStatus.CLOSED:
            _vote(ballot_round, [_department(bloc_year, name)], people)
    if election.next_bloc_year_id is None:
        conference = _year_end(bloc_year)
        election = close_election(election=election, user=people.secretariat,
                                  flag_handed_over_on=conference.date if conference else None,
                                  flag_note="Bàn giao cờ luân lưu của Khối tại hội nghị tổng kết.")
        next_year = election.next_bloc_year
        if next_year.phase == Phase.SETUP:  # a year the election created; an adopted one has its phase already
            change_phase(bloc_year=next_year, phase=Phase.PLEDGE, expected_version=next_year.version, user=None)


def _sample_report(department):
    # The demo's placeholder PDF (it says it is sample data), standing in for the unit's achievement report.
    content = (settings.BASE_DIR / "scoring" / "demo_evidence.pdf").read_bytes()
    return SimpleUploadedFile(f"bao-cao-thanh-tich-{department.pk}.pdf", content, content_type="application/pdf")


def _nominate(bloc_year, code, unit, ballot_round, people, *, illustrative=False):
    award_type = AwardType.objects.get(province=bloc_year.bloc.province, code=code)
    department = _department(bloc_year, unit)
    nomination = Nomination.objects.filter(bloc_year=bloc_year, award_type=award_type, department=department).first()
    if nomination is None:
        summary = f"{unit}: thành tích năm {bloc_year.year} (nội dung minh họa, dữ liệu mẫu)."
        if illustrative:
            summary += " " + ILLUSTRATIVE_NOTE
        nomination = nomination_services.prepare_nomination(
            bloc_year=bloc_year, award_type=award_type, department=department, ballot_round=ballot_round,
            summary=summary,
            achievement_report=_sample_report(department), user=people.secretariat)
    steps = [(NominationStatus.DRAFT, lambda n: nomination_services.submit_nomination(nomination=n, user=people.secretariat)),
             (NominationStatus.SUBMITTED, lambda n: nomination_services.start_review(nomination=n, user=people.board)),
             (NominationStatus.UNDER_REVIEW, lambda n: nomination_services.approve_nomination(
                 nomination=n, user=people.board, comment="Đủ điều kiện, trong chỉ tiêu của Khối."))]
    for status, step in steps:
        nomination.refresh_from_db()
        if nomination.status == status:
            step(nomination)
