"""The criteria tree in the database: depth, height, descendants, next place, and writing specs level by level."""
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from scoring.models import Criterion


def depth(criterion):
    """1 for a group, 2 for a criterion, 3 for a sub-criterion."""
    level = 1
    while criterion.parent_id is not None:
        criterion = criterion.parent
        level += 1
    return level


def height(criterion):
    """Levels in the subtree under and including the criterion."""
    levels, frontier = 1, [criterion.pk]
    while frontier := list(Criterion.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)):
        levels += 1
    return levels


def descendants(criterion):
    """Every criterion under this one (one query per level, at most two)."""
    ids, frontier = [], [criterion.pk]
    while frontier:
        frontier = list(Criterion.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return Criterion.objects.filter(pk__in=ids)


def next_position(scale, parent):
    last = Criterion.objects.filter(scale=scale, parent=parent).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def create_tree(scale, specs):
    """Write specs level by level (one INSERT per level), parents before children, order kept; returns the
    rows written, in the order of `specs`."""
    created, remaining, positions = {}, list(specs), {}
    while remaining:
        level = [s for s in remaining if s.parent_code is None or s.parent_code in created]
        if not level:
            raise ValidationError(_("Cây tiêu chí không hợp lệ."))
        rows = []
        for spec in level:
            position = positions.get(spec.parent_code, 0)
            positions[spec.parent_code] = position + 1
            rows.append(Criterion(scale=scale, parent=created.get(spec.parent_code), code=spec.code,
                                  title=spec.title, kind=spec.kind, max_points=spec.max_points,
                                  guidance=spec.guidance, evidence_required=spec.evidence_required,
                                  position=position))
        for spec, row in zip(level, Criterion.objects.bulk_create(rows)):
            created[spec.code] = row
        remaining = [s for s in remaining if s.code not in created]
    return [created[spec.code] for spec in specs]
