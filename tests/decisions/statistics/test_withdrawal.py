"""Withdrawing a recorded decision through the Board's service takes its awards out of the statistics and the
national export, and only its awards: another decision of the province keeps counting."""
import csv
import io
import json

import pytest

from decisions.domain.queries.statistics import StatisticsFilters, available_years, award_statistics
from decisions.domain.records import LineInput, record_decision, withdraw_decision
from decisions.domain.statistics import export_csv, export_json
from tests.decisions.records.conftest import awarded, decision_fields, decision_world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.integration


@pytest.fixture
def two_decisions(decision_world):  # noqa: F811
    """The 2026 decision on the disclosed list (flag: member 0; merit: members 1 and 2 of the own bloc) and a
    2025 decision entered by hand (merit: member 1 of the other bloc), both recorded by the Board."""
    w = decision_world
    w.decision = record_decision(province=w.province, lines=awarded(w.entries), user=w.board,
                                 disclosure=w.disclosure, **decision_fields())
    w.kept = record_decision(province=w.province, user=w.board,
                             lines=[LineInput(award_type=w.types["merit"], department=w.other_departments[1])],
                             **decision_fields(year=2025, number_symbol="88/QĐ-UBND"))
    w.withdrawn_ids = set(w.decision.lines.values_list("award__pk", flat=True))
    w.kept_ids = set(w.kept.lines.values_list("award__pk", flat=True))
    assert len(w.withdrawn_ids) == 3 and len(w.kept_ids) == 1
    return w


def _counts(w):
    result = award_statistics(StatisticsFilters(province=w.province))
    return (result.total, [(t.code, n) for t, n in result.by_type],
            [(line.label, line.total) for line in result.by_year])


def _csv_ids(w):
    rows = csv.DictReader(io.StringIO(export_csv(StatisticsFilters(province=w.province)).decode("utf-8-sig")))
    return {int(row["award_id"]) for row in rows}


def _json_ids(w):
    document = json.loads(export_json(StatisticsFilters(province=w.province)).decode("utf-8"))
    ids = {record["award_id"] for record in document["awards"]}
    assert document["count"] == len(ids)
    return ids


def test_withdrawal_takes_the_decisions_awards_out_of_the_counts(two_decisions):
    w = two_decisions
    assert _counts(w) == (4, [("co_thi_dua_tinh", 1), ("bang_khen", 3), ("chien_si", 0)],
                          [("2025", 1), ("2026", 3)])
    assert available_years(province=w.province) == [2026, 2025]

    withdraw_decision(decision=w.decision, reason="Sai đối tượng khen thưởng", user=w.board, expected_version=1)

    assert _counts(w) == (1, [("co_thi_dua_tinh", 0), ("bang_khen", 1), ("chien_si", 0)], [("2025", 1)])
    assert available_years(province=w.province) == [2025]


@pytest.mark.parametrize("exported_ids", [_csv_ids, _json_ids], ids=["csv", "json"])
def test_withdrawal_takes_the_decisions_awards_out_of_the_export(two_decisions, exported_ids):
    w = two_decisions
    assert exported_ids(w) == w.withdrawn_ids | w.kept_ids

    withdraw_decision(decision=w.decision, reason="Sai đối tượng khen thưởng", user=w.board, expected_version=1)

    assert exported_ids(w) == w.kept_ids
