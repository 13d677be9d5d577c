"""Statistics count live awards exactly: by type, year, bloc of the year and department; withdrawn excluded."""
import pytest

from decisions.domain.queries.statistics import StatisticsFilters, award_statistics

pytestmark = pytest.mark.integration


def table(lines):
    return [(line.label, line.total, line.by_type) for line in lines]


def test_counts_of_the_whole_province(stats):
    w = stats
    result = award_statistics(StatisticsFilters(province=w.province))
    assert result.total == 8
    assert [(t.code, n) for t, n in result.by_type] == [
        ("co_thi_dua_tinh", 3), ("bang_khen_chu_tich_tinh", 2), ("tap_the_lao_dong_xuat_sac", 2),
        ("chien_si_thi_dua_tinh", 1)]
    assert table(result.by_year) == [("2019", 5, [3, 2, 0, 0]), ("2020", 3, [0, 0, 2, 1])]
    assert table(result.by_bloc) == [(w.own.bloc.name, 6, [2, 1, 2, 1]), (w.other.bloc.name, 1, [1, 0, 0, 0]),
                                     ("", 1, [0, 1, 0, 0])]
    assert [line.key for line in result.by_bloc] == [w.own.bloc_id, w.other.bloc_id, None]
    assert table(result.by_department) == [
        ("Sở Tài chính", 3, [1, 1, 0, 1]), ("Sở Du lịch", 2, [1, 0, 1, 0]), ("Sở Kế hoạch", 1, [0, 1, 0, 0]),
        ("Sở Văn hóa", 1, [1, 0, 0, 0]), ("Sở Văn hóa và Thể thao", 1, [0, 0, 1, 0])]


@pytest.mark.parametrize(("filters", "total", "by_bloc"), [
    ({"year_from": 2020}, 3, [("own", 3)]),
    ({"year_to": 2019}, 5, [("own", 3), ("other", 1), (None, 1)]),
    ({"year_from": 2019, "year_to": 2019, "bloc": "own"}, 3, [("own", 3)]),
    ({"award_type": "co_thi_dua_tinh"}, 3, [("own", 2), ("other", 1)]),
    ({"bloc": "other"}, 1, [("other", 1)]),  # Sở Du lịch's 2020 award counts in the bloc it was in in 2020
    ({"year_from": 2021}, 0, []),
])
def test_filters(stats, filters, total, by_bloc):
    w = stats
    blocs = {"own": w.own.bloc, "other": w.other.bloc}
    values = dict(filters)
    if "bloc" in values:
        values["bloc"] = blocs[values["bloc"]]
    if "award_type" in values:
        values["award_type"] = w.types[values["award_type"]]
    result = award_statistics(StatisticsFilters(province=w.province, **values))
    assert result.total == total
    assert [(line.key, line.total) for line in result.by_bloc] == [
        (blocs[key].pk if key else None, n) for key, n in by_bloc]
    assert sum(line.total for line in result.by_department) == total


def test_withdrawing_an_award_takes_it_out_of_the_counts(stats):
    w = stats
    w.awards["finance-flag-2019"].is_withdrawn = True
    w.awards["finance-flag-2019"].save(update_fields=["is_withdrawn"])
    result = award_statistics(StatisticsFilters(province=w.province))
    assert result.total == 7
    assert result.by_type[0][1] == 2
