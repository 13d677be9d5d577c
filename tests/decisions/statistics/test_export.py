"""The national export's layout, exactly: CSV bytes (BOM, header, CRLF) and JSON keys in order."""
import json

import pytest

from decisions.domain.queries.statistics import StatisticsFilters
from decisions.domain.statistics import FIELDS, SCHEMA_VERSION, export_csv, export_document, export_json

pytestmark = pytest.mark.integration
HEADER = ("award_id,province_code,province_name,year,award_type_code,award_type_name,recipient_kind,person_name,"
          "department_id,department_name,department_name_at_time,current_department_id,current_department_name,"
          "bloc_name,decision_reference,decision_date,source")


def test_field_list_is_the_documented_one():
    assert ",".join(FIELDS) == HEADER
    assert SCHEMA_VERSION == "1.0"


def test_csv_bytes(stats):
    w = stats
    content = export_csv(StatisticsFilters(province=w.province, award_type=w.types["co_thi_dua_tinh"]))
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    a = w.awards
    p, own, other = w.province, w.own.bloc.name, w.other.bloc.name
    assert lines == [
        HEADER,
        f"{a['tourism-flag-2019'].pk},{p.code},{p.name},2019,co_thi_dua_tinh,Cờ thi đua của UBND tỉnh,collective,,"
        f"{w.tourism.pk},Sở Du lịch,Sở Du lịch (2019),{w.tourism.pk},Sở Du lịch,{other},126/QĐ-UBND,2020-01-16,"
        "decision",
        f"{a['finance-flag-2019'].pk},{p.code},{p.name},2019,co_thi_dua_tinh,Cờ thi đua của UBND tỉnh,collective,,"
        f"{w.finance.pk},Sở Tài chính,Sở Tài chính,{w.finance.pk},Sở Tài chính,{own},125/QĐ-UBND,2020-01-15,imported",
        f"{a['culture-flag-2019'].pk},{p.code},{p.name},2019,co_thi_dua_tinh,Cờ thi đua của UBND tỉnh,collective,,"
        f"{w.culture_old.pk},Sở Văn hóa,Sở Văn hóa,{w.culture.pk},Sở Văn hóa và Thể thao,{own},125/QĐ-UBND,"
        "2020-01-15,imported",
        "",
    ]


def test_csv_row_of_a_person_and_of_a_unit_in_no_bloc(stats):
    w = stats
    lines = export_csv(StatisticsFilters(province=w.province)).decode("utf-8-sig").split("\r\n")
    assert len(lines) == 1 + 8 + 1  # header, the 8 live awards (the withdrawn and the far ones are not there)
    person = next(line for line in lines if "Nguyễn Văn An" in line)
    assert person.split(",")[6:8] == ["individual", "Nguyễn Văn An"]
    planning = next(line for line in lines if ",Sở Kế hoạch," in line)
    assert planning.split(",")[13:] == ["", "", "", "imported"]


def test_json_document(stats):
    w = stats
    filters = StatisticsFilters(province=w.province, year_from=2020, award_type=w.types["chien_si_thi_dua_tinh"])
    document = json.loads(export_json(filters).decode("utf-8"))
    assert list(document) == ["schema_version", "generated_at", "province", "filters", "count", "awards"]
    assert document["schema_version"] == "1.0"
    assert document["province"] == {"code": w.province.code, "name": w.province.name}
    assert document["filters"] == {"year_from": 2020, "year_to": None, "award_type": "chien_si_thi_dua_tinh",
                                   "bloc": None}
    assert document["count"] == 1
    (record,) = document["awards"]
    assert list(record) == FIELDS
    assert record == {
        "award_id": w.awards["finance-person-2020"].pk, "province_code": w.province.code,
        "province_name": w.province.name, "year": 2020, "award_type_code": "chien_si_thi_dua_tinh",
        "award_type_name": "Chiến sĩ thi đua cấp tỉnh", "recipient_kind": "individual",
        "person_name": "Nguyễn Văn An", "department_id": w.finance.pk, "department_name": "Sở Tài chính",
        "department_name_at_time": "Sở Tài chính", "current_department_id": w.finance.pk,
        "current_department_name": "Sở Tài chính", "bloc_name": w.own.bloc.name, "decision_reference": None,
        "decision_date": None, "source": "imported"}
    assert not export_json(filters).startswith(b"\xef\xbb\xbf")
    assert document["generated_at"][:4].isdigit() and document["generated_at"][-6] in "+-"


def test_json_of_nothing(stats):
    document = export_document(StatisticsFilters(province=stats.province, year_from=2030))
    assert (document["count"], document["awards"]) == (0, [])
