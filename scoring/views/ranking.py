"""Pages of the ranking: a round's ranking (with its recompute button) and mid-year against year-end."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, View
from django.views.generic.detail import SingleObjectMixin

from scoring import charts
from scoring.domain import ranking as services
from scoring.domain.queries import ranking as queries
from scoring.enums import AggregationMethod, CriterionKind, RoundStatus, TieBreak
from emulation.views_base import ScopedObjectMixin


def can_recompute(user, round):
    return round.status != RoundStatus.FINALISED and user.has_perm("scoring.manage_round", round)


class RankingView(ScopedObjectMixin, DetailView):
    permission_required = "scoring.view_ranking"
    template_name = "scoring/ranking/ranking.html"
    context_object_name = "round"
    scope = staticmethod(queries.ranking_rounds_visible_to)

    def get_context_data(self, **kwargs):
        page = queries.ranking_page(round=self.object)
        kwargs.update(page=page, can_recompute=can_recompute(self.request.user, self.object),
                      rules=_rules_for_display(page), **_charts(page))
        return super().get_context_data(**kwargs)


def _charts(page):
    if page.ranking is None or not page.rows:
        return {}
    groups = [(g["code"], g["max_points"]) for g in page.groups if g["kind"] == CriterionKind.NORMAL]
    scored = [row for row in page.rows if row.entry.final_score is not None]
    return {
        "final_chart": charts.final_scores_chart(
            rows=[(row.name, row.entry.final_score) for row in page.rows], scale_total=page.scale_total),
        "group_chart": charts.group_scores_chart(
            rows=[(row.name, row.group_points) for row in scored], groups=groups) if groups and scored else None,
    }


def _rules_for_display(page):
    if page.ranking is None:
        return None
    snapshot = page.ranking.settings_snapshot
    methods, steps = dict(AggregationMethod.choices), dict(TieBreak.choices)
    return {
        "method": methods.get(snapshot.get("aggregation_method"), snapshot.get("aggregation_method")),
        "chain": [steps.get(step, step) for step in snapshot.get("tie_break_chain", [])],
        "snapshot": snapshot,
    }


class RecomputeRankingView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST only: compute the round's ranking again (the secretariat or the Board, until finalised)."""

    permission_required = "scoring.manage_round"
    http_method_names = ["post"]
    scope = staticmethod(queries.rounds_visible_to)

    def post(self, request, *args, **kwargs):
        try:
            services.compute_ranking(round=self.object, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tính lại xếp hạng."))
        return redirect("scoring:ranking", self.object.pk)


class RoundComparisonView(ScopedObjectMixin, DetailView):
    permission_required = "scoring.view_ranking"
    template_name = "scoring/ranking/comparison.html"
    context_object_name = "bloc_year"
    scope = staticmethod(queries.comparison_bloc_years_visible_to)

    def get_context_data(self, **kwargs):
        kwargs["comparison"] = queries.round_comparison(bloc_year=self.object)
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("rounds/<int:pk>/ranking/", RankingView.as_view(), name="ranking"),
    path("rounds/<int:pk>/ranking/recompute/", RecomputeRankingView.as_view(), name="ranking_recompute"),
    path("bloc-years/<int:pk>/round-comparison/", RoundComparisonView.as_view(), name="round_comparison"),
]
