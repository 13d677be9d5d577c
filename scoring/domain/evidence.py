"""Evidence files of a cell: PDF, PNG or JPEG, recognised by their content, size-capped, hashed.

The declared name and content type are not trusted: the first bytes decide (a PNG named .pdf is kept as a
PNG; an executable renamed .pdf is refused). Files are stored under MEDIA_ROOT and served only through a
view that checks the sheet's permission.
"""
import hashlib
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from scoring.domain.sheets import lock_editable_sheet, scored_criterion
from scoring.models import Evidence, ScoreEntry

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_CELL = 20
# (leading bytes, content type, extension), checked in order.
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
]


def max_evidence_bytes():
    """The size cap: settings.SCORING_EVIDENCE_MAX_BYTES, 10 MB by default."""
    return getattr(settings, "SCORING_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def detect_type(head):
    """(content type, extension) from a file's first bytes, or None when it is not PDF, PNG or JPEG."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(upload):
    """Size and content checks of an uploaded file; returns (content type, extension, sha256)."""
    if upload is None:
        raise ValidationError(_("Chưa chọn tệp minh chứng."))
    cap = max_evidence_bytes()
    if upload.size == 0:
        raise ValidationError(_("Tệp minh chứng rỗng."))
    if upload.size > cap:
        raise ValidationError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": _megabytes(cap)})
    upload.seek(0)
    detected = detect_type(upload.read(16))
    if detected is None:
        raise ValidationError(_("Chỉ nhận tệp PDF hoặc ảnh PNG, JPEG (kiểm tra theo nội dung tệp, "
                                "không theo tên hay đuôi tệp)."))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return detected[0], detected[1], digest.hexdigest()


def _megabytes(size):
    value = size / (1024 * 1024)
    return f"{value:g}".replace(".", ",")


def _original_name(upload):
    name = os.path.basename((upload.name or "").replace("\\", "/")).replace("\x00", "").strip()
    return (name or _("tep-minh-chung"))[:255]


def add_evidence(*, sheet, criterion, upload, user):
    """Attach a file to a cell of an editable sheet (the cell is created, version 0, if never saved)."""
    content_type, extension, sha256 = check_upload(upload)
    with transaction.atomic():
        sheet = lock_editable_sheet(sheet)
        criterion = scored_criterion(bloc_year_id=sheet.bloc_year_id, criterion=criterion)
        entry, created = ScoreEntry.objects.get_or_create(sheet=sheet, criterion=criterion)
        if entry.evidence.count() >= MAX_FILES_PER_CELL:
            raise ValidationError(_("Mỗi tiêu chí có tối đa %(n)s tệp minh chứng.") % {"n": MAX_FILES_PER_CELL})
        evidence = Evidence(entry=entry, original_name=_original_name(upload), content_type=content_type,
                            size=upload.size, sha256=sha256, uploaded_by=user)
        evidence.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
        stored = evidence.file.name
        try:  # a refused write must not leave the stored file behind
            evidence.save()
            described = _describe(evidence)
            if created:  # the file's cell was never saved: it exists from now on, empty
                described["cell"] = listing([entry], "sheet_id", "criterion_id", "points", "version")
            record_event(actor=user, event_type="evidence.added", obj=evidence, new_value=described)
        except Exception:
            evidence.file.storage.delete(stored)
            raise
    return evidence


def remove_evidence(*, evidence, user):
    """Remove a file from a cell of an editable sheet; the stored file goes once the change is committed."""
    with transaction.atomic():
        evidence = Evidence.objects.select_related("entry").get(pk=evidence.pk)
        lock_editable_sheet(evidence.entry.sheet)
        old = _describe(evidence)
        storage, name = evidence.file.storage, evidence.file.name
        record_event(actor=user, event_type="evidence.removed", obj=evidence, old_value=old)
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


def _describe(evidence):
    return {"sheet": evidence.entry.sheet_id, "criterion": evidence.entry.criterion_id,
            "name": evidence.original_name, "content_type": evidence.content_type, "size": evidence.size,
            "sha256": evidence.sha256, "file": evidence.file.name}
