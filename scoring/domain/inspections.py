"""Cross-inspection assignments: who inspects whom in a round, generated fairly and adjusted by hand.

The rules (DOMAIN.md): each member is inspected by exactly k others, never by itself; every member does the
same number of inspections (exactly k); where the bloc has more than two members no two units inspect each
other. These are k-regular orientations without 2-cycles: n·k arcs on n(n−1)/2 pairs, so k ≤ (n−1)/2 when
n > 2; with n = 2 the only assignment is the reciprocal one with k = 1.
"""
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from blocs.models import Department
from scoring.enums import RoundStatus, SheetKind, SheetStatus
from scoring.models import Inspection, ScoreSheet


def max_inspectors(member_count):
    """The largest k that the rules allow for a bloc of `member_count` members (0: none possible)."""
    if member_count < 2:
        return 0
    if member_count == 2:
        return 1
    return (member_count - 1) // 2


def check_feasible(*, member_count, k):
    """Refuse, in Vietnamese, a k that cannot satisfy the rules for this many members."""
    if member_count < 2:
        raise ValidationError(_("Khối cần ít nhất 2 đơn vị thành viên để kiểm tra chéo."))
    if k < 1:
        raise ValidationError(_("Mỗi thành viên phải được ít nhất 1 đơn vị khác kiểm tra."))
    limit = max_inspectors(member_count)
    if k > limit:
        raise ValidationError(
            _("Không thể phân công %(k)s đơn vị kiểm tra cho mỗi thành viên trong khối %(n)s thành viên: "
              "tối đa là %(max)s (không đơn vị nào tự kiểm tra mình và hai đơn vị không kiểm tra lẫn nhau).")
            % {"k": k, "n": member_count, "max": limit})


def generate_inspections(*, members, k, seed):
    """Pairs (inspector, inspected): over a seeded shuffle of `members`, member i inspects i+1 … i+k.

    Pure. With 2k < n the offsets d and n−d never both occur, so no pair is reciprocal; every member is
    inspected by exactly k others and inspects exactly k.
    """
    members = list(members)
    if len(set(members)) != len(members):
        raise ValidationError(_("Danh sách thành viên có đơn vị trùng lặp."))
    check_feasible(member_count=len(members), k=k)
    order = members[:]
    random.Random(seed).shuffle(order)
    n = len(order)
    return [(order[i], order[(i + step) % n]) for i in range(n) for step in range(1, k + 1)]


def new_seed():
    return secrets.randbits(32)


def adjust_inspection(*, inspection, new_inspector, user):
    """Give an assignment to another member; its cross sheet is rebuilt, so it must have no points yet.

    Refused: the inspected unit itself, a pair that already exists, and (bloc > 2 members) a reciprocal pair.
    """
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().select_related("round").get(pk=inspection.pk)
        round_ = inspection.round
        if round_.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
            raise ValidationError(_("Đợt chấm điểm đã đóng; không thể đổi phân công kiểm tra."))
        member_ids = set(round_.bloc_year.memberships.values_list("department_id", flat=True))
        _check_new_inspector(inspection, new_inspector, member_ids)
        sheet = (ScoreSheet.objects.select_for_update()
                 .filter(round=round_, kind=SheetKind.CROSS, scored_id=inspection.inspected_id,
                         scorer_id=inspection.inspector_id).first())
        if sheet is not None and (sheet.status != SheetStatus.DRAFT or sheet.entries.exists()):
            raise ValidationError(_("Phiếu kiểm tra của phân công này đã có điểm hoặc đã gửi; "
                                    "không thể đổi đơn vị kiểm tra."))
        old_inspector = inspection.inspector_id
        Inspection.objects.filter(pk=inspection.pk).update(inspector=new_inspector, adjusted=True)
        old_sheet = getattr(sheet, "pk", None)  # read before the delete clears it
        old_sheets = listing([sheet] if sheet else [], "kind", "scored_id", "scorer_id")
        if sheet is not None:
            sheet.delete()
        new_sheet = ScoreSheet.objects.create(round=round_, kind=SheetKind.CROSS,
                                              scored_id=inspection.inspected_id, scorer=new_inspector)
        # The rebuilt cross sheet is part of the change: the old one removed, the new one created.
        record_event(actor=user, event_type="inspection.adjusted", obj=inspection,
                     old_value={"inspector": old_inspector, "adjusted": inspection.adjusted,
                                "sheet": old_sheet, "sheets": old_sheets},
                     new_value={"inspector": new_inspector.pk, "adjusted": True, "sheet": new_sheet.pk,
                                "sheets": listing([new_sheet], "kind", "scored_id", "scorer_id")})
    inspection.refresh_from_db()
    return inspection


def _check_new_inspector(inspection, new_inspector, member_ids):
    if new_inspector is None or new_inspector.pk not in member_ids:
        raise ValidationError(_("Đơn vị kiểm tra phải là thành viên của khối trong năm."))
    if new_inspector.pk == inspection.inspected_id:
        raise ValidationError(_("Đơn vị không thể tự kiểm tra chính mình."))
    if new_inspector.pk == inspection.inspector_id:
        raise ValidationError(_("Đơn vị này đã là đơn vị kiểm tra của phân công."))
    pairs = Inspection.objects.filter(round_id=inspection.round_id)
    if pairs.filter(inspector=new_inspector, inspected_id=inspection.inspected_id).exists():
        raise ValidationError(_("“%(a)s” đã được phân công kiểm tra “%(b)s”.")
                              % {"a": new_inspector.name, "b": _name(inspection.inspected_id)})
    if len(member_ids) > 2 and pairs.filter(inspector_id=inspection.inspected_id, inspected=new_inspector).exists():
        raise ValidationError(_("“%(b)s” đang kiểm tra “%(a)s”: hai đơn vị không được kiểm tra lẫn nhau.")
                              % {"a": new_inspector.name, "b": _name(inspection.inspected_id)})


def _name(department_id):
    return Department.objects.values_list("name", flat=True).get(pk=department_id)
