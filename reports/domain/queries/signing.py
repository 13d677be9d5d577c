"""Reads of the signing screens: a user's certificates, a report's signature panel, reports one may sign."""
from dataclasses import dataclass

from reports.domain.queries.documents import reports_visible_to
from reports.enums import ReportStatus
from reports.models import SigningCertificate
from reports.rules import held_slots, slot_key


def certificates_of(user):
    """The user's own certificates, the active one first; nobody lists another person's."""
    if not (user.is_authenticated and user.is_active):
        return SigningCertificate.objects.none()
    return SigningCertificate.objects.filter(user=user).order_by("-is_active", "-uploaded_at")


def active_certificate_of(user):
    return certificates_of(user).filter(is_active=True).first()


def signable_reports(user):
    """Reports the user may open to sign: finished and visible (the slot itself is the rule's business)."""
    return reports_visible_to(user).filter(status=ReportStatus.DONE)


@dataclass(frozen=True)
class SlotLine:
    key: str
    slot: str
    position: str
    department: str
    signature: object  # the Signature filling it, or None
    mine: bool  # held by the viewing user


@dataclass(frozen=True)
class SignaturePanel:
    lines: list
    open_keys: list  # slots the viewer holds and nobody has signed yet
    certificate: object  # the viewer's active certificate, or None
    can_sign: bool


def signature_panel(*, report, user):
    """The document's signer slots with the signature filling each, and what the viewer may sign now.
    Reads `report.signatures` (prefetched by reports_visible_to) and one row for the viewer's certificate."""
    filled = {row.field_name: row for row in report.signatures.all()}
    held = {slot_key(signer) for signer in held_slots(user, report)}
    signers = (report.context or {}).get("document", {}).get("signers", [])
    lines = [SlotLine(key=slot_key(s), slot=s.get("slot", ""), position=s.get("position", ""),
                      department=s.get("department", ""), signature=filled.get(slot_key(s)),
                      mine=slot_key(s) in held) for s in signers]
    open_keys = [line.key for line in lines if line.mine and line.signature is None]
    ready = report.status == ReportStatus.DONE and bool(open_keys)
    certificate = active_certificate_of(user) if ready else None
    return SignaturePanel(lines=lines, open_keys=open_keys, certificate=certificate,
                          can_sign=ready and certificate is not None)
