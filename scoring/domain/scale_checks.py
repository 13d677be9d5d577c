"""The shape rules of a scoring scale, on plain specs: one set of checks for a saved scale and an import.

A scale is a tree of at most three levels (group → criterion → sub-criterion); leaves are scored. Normal
leaves add up to the declared total, bonus leaves stay under the bonus cap, penalties are not capped in
total, a parent's maximum is the sum of its children's, every group has criteria, codes are unique.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from scoring.enums import CriterionKind

MAX_DEPTH = 3
ZERO = Decimal("0")


@dataclass
class CriterionSpec:
    """One node of a scale as data: what an import reads and a copy writes."""

    code: str
    title: str
    kind: str = CriterionKind.NORMAL
    max_points: Decimal = ZERO
    evidence_required: bool = False
    guidance: str = ""
    parent_code: str | None = None

    def as_dict(self):
        return {"code": self.code, "title": self.title, "kind": self.kind, "max_points": self.max_points,
                "evidence_required": self.evidence_required, "guidance": self.guidance,
                "parent": self.parent_code}


@dataclass
class TreeRow:
    """A node in display order, with its depth (0 = group), its children and the sum of its leaves."""

    node: object
    depth: int
    children: list = field(default_factory=list)
    leaf_sum: Decimal = ZERO

    @property
    def is_leaf(self):
        return not self.children


@dataclass
class Totals:
    total: Decimal
    bonus_cap: Decimal
    normal: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO


def format_points(value):
    """20.00 → "20", 2.50 → "2,5": points as Vietnamese officials write them."""
    value = Decimal(value).quantize(Decimal("0.01"))
    text = format(value.normalize(), "f") if value != value.to_integral() else str(value.to_integral())
    return text.replace(".", ",")


def tree_rows(nodes, *, key, parent_key):
    """Nodes in depth-first order (siblings keep the given order). Returns (flat rows, root rows)."""
    children = defaultdict(list)
    known = {key(n) for n in nodes}
    for node in nodes:
        parent = parent_key(node)
        children[parent if parent in known else None].append(node)

    def build(node, depth):
        row = TreeRow(node=node, depth=depth)
        row.children = [build(child, depth + 1) for child in children.get(key(node), [])]
        row.leaf_sum = sum((c.leaf_sum for c in row.children), ZERO) if row.children else node.max_points
        return row

    roots = [build(node, 0) for node in children.get(None, [])]
    flat = []

    def walk(row):
        flat.append(row)
        for child in row.children:
            walk(child)

    for root in roots:
        walk(root)
    return flat, roots


def criteria_rows(criteria):
    """Saved criteria (any order) as display rows, siblings by position."""
    ordered = sorted(criteria, key=lambda c: (c.position, c.pk))
    return tree_rows(ordered, key=lambda c: c.pk, parent_key=lambda c: c.parent_id)


def specs_from_criteria(criteria):
    """Saved criteria → specs in depth-first order."""
    codes = {c.pk: c.code for c in criteria}
    flat, _roots = criteria_rows(criteria)
    return [CriterionSpec(code=c.code, title=c.title, kind=c.kind, max_points=c.max_points,
                          evidence_required=c.evidence_required, guidance=c.guidance,
                          parent_code=codes.get(c.parent_id))
            for c in (row.node for row in flat)]


def tree_totals(specs, *, total, bonus_cap):
    """Sums of the leaves by kind, beside the declared total and cap."""
    parents = {s.parent_code for s in specs}
    totals = Totals(total=Decimal(total), bonus_cap=Decimal(bonus_cap))
    for spec in specs:
        if spec.code not in parents:
            setattr(totals, spec.kind, getattr(totals, spec.kind) + spec.max_points)
    return totals


def validate_tree(specs, *, total, bonus_cap):
    """Every problem of the tree, in Vietnamese, in tree order; an empty list means the scale is valid."""
    if not specs:
        return [_("Thang điểm chưa có tiêu chí nào.")]
    problems = _duplicate_codes(specs)
    by_code = {s.code: s for s in specs}
    children = defaultdict(list)
    for spec in specs:
        children[spec.parent_code].append(spec)
    for spec in specs:
        problems += _node_problems(spec, by_code, children)
    totals = tree_totals(specs, total=total, bonus_cap=bonus_cap)
    if totals.normal != totals.total:
        problems.append(_("Tổng điểm các tiêu chí chấm điểm là %(sum)s, khác tổng điểm của thang điểm "
                          "(%(total)s).") % {"sum": format_points(totals.normal),
                                             "total": format_points(totals.total)})
    if totals.bonus > totals.bonus_cap:
        problems.append(_("Tổng điểm thưởng là %(sum)s, vượt trần điểm thưởng (%(cap)s).")
                        % {"sum": format_points(totals.bonus), "cap": format_points(totals.bonus_cap)})
    return problems


def _duplicate_codes(specs):
    counts = Counter(s.code for s in specs)
    return [_("Mã “%(code)s” bị trùng (%(n)s lần).") % {"code": code, "n": n}
            for code, n in counts.items() if n > 1]


def _node_problems(spec, by_code, children):
    problems = []
    parent = by_code.get(spec.parent_code) if spec.parent_code is not None else None
    kids = children.get(spec.code, [])
    if spec.parent_code is not None and parent is None:
        problems.append(_("Không tìm thấy nhóm cha “%(parent)s” của “%(code)s”.")
                        % {"parent": spec.parent_code, "code": spec.code})
    if spec.parent_code is None and not kids:
        problems.append(_("Nhóm “%(code)s” chưa có tiêu chí nào.") % {"code": spec.code})
    if _depth(spec, by_code) > MAX_DEPTH:
        problems.append(_("“%(code)s” quá 3 cấp (nhóm → tiêu chí → tiêu chí con).") % {"code": spec.code})
    if parent is not None and parent.kind != spec.kind:
        problems.append(_("Tiêu chí “%(code)s” phải cùng loại với nhóm “%(parent)s” (%(kind)s).") % {
            "code": spec.code, "parent": parent.code, "kind": CriterionKind(parent.kind).label})
    if kids:
        kid_sum = sum((k.max_points for k in kids), ZERO)
        if kid_sum != spec.max_points:
            problems.append(_("“%(code)s”: điểm tối đa %(max)s khác tổng điểm các tiêu chí con (%(sum)s).") % {
                "code": spec.code, "max": format_points(spec.max_points), "sum": format_points(kid_sum)})
    return problems


def _depth(spec, by_code):
    depth, seen, current = 1, {spec.code}, spec
    while current.parent_code is not None and current.parent_code in by_code:
        current = by_code[current.parent_code]
        if current.code in seen:  # a cycle in an import: report it as too deep
            return MAX_DEPTH + 1
        seen.add(current.code)
        depth += 1
    return depth
