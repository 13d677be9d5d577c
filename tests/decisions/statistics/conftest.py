"""Fixtures of the statistics tests: the history world (tests/decisions/history/conftest.py) with awards in two
blocs over 2019–2020, a unit that changed bloc, a unit in no bloc, a withdrawn award and a far one."""
import datetime

import pytest

from tests.decisions.history.conftest import history, live_award  # noqa: F401 (the fixture)
from tests.factories.awards import AwardTypeFactory
from tests.factories.blocs import BlocYearFactory, DepartmentFactory, MembershipFactory

D = datetime.date


@pytest.fixture
def stats(history):  # noqa: F811
    """Eight live awards of the province (see the expected counts in test_counts.py)."""
    w = history
    flag, merit, excellent, person = (w.types[c] for c in ("co_thi_dua_tinh", "bang_khen_chu_tich_tinh",
                                                             "tap_the_lao_dong_xuat_sac", "chien_si_thi_dua_tinh"))
    w.tourism = DepartmentFactory(province=w.province, name="Sở Du lịch")
    w.planning = DepartmentFactory(province=w.province, name="Sở Kế hoạch")
    MembershipFactory(bloc_year=BlocYearFactory(bloc=w.other.bloc, year=2019), department=w.tourism,
                      name_at_time="Sở Du lịch (2019)")
    MembershipFactory(bloc_year=w.by[2020], department=w.tourism)
    w.awards = {
        "finance-flag-2019": live_award(w.finance, flag, 2019, decision_reference="125/QĐ-UBND",
                                        decided_on=D(2020, 1, 15)),
        "finance-merit-2019": live_award(w.finance, merit, 2019),
        "culture-flag-2019": live_award(w.culture_old, flag, 2019, decision_reference="125/QĐ-UBND",
                                        decided_on=D(2020, 1, 15)),
        "tourism-flag-2019": live_award(w.tourism, flag, 2019, decision_reference="126/QĐ-UBND",
                                        decided_on=D(2020, 1, 16), source="decision"),
        "tourism-excellent-2020": live_award(w.tourism, excellent, 2020),
        "culture-excellent-2020": live_award(w.culture, excellent, 2020),
        "finance-person-2020": live_award(w.finance, person, 2020, person_name="Nguyễn Văn An"),
        "planning-merit-2019": live_award(w.planning, merit, 2019),
    }
    live_award(w.finance, flag, 2020, is_withdrawn=True)
    far_type = AwardTypeFactory(province=w.far_province, code="co_thi_dua_tinh")
    live_award(w.far_departments[0], far_type, 2019)
    return w
