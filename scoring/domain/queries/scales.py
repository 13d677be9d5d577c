"""Reads of scales, criteria and scoring settings, filtered by the permission scopes of scoring/rules.py."""
from django.db.models import Count

from scoring.models import Criterion, ScoringScale, ScoringSettings
from scoring.rules import scale_scope, template_scope


def scales_visible_to(user):
    """Templates of the user's province and the scales of the bloc-years the user sees."""
    return ScoringScale.objects.filter(scale_scope(user)).select_related(
        "province", "bloc_year__bloc__province", "copied_from").order_by("name", "pk")


def templates_visible_to(user):
    return (ScoringScale.objects.filter(template_scope(user)).select_related("province")
            .annotate(criterion_count=Count("criteria")))


def criteria_visible_to(user):
    return Criterion.objects.filter(scale__in=ScoringScale.objects.filter(scale_scope(user)).values("pk")) \
        .select_related("scale__province", "scale__bloc_year__bloc", "parent")


def scale_criteria(scale):
    """All criteria of a scale in one query (the tree is built in memory)."""
    return list(Criterion.objects.filter(scale=scale).order_by("position", "pk"))


def templates_of_province(province_id):
    return ScoringScale.objects.filter(province_id=province_id).order_by("name", "pk")


def scale_of_bloc_year(bloc_year):
    return ScoringScale.objects.filter(bloc_year=bloc_year).select_related("copied_from").first()


def scale_or_placeholder(bloc_year):
    """The bloc-year's scale, or an unsaved one standing for it, so `scoring.change_scale` can be asked
    whether the user may give the bloc-year a scale."""
    return scale_of_bloc_year(bloc_year) or ScoringScale(bloc_year=bloc_year)


def scoring_settings_of(province):
    """The province's scoring settings; unsaved defaults (DOMAIN.md) when the Board never changed them."""
    found = ScoringSettings.objects.filter(province=province).first()
    return found or ScoringSettings(province=province)

