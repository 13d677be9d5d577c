"""The texts the secretariat (the Board for the province's documents) writes into a document: the service
with its optimistic version, the page with its bad input and stale version (409), and the snapshot."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from emulation.exceptions import ConflictError
from reports.domain import contexts, texts
from reports.enums import ReportKind
from reports.models import ReportText

pytestmark = pytest.mark.integration

SECTIONS = {"achievements": "Hoàn thành 100% chỉ tiêu.\n\nTổ chức tốt phong trào thi đua.",
            "shortcomings": "Một số đơn vị nộp báo cáo chậm.", "next_tasks": "Tiếp tục đổi mới."}


def _save(world, version=0, **changes):
    fields = dict(kind=ReportKind.YEAR_END, subject=world.own, expected_version=version, user=world.secretariat,
                  number_symbol="05/BC-KTĐ", place="Tam Kỳ", issued_on=datetime.date(2027, 1, 4), sections=SECTIONS,
                  recipients="Ban Thi đua - Khen thưởng tỉnh;\nLưu: VT.")
    return texts.save_report_text(**{**fields, **changes})


def test_saving_a_text_creates_it_then_bumps_its_version(world):
    text = _save(world)
    assert (text.version, text.bloc_year, text.province, text.year) == (1, world.own, world.province, 2026)
    again = _save(world, version=1, place="Hội An")
    assert (again.pk, again.version, again.place) == (text.pk, 2, "Hội An")
    events = list(AuditEvent.objects.filter(event_type="report_text.saved").order_by("id"))
    assert [e.old_value and e.old_value["version"] for e in events] == [None, 1]
    assert events[1].new_value["place"] == "Hội An"


def test_a_stale_version_is_refused_and_changes_nothing(world):
    _save(world)
    with pytest.raises(ConflictError):
        _save(world, version=0, place="Khác")
    assert ReportText.objects.get().place == "Tam Kỳ"


@pytest.mark.parametrize(("changes", "message"), [
    ({"sections": {"secret": "x"}}, "Phần nội dung không có trong loại văn bản này: secret."),
    ({"sections": {"achievements": 5}}, "Nội dung “achievements” phải là văn bản."),
    ({"number_symbol": "x" * 61}, "Số, ký hiệu dài quá 60 ký tự."),
    ({"recipients": "a\x00b"}, "Không được chứa ký tự NUL."),
    ({"kind": ReportKind.PROVINCE_SUMMARY}, "Loại văn bản này không có nội dung để soạn cho đối tượng đã chọn."),
])
def test_bad_texts_are_refused(world, changes, message):
    with pytest.raises(ValidationError) as caught:
        _save(world, **changes)
    assert caught.value.messages == [message]
    assert ReportText.objects.count() == 0


def test_the_snapshot_carries_the_text(world):
    _save(world)
    document = contexts.build_context(kind=ReportKind.YEAR_END, subject=world.own)["document"]
    assert (document["number_symbol"], document["place"], document["issued_on"]) == ("05/BC-KTĐ", "Tam Kỳ",
                                                                                     "2027-01-04")
    assert document["paragraphs"]["achievements"] == ["Hoàn thành 100% chỉ tiêu.", "Tổ chức tốt phong trào thi đua."]
    assert document["recipients"] == ["Ban Thi đua - Khen thưởng tỉnh;", "Lưu: VT."]
    assert document["text_version"] == 1


def test_province_texts_belong_to_the_board(world):
    text = texts.save_report_text(kind=ReportKind.PROVINCE_SUMMARY, subject=(world.province, 2026), expected_version=0,
                                  user=world.board, sections={"proposals": "Tăng chỉ tiêu cờ thi đua."})
    assert (text.bloc_year, text.province, text.year, text.sections["proposals"]) == (
        None, world.province, 2026, "Tăng chỉ tiêu cờ thi đua.")
    assert world.board.has_perm("reports.edit_text", (world.province, 2026))
    assert not world.secretariat.has_perm("reports.edit_text", (world.province, 2026))
    assert not world.far_board.has_perm("reports.edit_text", (world.province, 2026))


# --- the page ------------------------------------------------------------------------------------------------------


def _url(world, kind="year_end"):
    return reverse("reports:bloc_year_text", args=[world.own.pk, kind])


def _form(version=0, **changes):
    data = {"number_symbol": "05/BC-KTĐ", "place": "Tam Kỳ", "issued_on": "2027-01-04",
            "section_achievements": "Kết quả.", "section_shortcomings": "", "section_next_tasks": "Nhiệm vụ.",
            "recipients": "Lưu: VT.", "version": version}
    return {**data, **changes}


def test_the_page_shows_the_kind_sections(client, world):
    client.force_login(world.secretariat)
    page = client.get(_url(world)).content.decode()
    for label in ("Số, ký hiệu", "Kết quả đạt được", "Tồn tại, hạn chế", "Phương hướng, nhiệm vụ năm tới", "Nơi nhận"):
        assert label in page
    minutes = client.get(_url(world, "vote_minutes")).content.decode()
    assert "Thành phần tham dự, ban kiểm phiếu" in minutes and "Kết quả đạt được" not in minutes
    assert client.get(_url(world, "decision")).status_code == 404


def test_the_page_saves_the_text(client, world):
    client.force_login(world.secretariat)
    response = client.post(_url(world), _form())
    assert response.status_code == 302 and response.url == reverse("reports:bloc_year_documents", args=[world.own.pk])
    text = ReportText.objects.get()
    assert (text.number_symbol, text.issued_on, text.sections, text.version, text.updated_by) == (
        "05/BC-KTĐ", datetime.date(2027, 1, 4),
        {"achievements": "Kết quả.", "shortcomings": "", "next_tasks": "Nhiệm vụ."}, 1, world.secretariat)
    assert 'value="1"' in client.get(_url(world)).content.decode()  # the form now carries version 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"issued_on": "31/02/2027"}, "Ngày không hợp lệ; hãy dùng dạng năm-tháng-ngày."),
    ({"number_symbol": "x" * 61}, "Giá trị này chỉ có tối đa 60 kí tự (hiện có 61)"),
    ({"version": "một"}, "Phiên bản không hợp lệ; hãy tải lại trang."),
    ({"version": ""}, "Thiếu phiên bản; hãy tải lại trang."),
])
def test_bad_input_on_the_page_changes_nothing(client, world, changes, message):
    client.force_login(world.secretariat)
    response = client.post(_url(world), _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ReportText.objects.count() == 0


def test_a_stale_version_on_the_page_answers_409(client, world):
    _save(world)
    client.force_login(world.secretariat)
    response = client.post(_url(world), _form(version=0, place="Khác"))
    assert response.status_code == 409
    assert "Nội dung văn bản vừa được người khác cập nhật" in response.content.decode()
    assert ReportText.objects.get().place == "Tam Kỳ"


def test_the_board_edits_the_province_text(client, world):
    client.force_login(world.board)
    url = reverse("reports:province_text", args=[world.province.pk, 2026])
    response = client.post(url, {"section_achievements": "Các khối hoạt động tốt.", "section_shortcomings": "",
                                 "section_proposals": "", "recipients": "", "version": 0})
    assert response.status_code == 302
    assert ReportText.objects.get(bloc_year=None).sections["achievements"] == "Các khối hoạt động tốt."
