"""API of the ranking: a round's ranking with its tie-break trace, recomputing it, mid-year against year-end.

/api/v1/rankings/{round id}/ reads the stored ranking of a round (scoring.view_ranking on the round);
POST …/recompute/ computes it again (scoring.manage_round; refused once the round is finalised);
/api/v1/ranking-comparisons/{bloc-year id}/ compares the mid-year and year-end rankings.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from blocs.models import BlocYear
from emulation.api_base import RulesViewSet, Serializer
from scoring.domain import ranking as services
from scoring.domain.queries import ranking as queries
from scoring.models import ScoringRound

POINTS = dict(max_digits=10, decimal_places=2, read_only=True)


class CrossScoreSerializer(Serializer):
    sheet = serializers.IntegerField(read_only=True)
    inspector = serializers.IntegerField(read_only=True, help_text=_("Đơn vị kiểm tra"))
    inspector_name = serializers.CharField(read_only=True)
    total = serializers.DecimalField(**POINTS)


class TraceSerializer(Serializer):
    text = serializers.CharField(read_only=True)
    needs_ballot = serializers.BooleanField(read_only=True)


class RankingEntrySerializer(Serializer):
    department = serializers.IntegerField(source="entry.department_id", read_only=True)
    name = serializers.CharField(read_only=True, help_text=_("Tên đơn vị trong năm thi đua"))
    rank = serializers.IntegerField(source="entry.rank", read_only=True, allow_null=True)
    needs_ballot = serializers.BooleanField(read_only=True)
    self_score = serializers.DecimalField(source="entry.self_score", allow_null=True, **POINTS)
    cross_scores = CrossScoreSerializer(source="entry.cross_scores", many=True, read_only=True)
    final_score = serializers.DecimalField(source="entry.final_score", allow_null=True, **POINTS)
    without_cross = serializers.BooleanField(read_only=True, help_text=_("Chưa có phiếu kiểm tra chéo nào có điểm"))
    self_minus_final = serializers.DecimalField(allow_null=True, **POINTS)
    discrepancy_flag = serializers.BooleanField(source="entry.discrepancy_flag", read_only=True)
    classification = serializers.CharField(source="entry.classification", read_only=True)
    classification_label = serializers.CharField(source="entry.get_classification_display", read_only=True)
    group_scores = serializers.DictField(source="entry.group_scores", child=serializers.CharField(), read_only=True,
                                         help_text=_("Điểm trung bình các phiếu kiểm tra chéo theo nhóm tiêu chí"))
    penalty_points = serializers.DecimalField(source="entry.penalty_points", **POINTS)
    z_score = serializers.FloatField(source="entry.z_score", read_only=True, allow_null=True)
    z_rank = serializers.IntegerField(read_only=True, allow_null=True)
    tie_break_trace = TraceSerializer(source="entry.tie_break_trace", many=True, read_only=True)


class InspectorBiasSerializer(Serializer):
    inspector = serializers.IntegerField(source="inspector_id", read_only=True)
    name = serializers.CharField(read_only=True)
    sheets = serializers.IntegerField(read_only=True)
    mean = serializers.DecimalField(**POINTS)
    difference = serializers.DecimalField(**POINTS, help_text=_("Điểm trung bình đã chấm trừ mặt bằng chung"))
    leaning = serializers.ChoiceField(choices=["harsh", "lenient", "neutral"], read_only=True)


class RoundRankingSerializer(Serializer):
    round = serializers.IntegerField(source="round.pk", read_only=True)
    round_kind = serializers.CharField(source="round.kind", read_only=True)
    round_status = serializers.CharField(source="round.status", read_only=True)
    bloc_year = serializers.IntegerField(source="round.bloc_year_id", read_only=True)
    computed_at = serializers.DateTimeField(source="ranking.computed_at", read_only=True, allow_null=True,
                                            default=None)
    is_stale = serializers.BooleanField(read_only=True)
    inputs_hash = serializers.CharField(source="ranking.inputs_hash", read_only=True, default="")
    settings_snapshot = serializers.JSONField(source="ranking.settings_snapshot", read_only=True, default=None)
    entries = RankingEntrySerializer(source="rows", many=True, read_only=True)
    traces = TraceSerializer(many=True, read_only=True)
    inspectors = InspectorBiasSerializer(many=True, read_only=True)


class ComparisonRowSerializer(Serializer):
    department = serializers.IntegerField(source="department_id", read_only=True)
    name = serializers.CharField(read_only=True)
    mid_year_final = serializers.DecimalField(source="mid_final", allow_null=True, **POINTS)
    mid_year_rank = serializers.IntegerField(source="mid_rank", read_only=True, allow_null=True)
    year_end_final = serializers.DecimalField(source="end_final", allow_null=True, **POINTS)
    year_end_rank = serializers.IntegerField(source="end_rank", read_only=True, allow_null=True)
    difference = serializers.DecimalField(allow_null=True, **POINTS)
    rank_change = serializers.IntegerField(read_only=True, allow_null=True)


class ComparisonSerializer(Serializer):
    bloc_year = serializers.IntegerField(source="bloc_year.pk", read_only=True)
    missing = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text=_("Các đợt chưa có kết quả xếp hạng"))
    rows = ComparisonRowSerializer(many=True, read_only=True)


class _DetailOnlyViewSet(RulesViewSet):
    filter_backends = []
    pagination_class = None
    lookup_value_regex = r"\d+"
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.selector(self.request.user)


@extend_schema(tags=["rankings"])
class RankingViewSet(_DetailOnlyViewSet):
    """The ranking of a scoring round; the id is the round's."""

    model = ScoringRound
    serializer_class = RoundRankingSerializer
    selector = staticmethod(queries.ranking_rounds_visible_to)
    permission_rules = {"retrieve": "scoring.view_ranking", "recompute": "scoring.manage_round"}

    @extend_schema(summary=_("Xếp hạng của một đợt chấm, kèm cách phân định khi bằng điểm"))
    def retrieve(self, request, pk=None):
        return self.respond(RoundRankingSerializer, queries.ranking_page(round=self.get_object()))

    @extend_schema(request=None, responses=RoundRankingSerializer,
                   summary=_("Tính lại xếp hạng (trước khi chốt kết quả)"))
    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        round = self.get_object()
        services.compute_ranking(round=round, user=request.user)
        return self.respond(RoundRankingSerializer, queries.ranking_page(round=self.get_queryset().get(pk=round.pk)))


@extend_schema(tags=["rankings"])
class RankingComparisonViewSet(_DetailOnlyViewSet):
    """Mid-year against year-end for a bloc-year; the id is the bloc-year's."""

    model = BlocYear
    serializer_class = ComparisonSerializer
    selector = staticmethod(queries.comparison_bloc_years_visible_to)
    permission_rules = {"retrieve": "scoring.view_ranking"}

    @extend_schema(summary=_("So sánh kết quả sơ kết 6 tháng và tổng kết năm"))
    def retrieve(self, request, pk=None):
        return self.respond(ComparisonSerializer, queries.round_comparison(bloc_year=self.get_object()))


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("rankings", RankingViewSet, basename="ranking")
    router.register("ranking-comparisons", RankingComparisonViewSet, basename="ranking-comparison")
