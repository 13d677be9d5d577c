"""API of the award statistics and the national export (/api/v1/), read by every account of the province.

`award-statistics/` gives the counts of live awards by type, year, bloc and department (filters: province,
year_from, year_to, award_type, bloc); `award-statistics/export-csv/` and `award-statistics/export-json/`
give the export of the same filters in the layout of docs/national-export.md.
"""
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from awards.domain.history import MIN_YEAR
from awards.domain.queries.history import history_provinces
from awards.models import AwardType
from blocs.models import Bloc, Province
from decisions.domain.queries.statistics import StatisticsFilters, award_statistics
from decisions.domain.statistics import SCHEMA_VERSION, export_csv, export_filename, export_json
from emulation.api_base import IntegerField, PrimaryKeyRelatedField, RulesViewSet, Serializer

VIEW = "decisions.view_statistics"


def _provinces(context):
    return history_provinces(context["request"].user)


class StatisticsQuerySerializer(Serializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), scope=_provinces,
                                      required=False, help_text=_("Mặc định: tỉnh của người dùng (quản trị: tỉnh "
                                                                  "đầu tiên)"))
    year_from = IntegerField(required=False, min_value=MIN_YEAR, max_value=2100)
    year_to = IntegerField(required=False, min_value=MIN_YEAR, max_value=2100)
    award_type = PrimaryKeyRelatedField(queryset=AwardType.objects.none(), noun=_("Hình thức khen thưởng"),
                                        required=False, scope=lambda context: AwardType.objects.filter(
                                            province__in=_provinces(context)))
    bloc = PrimaryKeyRelatedField(queryset=Bloc.objects.none(), noun=_("Khối"), required=False,
                                  scope=lambda context: Bloc.objects.filter(province__in=_provinces(context)))

    def validate(self, attrs):
        if attrs.get("year_from") and attrs.get("year_to") and attrs["year_from"] > attrs["year_to"]:
            raise serializers.ValidationError({"year_to": [_("“Đến năm” phải không nhỏ hơn “Từ năm”.")]})
        return attrs


class AwardTypeCountSerializer(Serializer):
    award_type = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class StatisticsLineSerializer(Serializer):
    key = serializers.SerializerMethodField(help_text=_("Năm; mã khối (null: không thuộc khối nào); mã đơn vị"))
    name = serializers.CharField(source="label")
    total = serializers.IntegerField()
    by_type = serializers.ListField(child=serializers.IntegerField(),
                                    help_text=_("Số khen thưởng của từng hình thức, theo thứ tự của by_type"))

    @extend_schema_field(OpenApiTypes.INT)
    def get_key(self, line):
        return getattr(line.key, "pk", line.key)


class StatisticsSerializer(Serializer):
    province = serializers.IntegerField(source="filters.province.pk")
    filters = serializers.SerializerMethodField()
    total = serializers.IntegerField(help_text=_("Số khen thưởng còn hiệu lực (không tính khen thưởng đã thu hồi)"))
    by_type = serializers.SerializerMethodField()
    by_year = StatisticsLineSerializer(many=True)
    by_bloc = StatisticsLineSerializer(many=True)
    by_department = StatisticsLineSerializer(many=True)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_filters(self, stats):
        return stats.filters.as_json()

    @extend_schema_field(AwardTypeCountSerializer(many=True))
    def get_by_type(self, stats):
        return [{"award_type": t.pk, "code": t.code, "name": t.name, "count": n} for t, n in stats.by_type]


class CSVRenderer(BaseRenderer):
    """Lets a client ask for text/csv (Accept); the file is built by the view, an error stays JSON."""

    media_type, format, charset = "text/csv", "csv", "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, renderer_context=renderer_context)


def _file_response(content, content_type, filters, extension):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(filters, extension)}"'
    return response


@extend_schema(tags=["award-statistics"])
class AwardStatisticsViewSet(RulesViewSet):
    serializer_class = StatisticsSerializer
    filter_backends = []
    pagination_class = None
    permission_rules = {"list": VIEW, "export_csv": VIEW, "export_json": VIEW}

    def get_queryset(self):
        return Province.objects.none()

    def handle_exception(self, exc):
        # A client that asked for text/csv still gets its error as JSON, labelled as JSON.
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    def _filters(self, request):
        data = self.validated(data=request.query_params, serializer_class=StatisticsQuerySerializer)
        provinces, home = _provinces({"request": request}), request.user.home_province_id
        province = data.get("province") or (provinces.filter(pk=home).first() if home else None) or provinces.first()
        if province is None:
            raise serializers.ValidationError({"province": [_("Chưa có tỉnh nào.")]})
        self.check_object_permissions(request, province)
        for name in ("award_type", "bloc"):
            if data.get(name) is not None and data[name].province_id != province.pk:
                raise serializers.ValidationError({name: [_("Không thuộc tỉnh được chọn.")]})
        return StatisticsFilters(province=province, year_from=data.get("year_from"), year_to=data.get("year_to"),
                                 award_type=data.get("award_type"), bloc=data.get("bloc"))

    @extend_schema(parameters=[StatisticsQuerySerializer], responses=StatisticsSerializer,
                   summary=_("Thống kê khen thưởng còn hiệu lực theo hình thức, năm, khối, đơn vị"))
    def list(self, request):
        return Response(StatisticsSerializer(award_statistics(self._filters(request))).data)

    @extend_schema(parameters=[StatisticsQuerySerializer],
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary=_("Xuất khen thưởng cho cơ sở dữ liệu quốc gia (CSV, UTF-8 có BOM; xem "
                             "docs/national-export.md)"))
    @action(detail=False, methods=["get"], url_path="export-csv", url_name="export-csv",
            renderer_classes=[JSONRenderer, CSVRenderer])
    def export_csv(self, request):
        filters = self._filters(request)
        return _file_response(export_csv(filters), "text/csv; charset=utf-8", filters, "csv")

    @extend_schema(parameters=[StatisticsQuerySerializer],
                   responses={(200, "application/json"): OpenApiResponse(
                       OpenApiTypes.OBJECT, description=f"schema_version {SCHEMA_VERSION}")},
                   summary=_("Xuất khen thưởng cho cơ sở dữ liệu quốc gia (JSON; xem docs/national-export.md)"))
    @action(detail=False, methods=["get"], url_path="export-json", url_name="export-json")
    def export_json(self, request):
        filters = self._filters(request)
        return _file_response(export_json(filters), "application/json", filters, "json")


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("award-statistics", AwardStatisticsViewSet, basename="award-statistics")
