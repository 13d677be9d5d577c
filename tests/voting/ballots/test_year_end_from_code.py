"""The year-end of a bloc driven from code with explicit arguments, as the demo drives Quảng Ngãi 2017:
three award rounds decided partly online and partly on paper, then the election of the 2018 leader and
deputy, whose bloc-year exists already with the same leader and deputy."""
import pytest

from blocs.enums import Phase
from blocs.models import BlocYear
from tests.factories.accounts import officer_user, secretariat_user
from tests.factories.awards import AwardTypeFactory
from tests.factories.blocs import BlocFactory, BlocYearFactory, DepartmentFactory, MembershipFactory, ProvinceFactory
from voting.domain import ballots, elections, rounds, tally
from voting.domain.queries.rounds import chosen_departments
from voting.enums import ElectionMethod, RoundPurpose

pytestmark = pytest.mark.integration

MEMBERS = ["Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Ngoại vụ",
           "Ban Dân tộc tỉnh", "Cục Hải quan", "Cục Thuế", "Cục Thống kê", "Kho bạc Nhà nước tỉnh",
           "Ngân hàng Nhà nước tỉnh"]
AWARDS = {"co_thi_dua_chinh_phu": "Cờ thi đua của Chính phủ", "co_thi_dua_tinh": "Cờ thi đua của UBND tỉnh",
          "bang_khen_chu_tich_tinh": "Bằng khen của Chủ tịch UBND tỉnh"}


@pytest.fixture
def quang_ngai(db):
    province = ProvinceFactory(name="Quảng Ngãi", code="quang-ngai")
    bloc = BlocFactory(province=province, name="Khối thi đua các cơ quan Tham mưu - Tổng hợp")
    year = BlocYearFactory(bloc=bloc, year=2017, phase=Phase.VOTING)
    units = {name: DepartmentFactory(province=province, name=name) for name in MEMBERS}
    for unit in units.values():
        MembershipFactory(bloc_year=year, department=unit)
    year.leader, year.deputy = units["Văn phòng HĐND tỉnh"], units["Văn phòng UBND tỉnh"]
    year.save()
    awards = {code: AwardTypeFactory(province=province, code=code, name=name) for code, name in AWARDS.items()}
    secretariat = secretariat_user(bloc, units["Văn phòng HĐND tỉnh"], username="thuky.quang-ngai")
    officers = {name: officer_user(units[name]) for name in MEMBERS[:6]}  # these vote online, the rest on paper
    return type("QuangNgai", (), dict(bloc=bloc, year=year, units=units, awards=awards, secretariat=secretariat,
                                      officers=officers))


def run(q, round_, votes):
    """votes: member name → the member names it chooses; online when it has an officer account, else on paper."""
    round_ = rounds.open_round(round=round_, user=q.secretariat)
    for voter, choices in votes.items():
        chosen = [q.units[name] for name in choices]
        if voter in q.officers:
            ballots.cast_ballot(round=round_, user=q.officers[voter], choices=chosen)
        else:
            ballots.record_paper_ballot(round=round_, department=q.units[voter], choices=chosen, user=q.secretariat)
    return tally.close_round(round=round_, user=q.secretariat)


def award_round(q, code, candidates, seats=1):
    return rounds.create_round(bloc_year=q.year, purpose=RoundPurpose.AWARD, award_type=q.awards[code],
                               title=f"Bình xét {AWARDS[code]} năm 2017", seats=seats, choices_allowed=seats,
                               candidates=[q.units[name] for name in candidates], user=q.secretariat)


def test_quang_ngai_2017_awards_and_the_2018_election(quang_ngai):
    q = quang_ngai
    flag = run(q, award_round(q, "co_thi_dua_chinh_phu", MEMBERS[:4]),
               {name: ["Văn phòng HĐND tỉnh"] if i < 9 else ["Sở Tài chính"] for i, name in enumerate(MEMBERS)})
    provincial = run(q, award_round(q, "co_thi_dua_tinh", MEMBERS[1:4]),
                     {name: ["Văn phòng UBND tỉnh"] if i < 8 else [] for i, name in enumerate(MEMBERS)})
    certificates = run(q, award_round(q, "bang_khen_chu_tich_tinh", ["Sở Tài chính", "Kho bạc Nhà nước tỉnh",
                                                                    "Cục Thuế"], seats=2),
                       {name: ["Sở Tài chính", "Kho bạc Nhà nước tỉnh"] if i < 10 else ["Cục Thuế"]
                        for i, name in enumerate(MEMBERS)})
    assert [[d.name for d in chosen_departments(r)] for r in (flag, provincial, certificates)] == [
        ["Văn phòng HĐND tỉnh"], ["Văn phòng UBND tỉnh"], ["Sở Tài chính", "Kho bạc Nhà nước tỉnh"]]
    assert (flag.result["threshold_votes"], flag.result["online"], flag.result["paper"]) == (6, 6, 5)

    # 2018 was opened already (the seeds name its leader and deputy): the election adopts it.
    next_year = BlocYearFactory(bloc=q.bloc, year=2018)
    for name in MEMBERS:
        MembershipFactory(bloc_year=next_year, department=q.units[name])
    BlocYear.objects.filter(pk=next_year.pk).update(leader=q.units["Ban Dân tộc tỉnh"],
                                                   deputy=q.units["Kho bạc Nhà nước tỉnh"])
    election = elections.start_election(bloc_year=q.year, method=ElectionMethod.BALLOT, user=q.secretariat)
    run(q, election.leader_round, {name: ["Ban Dân tộc tỉnh"] for name in MEMBERS})
    run(q, election.deputy_round, {name: ["Kho bạc Nhà nước tỉnh"] for name in MEMBERS[:8]})
    closed = elections.close_election(election=election, user=q.secretariat, flag_note="Bàn giao cờ luân lưu")
    assert (closed.leader.name, closed.deputy.name, closed.next_bloc_year_id) == (
        "Ban Dân tộc tỉnh", "Kho bạc Nhà nước tỉnh", next_year.pk)
