"""Evidence files: recognised by content, size-capped, hashed, served only to those who see the sheet."""
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from scoring.domain.evidence import add_evidence, detect_type, remove_evidence
from scoring.domain.sheets import submit_sheet
from scoring.enums import RoundStatus
from scoring.models import Evidence, ScoreEntry, ScoringRound

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _add(w, upload, code="I.2", user=None):
    return add_evidence(sheet=w.sheet, criterion=w.c[code], upload=upload, user=user or w.officer)


@pytest.mark.unit
def test_type_is_detected_from_the_first_bytes():
    assert detect_type(PDF) == ("application/pdf", ".pdf")
    assert detect_type(PNG) == ("image/png", ".png")
    assert detect_type(JPEG) == ("image/jpeg", ".jpg")
    assert detect_type(EXE) is None
    assert detect_type(b"") is None


def test_a_pdf_is_stored_with_its_hash_and_audited(scoring, media):
    w = scoring
    evidence = _add(w, _upload("Biên bản kiểm tra.pdf", PDF))
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "Biên bản kiểm tra.pdf", "application/pdf", len(PDF))
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".pdf")
    assert (media / evidence.file.name).read_bytes() == PDF
    entry = ScoreEntry.objects.get(sheet=w.sheet, criterion=w.c["I.2"])
    assert (entry.version, entry.points) == (0, None)  # the cell exists now, still never saved
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.new_value["sha256"], event.new_value["name"]) == (
        "evidence.added", evidence.sha256, "Biên bản kiểm tra.pdf")


def test_the_content_decides_the_type_not_the_name(scoring):
    w = scoring
    png_named_pdf = _add(w, _upload("anh-chup.pdf", PNG, "application/pdf"))
    assert (png_named_pdf.content_type, png_named_pdf.file.name[-4:]) == ("image/png", ".png")
    jpeg = _add(w, _upload("anh", JPEG, "application/octet-stream"))
    assert jpeg.content_type == "image/jpeg"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.pdf", EXE, "Chỉ nhận tệp PDF hoặc ảnh PNG, JPEG (kiểm tra theo nội dung tệp, không theo tên hay đuôi "
                       "tệp)."),
    ("trang.pdf", b"", "Tệp minh chứng rỗng."),
    ("text.png", b"hello world", "Chỉ nhận tệp PDF hoặc ảnh PNG, JPEG (kiểm tra theo nội dung tệp, không theo tên "
                                  "hay đuôi tệp)."),
])
def test_bad_files_are_refused_and_nothing_is_stored(scoring, media, name, content, message):
    w = scoring
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _add(w, _upload(name, content))
    assert exc.value.messages == [message]
    assert (Evidence.objects.count(), ScoreEntry.objects.count(), AuditEvent.objects.count()) == (0, 0, events)
    assert list(media.rglob("*.*")) == []


def test_the_size_cap_comes_from_the_settings(scoring, settings, media):
    settings.SCORING_EVIDENCE_MAX_BYTES = 1024 * 1024 // 2
    with pytest.raises(ValidationError) as exc:
        _add(scoring, _upload("lon.pdf", PDF + b"0" * (1024 * 1024)))
    assert exc.value.messages == ["Tệp quá lớn: tối đa 0,5 MB."]
    assert Evidence.objects.count() == 0 and list(media.rglob("*.*")) == []


def test_evidence_needs_an_open_round_and_a_leaf_of_the_scale(scoring, media):
    w = scoring
    with pytest.raises(ValidationError) as exc:
        _add(w, _upload("a.pdf", PDF), code="II.1")
    assert exc.value.messages == ["Tiêu chí không thuộc phiếu chấm này."]
    ScoringRound.objects.filter(pk=w.round.pk).update(status=RoundStatus.FINALISED)
    with pytest.raises(ValidationError) as exc:
        _add(w, _upload("a.pdf", PDF))
    assert exc.value.messages == ["Kết quả đợt chấm điểm đã được chốt; điểm chỉ còn để xem."]
    assert Evidence.objects.count() == 0 and list(media.rglob("*.*")) == []


def test_removing_evidence_is_audited_and_counts_for_submission(scoring, django_capture_on_commit_callbacks,
                                                                 media):
    w = scoring
    evidence = _add(w, _upload("a.pdf", PDF))
    stored = media / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(evidence=evidence, user=w.officer)
    assert not Evidence.objects.exists() and not stored.exists()
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.old_value["name"]) == ("evidence.removed", "a.pdf")


# --- pages and API -------------------------------------------------------------------------------------


def test_upload_page_download_and_refusals(scoring, client):
    w = scoring
    url = reverse("scoring:evidence_list", args=[w.sheet.pk, w.c["I.2"].pk])
    client.force_login(w.officer)
    response = client.post(url, {"file": _upload("bien-ban.pdf", PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    page = client.get(url).content.decode()
    assert "bien-ban.pdf" in page and reverse("scoring:evidence_download", args=[evidence.pk]) in page
    bad = client.post(url, {"file": _upload("x.pdf", EXE)})
    assert bad.status_code == 200
    assert "Chỉ nhận tệp PDF hoặc ảnh PNG, JPEG" in bad.content.decode()
    assert Evidence.objects.count() == 1
    download = client.get(reverse("scoring:evidence_download", args=[evidence.pk]))
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)) == (
        200, "application/pdf", PDF)
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    client.force_login(w.leader)  # sees the sheet (scored unit or co-member), does not fill it
    expected = 403 if w.sheet.scored_id == w.leader.department_id else 404
    assert client.post(url, {"file": _upload("y.pdf", PDF)}).status_code == expected
    client.force_login(w.other_officer)
    assert client.get(reverse("scoring:evidence_download", args=[evidence.pk])).status_code == 404
    assert Evidence.objects.count() == 1


def test_api_upload_and_list(scoring, client):
    w = scoring
    client.force_login(w.officer)
    url = reverse("v1:sheet-evidence", args=[w.sheet.pk, w.c["I.2"].pk])
    response = client.post(url, {"file": _upload("anh.pdf", PNG)})
    assert response.status_code == 201
    body = response.json()
    assert (body["original_name"], body["content_type"], body["size"]) == ("anh.pdf", "image/png", len(PNG))
    assert body["download_url"] == reverse("v1:evidence-download", args=[body["id"]])
    assert [e["id"] for e in client.get(url).json()] == [body["id"]]
    refused = client.post(url, {"file": _upload("x.pdf", EXE)})
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Chỉ nhận tệp PDF hoặc ảnh PNG, JPEG (kiểm tra theo nội dung tệp, không "
                                        "theo tên hay đuôi tệp)."}
    group = client.post(reverse("v1:sheet-evidence", args=[w.sheet.pk, w.c["I"].pk]), {"file": _upload("a.pdf", PDF)})
    assert (group.status_code, group.json()) == (400, {"detail": "Tiêu chí không thuộc phiếu chấm này."})
    assert Evidence.objects.count() == 1


def test_evidence_makes_submission_possible(scoring):
    w = scoring
    from tests.scoring.sheets.test_sheets import _fill, _save

    _fill(w, w.sheet)
    _save(w, "I.2", "15", "Thiếu một phần")
    _add(w, _upload("a.pdf", PDF))
    assert submit_sheet(sheet=w.sheet, user=w.officer).status == "submitted"
