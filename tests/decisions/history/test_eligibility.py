"""Eligibility reads the imported history through successor links: "2 consecutive years of the provincial flag"
passes with one year held under the unit's old name, and fails when a year is missing or withdrawn."""
import datetime

import pytest

from awards.domain import rules as services
from awards.domain.eligibility import evaluate
from awards.models import Award
from tests.decisions.history.conftest import run_import, xlsx
from tests.factories.blocs import BlocYearFactory, MembershipFactory

pytestmark = pytest.mark.integration
D = datetime.date
FLAG_2019 = (2019, "Sở Văn hóa", "co_thi_dua_tinh", None, "12/QĐ-UBND", D(2020, 1, 10))
FLAG_2020 = (2020, "Sở Văn hóa và Thể thao", "Cờ thi đua của UBND tỉnh", None, "15/QĐ-UBND", D(2021, 1, 12))
CONDITION = "2 năm liên tục (2019–2020) được tặng “Cờ thi đua của UBND tỉnh”"


@pytest.fixture
def judge(history):
    """Judge Sở Văn hóa và Thể thao in 2021 for the certificate of merit, whose one condition is two
    consecutive years of the provincial flag up to the year before."""
    w = history
    rule_set = services.create_rule_set(province=w.province, name="Quy định thử", valid_from=D(2015, 1, 1),
                                        valid_to=None, user=w.board)
    merit = w.types["bang_khen_chu_tich_tinh"]
    services.save_award_rule(rule_set=rule_set, award_type=merit, article="Điều 7", cash_multiple=0, rule=None,
                             conditions=[{"kind": "consecutive_years", "params": {
                                 "award_type": "co_thi_dua_tinh", "years": 2, "year_offset": -1}}], user=w.board)
    by2021 = BlocYearFactory(bloc=w.own.bloc, year=2021)
    MembershipFactory(bloc_year=by2021, department=w.culture)

    def verdict():
        result = evaluate(department=w.culture, bloc_year=by2021, award_type=merit)
        (condition,) = result.conditions
        return result.eligible, condition.description, condition.detail

    return verdict


def test_two_consecutive_imported_years_across_a_rename_pass(history, judge):
    run_import(history, xlsx([FLAG_2019, FLAG_2020]))
    assert judge() == (True, CONDITION, "2019: đạt (Sở Văn hóa); 2020: đạt (Sở Văn hóa và Thể thao).")


def test_a_missing_year_fails(history, judge):
    run_import(history, xlsx([FLAG_2019]))
    assert judge() == (False, CONDITION,
                       "2019: đạt (Sở Văn hóa); 2020: không có trong lịch sử khen thưởng.")


def test_a_withdrawn_year_fails(history, judge):
    run_import(history, xlsx([FLAG_2019, FLAG_2020]))
    Award.objects.filter(year=2019).update(is_withdrawn=True)
    assert judge() == (False, CONDITION,
                       "2019: không có trong lịch sử khen thưởng; 2020: đạt (Sở Văn hóa và Thể thao).")


def test_a_persons_award_is_not_the_units(history, judge):
    """An individual's flag in the unit does not make the unit hold it."""
    run_import(history, xlsx([FLAG_2019, (2020, "Sở Văn hóa và Thể thao", "co_thi_dua_tinh", "Trần Văn Bình",
                                          "16/QĐ-UBND", D(2021, 1, 12))]))
    assert judge()[0] is False
