"""History through a merge: two units merged into a new one on 01/01/2021. The successor's timeline carries
both predecessors' awards, and "2 consecutive years of the provincial flag" is judged on their joint history
(one year held by each predecessor counts), never on an unrelated unit's."""
import datetime

import pytest
from django.urls import reverse

from awards.domain import rules as services
from awards.domain.eligibility import evaluate
from blocs.domain.services import record_succession
from blocs.enums import SuccessionKind
from tests.decisions.history.conftest import live_award
from tests.factories.blocs import BlocYearFactory, DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.integration
D = datetime.date
CONDITION = "2 năm liên tục (2019–2020) được tặng “Cờ thi đua của UBND tỉnh”"


@pytest.fixture
def merged(history):
    """`agriculture` (Sở Nông nghiệp và Phát triển nông thôn) and `environment` (Sở Tài nguyên và Môi trường),
    members of world.own's bloc in 2019 and 2020, merged on 01/01/2021 into `merged_unit` (Sở Nông nghiệp và Môi
    trường), a member in 2021."""
    w = history
    p = w.province
    w.agriculture = DepartmentFactory(province=p, name="Sở Nông nghiệp và Phát triển nông thôn", short_name="SNN")
    w.environment = DepartmentFactory(province=p, name="Sở Tài nguyên và Môi trường", short_name="STNMT")
    w.merged_unit = DepartmentFactory(province=p, name="Sở Nông nghiệp và Môi trường", short_name="SNNMT")
    for year in (2019, 2020):
        MembershipFactory(bloc_year=w.by[year], department=w.agriculture, name_at_time=w.agriculture.name)
        MembershipFactory(bloc_year=w.by[year], department=w.environment, name_at_time=w.environment.name)
    w.by[2021] = BlocYearFactory(bloc=w.own.bloc, year=2021)
    MembershipFactory(bloc_year=w.by[2021], department=w.merged_unit, name_at_time=w.merged_unit.name)
    for predecessor in (w.agriculture, w.environment):
        record_succession(department=predecessor, successor=w.merged_unit, kind=SuccessionKind.MERGED,
                          effective_on=D(2021, 1, 1), user=w.board)
    return w


def test_the_successors_timeline_shows_both_predecessors_awards(merged, client):
    w = merged
    flag, merit = w.types["co_thi_dua_tinh"], w.types["bang_khen_chu_tich_tinh"]
    agriculture = live_award(w.agriculture, flag, 2019, decision_reference="12/QĐ-UBND")
    environment = live_award(w.environment, merit, 2020, decision_reference="15/QĐ-UBND")
    own = live_award(w.merged_unit, flag, 2021, decision_reference="20/QĐ-UBND")
    live_award(w.finance, flag, 2020)  # a unit outside the merge

    client.force_login(w.officer)
    response = client.get(reverse("decisions:department_timeline", args=[w.merged_unit.pk]))
    timeline = response.context["timeline"]
    assert [(year, [(e.award.pk, e.holder_name, e.held_by_predecessor) for e in entries])
            for year, entries in timeline.years] == [
        (2021, [(own.pk, "Sở Nông nghiệp và Môi trường", False)]),
        (2020, [(environment.pk, "Sở Tài nguyên và Môi trường", True)]),
        (2019, [(agriculture.pk, "Sở Nông nghiệp và Phát triển nông thôn", True)]),
    ]
    assert timeline.predecessors == [w.agriculture, w.environment]
    assert timeline.live_count == 3
    html = " ".join(response.content.decode().split())
    assert ("Gồm cả khen thưởng của đơn vị tiền thân: Sở Nông nghiệp và Phát triển nông thôn, "
            "Sở Tài nguyên và Môi trường") in html
    # A predecessor's own timeline stays its own.
    old = client.get(reverse("decisions:department_timeline", args=[w.environment.pk])).context["timeline"]
    assert ([e.award.pk for _y, entries in old.years for e in entries], old.predecessors) == ([environment.pk], [])


@pytest.fixture
def judge(merged):
    """Judge the merged unit in 2021 for the certificate of merit: two consecutive years of the provincial
    flag up to the year before (2019–2020, both before the merge)."""
    w = merged
    rule_set = services.create_rule_set(province=w.province, name="Quy định thử", valid_from=D(2015, 1, 1),
                                        valid_to=None, user=w.board)
    merit = w.types["bang_khen_chu_tich_tinh"]
    services.save_award_rule(rule_set=rule_set, award_type=merit, article="Điều 7", cash_multiple=0, rule=None,
                             conditions=[{"kind": "consecutive_years", "params": {
                                 "award_type": "co_thi_dua_tinh", "years": 2, "year_offset": -1}}], user=w.board)

    def verdict():
        result = evaluate(department=w.merged_unit, bloc_year=w.by[2021], award_type=merit)
        (condition,) = result.conditions
        return result.eligible, condition.description, condition.detail

    return verdict


AGRI, ENV = "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"


@pytest.mark.parametrize(("holders", "eligible", "detail"), [
    ({2019: "agriculture", 2020: "environment"}, True, f"2019: đạt ({AGRI}); 2020: đạt ({ENV})."),
    ({2019: "environment", 2020: "environment"}, True, f"2019: đạt ({ENV}); 2020: đạt ({ENV})."),
    ({2019: "agriculture"}, False, f"2019: đạt ({AGRI}); 2020: không có trong lịch sử khen thưởng."),
    ({2019: "agriculture", 2020: "finance"}, False,  # Sở Tài chính is not in the merged unit's lineage
     f"2019: đạt ({AGRI}); 2020: không có trong lịch sử khen thưởng."),
    ({}, False, "2019: không có trong lịch sử khen thưởng; 2020: không có trong lịch sử khen thưởng."),
], ids=["one-year-each", "one-predecessor-both-years", "missing-year", "unrelated-unit", "none"])
def test_consecutive_years_read_the_predecessors_history(merged, judge, holders, eligible, detail):
    w = merged
    for year, unit in holders.items():
        live_award(getattr(w, unit), w.types["co_thi_dua_tinh"], year)
    assert judge() == (eligible, CONDITION, detail)
