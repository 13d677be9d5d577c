"""The decision document (Decree 30 format): its snapshot, its PDF with the Chairman's signature box, and the
button on the decision page that requests it."""
import subprocess

import pytest
from django.urls import reverse

from decisions.domain.records import LineInput, record_decision
from reports.domain.contexts import build_context
from reports.domain.rendering import render_pdf
from reports.enums import ReportKind
from reports.models import Report
from tests.decisions.records.conftest import awarded, decision_fields

pytestmark = pytest.mark.integration


@pytest.fixture
def decision(decision_world):
    w = decision_world
    lines = [*awarded(w.entries), ]
    return record_decision(province=w.province, lines=lines, user=w.board, disclosure=w.disclosure,
                           **decision_fields(authority=f"Ủy ban nhân dân tỉnh {w.province.name.removeprefix('Tỉnh ')}"))


def test_snapshot_of_the_decision(decision, decision_world):
    w = decision_world
    doc = build_context(kind=ReportKind.DECISION, subject=decision)
    place = w.province.name.removeprefix("Tỉnh ")
    assert (doc["document"]["title"], doc["document"]["number_symbol"], doc["document"]["issued_on"]) == (
        "QUYẾT ĐỊNH", "125/QĐ-UBND", "2026-11-20")
    assert doc["document"]["issuer"] == {"superior": "", "name": f"ỦY BAN NHÂN DÂN TỈNH {place.upper()}"}
    assert doc["decision"]["chairman"] == f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {place.upper()}"
    assert doc["subject"] == ("Về việc tặng Cờ thi đua của UBND tỉnh và Bằng khen của Chủ tịch UBND tỉnh cho các "
                              "tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm 2026")
    assert doc["grounds"] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", "Căn cứ Quy định khen thưởng;",
        "Xét đề nghị của Trưởng Ban Thi đua - Khen thưởng tỉnh và kết quả họp Hội đồng Thi đua - Khen thưởng tỉnh."]
    assert doc["article_1"]["items"] == ["Cờ thi đua của UBND tỉnh: 1 tập thể;",
                                         "Bằng khen của Chủ tịch UBND tỉnh: 2 tập thể;"]
    assert [(g["award_type"], g["amount"], [line["recipient"] for line in g["lines"]]) for g in doc["groups"]] == [
        ("Cờ thi đua của UBND tỉnh", "36.270.000", [w.own_departments[0].name]),
        ("Bằng khen của Chủ tịch UBND tỉnh", "9.360.000", [w.own_departments[1].name, w.own_departments[2].name])]
    assert (doc["total"], doc["count"]) == ("45.630.000", 3)
    assert doc["document"]["signers"] == [{"slot": "authority", "position": "CHỦ TỊCH", "department": "",
                                           "department_id": None, "title": "", "name": "Nguyễn Văn Ký"}]


def test_a_vice_chairman_signs_on_behalf(decision_world):
    w = decision_world
    decision = record_decision(province=w.province, lines=[LineInput(award_type=w.types["person"],
                                                                     department=w.own_departments[0],
                                                                     person_name="Lê Văn An")],
                               user=w.board, **decision_fields(year=2025, signer_position="Phó Chủ tịch"))
    doc = build_context(kind=ReportKind.DECISION, subject=decision)
    assert (doc["document"]["signers"][0]["position"], doc["document"]["signers"][0]["department"]) == (
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert doc["article_1"] == {"text": "Tặng Chiến sĩ thi đua cơ sở cho 1 cá nhân đã có thành tích xuất sắc trong "
                                        "phong trào thi đua năm 2025 (có danh sách kèm theo).", "items": []}
    assert doc["article_2"].startswith("Kèm theo hình thức khen thưởng tại Điều 1 là tiền thưởng theo quy định, "
                                       "tổng cộng 710.000 đồng")


def test_the_pdf_has_the_decree_30_parts_and_the_authority_signature_box(decision, tmp_path):
    pdf, pages, layout = render_pdf(kind=ReportKind.DECISION,
                                    context=build_context(kind=ReportKind.DECISION, subject=decision))
    path = tmp_path / "qd.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 125/QĐ-UBND", "ngày 20 tháng 11 năm 2026",
                     "QUYẾT ĐỊNH", "Điều 1.", "Điều 2.", "Điều 3.", "Nơi nhận:", "Nguyễn Văn Ký",
                     "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG", "36.270.000", "45.630.000"):
        assert expected in text, expected
    assert "sig-authority" in layout


def test_the_decision_page_requests_the_document(client, decision, decision_world):
    client.force_login(decision_world.board)
    response = client.post(reverse("decisions:decision_document", args=[decision.pk]))
    report = Report.objects.get()
    assert (report.kind, report.decision_id, report.province_id, report.year) == (
        ReportKind.DECISION, decision.pk, decision.province_id, 2026)
    assert response.status_code == 302
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-testid="report-status"' in page
    client.post(reverse("decisions:decision_document", args=[decision.pk]))
    assert Report.objects.count() == 1  # the same inputs reuse the report
