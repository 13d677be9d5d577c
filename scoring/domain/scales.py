"""Business actions on scoring scales: province templates, bloc-year copies, criteria, freezing, amendments.

Each action locks the scale row, refuses a frozen scale (changes after the pledge go through an amendment the
Board approves, applied by `apply_scale_change`) or a closed year, validates, writes, bumps the scale's
version and records the audit event with old and new values, all in one transaction.
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from blocs.enums import Phase
from blocs.models import BlocYear
from scoring.domain import scale_tree
from scoring.domain.queries.scales import scale_criteria, scoring_settings_of
from scoring.domain.scale_checks import MAX_DEPTH, specs_from_criteria, tree_totals, validate_tree
from scoring.enums import CriterionKind, ScaleStatus
from scoring.models import Criterion, ScoreEntry, ScoringScale

CRITERION_FIELDS = ["code", "title", "guidance", "kind", "max_points", "evidence_required"]
SCALE_FIELDS = ["name", "total", "bonus_cap", "status"]
MAX_POINTS = Decimal("999999.99")


# ------------------------------------------------------------------------------------------ reading aids

def validate_scale(scale):
    """The Vietnamese list of what is wrong with a scale (empty when it is valid)."""
    specs = specs_from_criteria(scale_criteria(scale))
    return validate_tree(specs, total=scale.total, bonus_cap=scale.bonus_cap)


def scale_totals(scale, criteria=None):
    """Sums of the normal, bonus and penalty leaves beside the declared total and bonus cap."""
    specs = specs_from_criteria(scale_criteria(scale) if criteria is None else criteria)
    return tree_totals(specs, total=scale.total, bonus_cap=scale.bonus_cap)


def default_bonus_cap(*, province, total):
    """The province's bonus cap (ScoringSettings, 10 % by default) of a total."""
    percent = scoring_settings_of(province).bonus_cap_percent
    return (Decimal(total) * percent / 100).quantize(Decimal("0.01"))


def is_editable(scale):
    return scale.status != ScaleStatus.FROZEN and not _year_closed(scale)


# ---------------------------------------------------------------------------------------------- scales

def create_template(*, province, name, total, user, bonus_cap=None, is_illustrative=False, criteria=()):
    """Create a province template (optionally with its criteria, checked first: all or nothing)."""
    total, name = _points(total, _("Tổng điểm"), positive=True), _clean_name(name)
    bonus_cap = default_bonus_cap(province=province, total=total) if bonus_cap is None \
        else _points(bonus_cap, _("Trần điểm thưởng"))
    specs = list(criteria)
    if specs:
        _raise_problems(validate_tree(specs, total=total, bonus_cap=bonus_cap))
    with transaction.atomic():
        if ScoringScale.objects.filter(province=province, name__iexact=name).exists():
            raise ValidationError(_("Tỉnh đã có thang điểm mẫu “%(name)s”.") % {"name": name})
        scale = ScoringScale.objects.create(province=province, name=name, total=total, bonus_cap=bonus_cap,
                                            is_illustrative=is_illustrative)
        written = scale_tree.create_tree(scale, specs)
        record_event(actor=user, event_type="scale.template_created", obj=scale,
                     new_value={**_scale_snapshot(scale), "province": province.pk,
                                "criteria": _written_listing(specs, written)})
    return scale


def update_scale(*, scale, user, name=None, total=None, bonus_cap=None):
    """Rename a scale or change its declared total and bonus cap (draft scales only)."""
    with transaction.atomic():
        current = _lock(scale)
        old = _scale_snapshot(current)
        if name is not None:
            current.name = _clean_name(name)
            _check_template_name(current)
        if total is not None:
            current.total = _points(total, _("Tổng điểm"), positive=True)
        if bonus_cap is not None:
            current.bonus_cap = _points(bonus_cap, _("Trần điểm thưởng"))
        current.version += 1
        current.save(update_fields=["name", "total", "bonus_cap", "version"])
        record_event(actor=user, event_type="scale.changed", obj=current, old_value=old,
                     new_value=_scale_snapshot(current))
    scale.refresh_from_db()
    return scale


def copy_template_to_bloc_year(*, template, bloc_year, user):
    """Give a bloc-year its own scale: a deep copy of a template of its province (copied_from keeps the link)."""
    if template.province_id is None:
        raise ValidationError(_("Chỉ sao chép được từ thang điểm mẫu của tỉnh."))
    with transaction.atomic():
        bloc_year = BlocYear.objects.select_for_update().select_related("bloc").get(pk=bloc_year.pk)
        if template.province_id != bloc_year.bloc.province_id:
            raise ValidationError(_("Thang điểm mẫu không thuộc tỉnh của khối."))
        if ScoringScale.objects.filter(bloc_year=bloc_year).exists():
            raise ValidationError(_("Năm thi đua đã có thang điểm."))
        specs = specs_from_criteria(scale_criteria(template))
        try:
            with transaction.atomic():
                scale = ScoringScale.objects.create(
                    bloc_year=bloc_year, copied_from=template, name=template.name, total=template.total,
                    bonus_cap=template.bonus_cap, is_illustrative=template.is_illustrative)
        except IntegrityError as exc:
            raise ValidationError(_("Năm thi đua đã có thang điểm.")) from exc
        written = scale_tree.create_tree(scale, specs)
        record_event(actor=user, event_type="scale.copied", obj=scale, new_value={
            **_scale_snapshot(scale), "bloc_year": bloc_year.pk, "copied_from": template.pk,
            "criteria": _written_listing(specs, written)})
    return scale


def replace_criteria(*, scale, criteria, user, total=None, bonus_cap=None):
    """Replace the whole tree (an import): checked first, refused with every problem, else all rows swapped."""
    specs = list(criteria)
    with transaction.atomic():
        current = _lock(scale)
        total = current.total if total is None else _points(total, _("Tổng điểm"), positive=True)
        bonus_cap = current.bonus_cap if bonus_cap is None else _points(bonus_cap, _("Trần điểm thưởng"))
        _raise_problems(validate_tree(specs, total=total, bonus_cap=bonus_cap))
        if ScoreEntry.objects.filter(criterion__scale=current).exists():
            raise ValidationError(_("Không thể thay thế các tiêu chí: thang điểm đã có điểm chấm."))
        old = {**_scale_snapshot(current), "criteria": _tree_listing(scale_criteria(current))}
        Criterion.objects.filter(scale=current).delete()
        written = scale_tree.create_tree(current, specs)
        current.total, current.bonus_cap, current.version = total, bonus_cap, current.version + 1
        current.save(update_fields=["total", "bonus_cap", "version"])
        record_event(actor=user, event_type="scale.criteria_replaced", obj=current, old_value=old,
                     new_value={**_scale_snapshot(current), "criteria": _written_listing(specs, written)})
    scale.refresh_from_db()
    return scale


def freeze_scale(*, scale, user):
    """Freeze a scale (the pledge is signed by all); later changes are amendments. Freezing twice is a no-op."""
    with transaction.atomic():
        current = ScoringScale.objects.select_for_update().get(pk=scale.pk)
        if current.status == ScaleStatus.FROZEN:
            return current
        ScoringScale.objects.filter(pk=current.pk).update(status=ScaleStatus.FROZEN, version=F("version") + 1)
        record_event(actor=user, event_type="scale.frozen", obj=current, old_value={"status": current.status},
                     new_value={"status": ScaleStatus.FROZEN})
    scale.refresh_from_db()
    return scale


# -------------------------------------------------------------------------------------------- criteria

def add_criterion(*, scale, user, code, title, max_points, parent=None, kind=None, guidance="",
                  evidence_required=False, _amendment=False):
    """Add a group (no parent), a criterion or a sub-criterion; a child takes its parent's kind."""
    with transaction.atomic():
        current = _lock(scale, force=_amendment)
        if parent is not None:
            parent = _criterion_of(current, parent)
            if scale_tree.depth(parent) >= MAX_DEPTH:
                raise ValidationError(_("Không thể thêm cấp thứ tư: thang điểm có tối đa 3 cấp "
                                        "(nhóm → tiêu chí → tiêu chí con)."))
        kind = kind or (parent.kind if parent else CriterionKind.NORMAL)
        _check_kind(kind, parent)
        criterion = Criterion(scale=current, parent=parent, kind=kind, guidance=guidance or "",
                              evidence_required=bool(evidence_required),
                              position=scale_tree.next_position(current, parent))
        _assign(criterion, code=code, title=title, max_points=max_points)
        criterion.save()
        record_event(actor=user, event_type="criterion.added", obj=criterion,
                     new_value=_criterion_snapshot(criterion))
        _bump(current)
    return criterion


def update_criterion(*, criterion, user, _amendment=False, **changes):
    """Change a criterion's fields or parent; a new kind passes down to its sub-criteria."""
    unknown = set(changes) - set(CRITERION_FIELDS) - {"parent"}
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        scale = _lock(criterion.scale, force=_amendment)
        criterion = Criterion.objects.select_related("parent").get(pk=criterion.pk, scale=scale)
        old = _criterion_snapshot(criterion)
        if "parent" in changes:
            _reparent(criterion, changes.pop("parent"), scale)
        _assign(criterion, **{k: changes[k] for k in ("code", "title", "max_points") if k in changes})
        if "guidance" in changes:
            criterion.guidance = changes["guidance"] or ""
        if "evidence_required" in changes:
            criterion.evidence_required = bool(changes["evidence_required"])
        kind = changes.get("kind", criterion.kind)
        _check_kind(kind, criterion.parent)
        criterion.kind = kind
        criterion.save()
        # Sub-criteria follow their parent's kind: the event lists each one that changed with it.
        followers = list(scale_tree.descendants(criterion).exclude(kind=kind).order_by("pk"))
        Criterion.objects.filter(pk__in=[f.pk for f in followers]).update(kind=kind)
        new = _criterion_snapshot(criterion)
        if followers:
            old["criteria"] = listing(followers, "code", "kind")
            new["criteria"] = [{**row, "kind": kind} for row in old["criteria"]]
        record_event(actor=user, event_type="criterion.changed", obj=criterion, old_value=old, new_value=new)
        _bump(scale)
    return criterion


def delete_criterion(*, criterion, user, _amendment=False):
    """Delete a criterion with its sub-criteria; refused once points were entered against any of them."""
    with transaction.atomic():
        scale = _lock(criterion.scale, force=_amendment)
        criterion = Criterion.objects.select_related("parent").get(pk=criterion.pk, scale=scale)
        subtree = [criterion.pk, *scale_tree.descendants(criterion).values_list("pk", flat=True)]
        if ScoreEntry.objects.filter(criterion_id__in=subtree).exists():
            raise ValidationError(_("Không thể xóa “%(code)s”: đã có điểm chấm theo tiêu chí này.")
                                  % {"code": criterion.code})
        removed = [{"id": c.pk, **_criterion_snapshot(c)} for c in Criterion.objects.filter(pk__in=subtree)
                   .select_related("parent").order_by("pk")]
        record_event(actor=user, event_type="criterion.deleted", obj=criterion,
                     old_value={"criteria": removed})
        criterion.delete()
        _bump(scale)


def move_criterion(*, criterion, direction, user):
    """Move a criterion one place up or down among its siblings."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Hướng di chuyển không hợp lệ."))
    with transaction.atomic():
        scale = _lock(criterion.scale)
        siblings = list(Criterion.objects.filter(scale=scale, parent_id=criterion.parent_id)
                        .order_by("position", "pk"))
        index = next(i for i, c in enumerate(siblings) if c.pk == criterion.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(siblings):
            message = _("“%(code)s” đã ở đầu nhóm.") if direction == "up" else _("“%(code)s” đã ở cuối nhóm.")
            raise ValidationError(message % {"code": criterion.code})
        old = {"order": [c.code for c in siblings], "criteria": listing(siblings, "code", "position")}
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        Criterion.objects.bulk_update(siblings, ["position"])
        record_event(actor=user, event_type="criterion.moved", obj=criterion, old_value=old,
                     new_value={"order": [c.code for c in siblings], "criteria": listing(siblings, "code", "position")})
        _bump(scale)


# ------------------------------------------------------------------------------------------ amendments

def apply_scale_change(*, scale, change, user):
    """Apply one approved amendment change to a scale, frozen or not (the Board's approval is the check).

    `change` is {"op": "update" | "add" | "delete", "criterion": code, ...fields}; for "add", "parent"
    names the parent's code. Refused with a Vietnamese message when the change is malformed.
    """
    if not isinstance(change, dict):
        raise ValidationError(_("Nội dung thay đổi không hợp lệ."))
    op, code = change.get("op"), str(change.get("criterion") or "").strip()
    fields = {k: v for k, v in change.items() if k not in ("op", "criterion", "parent")}
    with transaction.atomic():
        current = ScoringScale.objects.select_for_update().get(pk=scale.pk)
        if op == "add":
            parent_code = change.get("parent")
            parent = _find(current, parent_code) if parent_code else None
            _only(fields, {"title", "max_points", "kind", "guidance", "evidence_required"})
            result = add_criterion(scale=current, user=user, code=code, parent=parent, _amendment=True,
                                   title=fields.get("title", ""), max_points=fields.get("max_points", 0),
                                   kind=fields.get("kind"), guidance=fields.get("guidance", ""),
                                   evidence_required=_flag(fields.get("evidence_required", False)))
        elif op == "update":
            _only(fields, set(CRITERION_FIELDS))
            if "evidence_required" in fields:
                fields["evidence_required"] = _flag(fields["evidence_required"])
            result = update_criterion(criterion=_find(current, code), user=user, _amendment=True, **fields)
        elif op == "delete":
            result = delete_criterion(criterion=_find(current, code), user=user, _amendment=True)
        else:
            raise ValidationError(_("Thao tác “%(op)s” không hợp lệ (dùng add, update hoặc delete).")
                                  % {"op": op})
        record_event(actor=user, event_type="scale.amendment_applied", obj=current, new_value=change)
    scale.refresh_from_db()
    return result


# ------------------------------------------------------------------------------------------- internals

def _lock(scale, *, force=False):
    current = ScoringScale.objects.select_for_update().get(pk=scale.pk)
    if not force:
        if current.status == ScaleStatus.FROZEN:
            raise ValidationError(_("Thang điểm đã khóa vì giao ước thi đua đã được ký; mọi thay đổi phải "
                                    "qua đề nghị sửa đổi được Ban Thi đua - Khen thưởng duyệt."))
        if _year_closed(current):
            raise ValidationError(_("Năm thi đua %(year)s đã kết thúc, không thể thay đổi thang điểm.")
                                  % {"year": current.bloc_year.year})
    return current


def _year_closed(scale):
    return scale.bloc_year_id is not None and scale.bloc_year.phase == Phase.CLOSED


def _bump(scale):
    ScoringScale.objects.filter(pk=scale.pk).update(version=F("version") + 1)


def _raise_problems(problems):
    if problems:
        raise ValidationError(problems)


def _points(value, label, *, positive=False):
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(label)s “%(value)s” không phải là số.") % {"label": label, "value": value})
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        raise ValidationError(_("%(label)s chỉ được có tối đa 2 chữ số thập phân.") % {"label": label})
    if number < 0 or (positive and number == 0) or number > MAX_POINTS:
        raise ValidationError(_("%(label)s phải lớn hơn 0 và không quá 999999,99.") % {"label": label}
                              if positive else _("%(label)s phải từ 0 đến 999999,99.") % {"label": label})
    return number.quantize(Decimal("0.01"))


def _flag(value):
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "có", "co", "x", "yes")
    return bool(value)


def _only(fields, allowed):
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})


def _clean_name(name):
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Tên thang điểm không được để trống."))
    if len(name) > 200:
        raise ValidationError(_("Tên thang điểm không được dài quá 200 ký tự."))
    return name


def _check_template_name(scale):
    if scale.province_id and ScoringScale.objects.filter(
            province_id=scale.province_id, name__iexact=scale.name).exclude(pk=scale.pk).exists():
        raise ValidationError(_("Tỉnh đã có thang điểm mẫu “%(name)s”.") % {"name": scale.name})


def _assign(criterion, **values):
    if "code" in values:
        code = str(values["code"] or "").strip()
        if not code:
            raise ValidationError(_("Mã tiêu chí không được để trống."))
        if len(code) > 20:
            raise ValidationError(_("Mã tiêu chí không được dài quá 20 ký tự."))
        if Criterion.objects.filter(scale_id=criterion.scale_id, code=code).exclude(pk=criterion.pk).exists():
            raise ValidationError(_("Thang điểm đã có mã “%(code)s”.") % {"code": code})
        criterion.code = code
    if "title" in values:
        title = str(values["title"] or "").strip()
        if not title:
            raise ValidationError(_("Nội dung tiêu chí không được để trống."))
        if len(title) > 500:
            raise ValidationError(_("Nội dung tiêu chí không được dài quá 500 ký tự."))
        criterion.title = title
    if "max_points" in values:
        criterion.max_points = _points(values["max_points"], _("Điểm tối đa"))


def _check_kind(kind, parent):
    if kind not in CriterionKind.values:
        raise ValidationError(_("Loại tiêu chí “%(kind)s” không hợp lệ.") % {"kind": kind})
    if parent is not None and parent.kind != kind:
        raise ValidationError(_("Tiêu chí phải cùng loại với nhóm “%(parent)s” (%(kind)s).")
                              % {"parent": parent.code, "kind": CriterionKind(parent.kind).label})


def _criterion_of(scale, criterion):
    if criterion.scale_id != scale.pk:
        raise ValidationError(_("Tiêu chí cha không thuộc thang điểm này."))
    return criterion


def _find(scale, code):
    found = Criterion.objects.filter(scale=scale, code=str(code or "").strip()).select_related("parent").first()
    if found is None:
        raise ValidationError(_("Không tìm thấy tiêu chí mã “%(code)s” trong thang điểm.") % {"code": code})
    return found


def _reparent(criterion, parent, scale):
    if parent is not None:
        parent = _criterion_of(scale, parent)
        if parent.pk == criterion.pk or scale_tree.descendants(criterion).filter(pk=parent.pk).exists():
            raise ValidationError(_("Không thể chuyển tiêu chí vào chính nó hoặc tiêu chí con của nó."))
        if scale_tree.depth(parent) + scale_tree.height(criterion) > MAX_DEPTH:
            raise ValidationError(_("Không thể chuyển: thang điểm có tối đa 3 cấp "
                                    "(nhóm → tiêu chí → tiêu chí con)."))
    if (parent.pk if parent else None) != criterion.parent_id:
        criterion.parent = parent
        criterion.position = scale_tree.next_position(scale, parent)


def _scale_snapshot(scale):
    return {"name": scale.name, "total": scale.total, "bonus_cap": scale.bonus_cap, "status": scale.status}


def _written_listing(specs, written):
    """The criteria a bulk write created: each spec with the id of its row."""
    return [{"id": row.pk, **spec.as_dict()} for spec, row in zip(specs, written, strict=True)]


def _tree_listing(criteria):
    """A scale's criteria as specs in tree order, each with its id."""
    ids = {c.code: c.pk for c in criteria}
    return [{"id": ids[spec.code], **spec.as_dict()} for spec in specs_from_criteria(criteria)]


def _criterion_snapshot(criterion):
    return {**{f: getattr(criterion, f) for f in CRITERION_FIELDS},
            "parent": criterion.parent.code if criterion.parent_id else None, "position": criterion.position}
