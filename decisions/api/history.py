"""API of the award history (/api/v1/), with the same rules as the pages.

`award-history/` lists the awards of the user's province (a superuser: every province; filters: province,
department, year, year_from, year_to, award_type, is_withdrawn); `award-history/{id}/` reads one;
`award-history/import/` (POST, multipart: `file` an .xlsx in the template's layout, `province` optional for
the Board) imports all rows or none, every bad row named in the 400's `errors`; `award-timelines/{department}/`
is a unit's timeline across the units it continues (withdrawn awards listed, not counted).
"""
import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from awards.domain.history import import_award_history
from awards.domain.queries.history import (awards_visible_to, department_timeline, history_departments,
                                           history_provinces, withdrawal_reason)
from awards.importers import read_history_file
from awards.models import Award, AwardType
from blocs.models import Department, Province
from emulation.api_base import ModelSerializer, PrimaryKeyRelatedField, RulesViewSet, Serializer

VIEW, MANAGE = "decisions.view_statistics", "decisions.manage"
INVALID_FILTER = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}
NUMBER = {"invalid": _("Cần một số nguyên.")}


def _provinces(context):
    return history_provinces(context["request"].user)


class AwardSerializer(ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    province = serializers.IntegerField(source="department.province_id", read_only=True)
    award_type_code = serializers.CharField(source="award_type.code", read_only=True)
    award_type_name = serializers.CharField(source="award_type.name", read_only=True)
    source = serializers.CharField(read_only=True, help_text=_("decision | imported"))
    decision = serializers.SerializerMethodField(help_text=_("Quyết định khen thưởng trong hệ thống (null: nhập từ "
                                                             "dữ liệu cũ)"))
    withdrawal_reason = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = ["id", "province", "year", "department", "department_name", "award_type", "award_type_code",
                  "award_type_name", "person_name", "decision_reference", "decided_on", "source", "decision",
                  "is_withdrawn", "withdrawal_reason"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_decision(self, award):
        return award.decision_line.decision_id if award.decision_line_id else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_withdrawal_reason(self, award):
        return withdrawal_reason(award)


class AwardFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(field_name="department__province", error_messages=INVALID_FILTER,
                                                queryset=lambda request: history_provinces(request.user))
    department = django_filters.ModelChoiceFilter(queryset=lambda request: history_departments(request.user),
                                                  error_messages=INVALID_FILTER)
    year = django_filters.NumberFilter(error_messages=NUMBER)
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte", error_messages=NUMBER)
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", error_messages=NUMBER)
    award_type = django_filters.ModelChoiceFilter(error_messages=INVALID_FILTER, queryset=lambda request: (
        AwardType.objects.filter(province__in=history_provinces(request.user))))
    is_withdrawn = django_filters.BooleanFilter(error_messages={
        "invalid": _("Cần giá trị đúng hoặc sai (true/false).")})

    class Meta:
        model = Award
        fields = ["province", "department", "year", "year_from", "year_to", "award_type", "is_withdrawn"]


def _province_field():
    return PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), scope=_provinces,
                                  required=False, help_text=_("Mặc định: tỉnh của người dùng"))


class HistoryImportSerializer(Serializer):
    province = _province_field()
    file = serializers.FileField(help_text=_("Tệp .xlsx theo mẫu"), error_messages={
        "required": _("Hãy gửi tệp Excel (trường file, multipart/form-data)."),
        "invalid": _("Cần một tệp tải lên (multipart/form-data)."), "empty": _("Tệp rỗng."),
        "no_name": _("Không đọc được tên tệp.")})


class HistoryProvinceSerializer(Serializer):
    province = _province_field()


class HistoryImportResultSerializer(Serializer):
    count = serializers.IntegerField()
    award_ids = serializers.ListField(child=serializers.IntegerField())
    audit_event = serializers.IntegerField(source="event.pk")


class HistoryImportErrorSerializer(Serializer):
    detail = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField(), help_text=_("Mỗi dòng lỗi: số dòng và lý do"))


@extend_schema(tags=["award-history"])
@extend_schema_view(
    list=extend_schema(summary=_("Lịch sử khen thưởng của tỉnh (lọc theo đơn vị, năm, hình thức)")),
    retrieve=extend_schema(summary=_("Một khen thưởng trong lịch sử")),
)
class AwardHistoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = AwardSerializer
    selector = staticmethod(awards_visible_to)
    filterset_class = AwardFilter
    ordering_fields = ["year", "id"]
    ordering = ["-year", "award_type__position", "department__name", "person_name", "id"]
    search_fields = ["department__name", "person_name", "decision_reference"]
    permission_rules = {"list": None, "retrieve": None, "import_excel": MANAGE}

    @extend_schema(request={"multipart/form-data": HistoryImportSerializer},
                   responses={201: HistoryImportResultSerializer, 400: HistoryImportErrorSerializer},
                   summary=_("Nhập lịch sử khen thưởng từ Excel (Ban TĐKT; toàn bộ hoặc không dòng nào)"))
    @action(detail=False, methods=["post"], url_path="import", url_name="import", filter_backends=[],
            parser_classes=[MultiPartParser, FormParser, JSONParser])
    def import_excel(self, request):
        province = self._province(request)
        self.check_object_permissions(request, province)
        upload = self.validated(data=request.data, serializer_class=HistoryImportSerializer)["file"]
        try:
            rows, digest = read_history_file(upload)
            result = import_award_history(province=province, rows=rows, user=request.user,
                                          file_name=upload.name or "", file_hash=digest)
        except ValidationError as exc:
            count = len(exc.messages)
            detail = ngettext("Không nhập dòng nào: %(n)s lỗi.", "Không nhập dòng nào: %(n)s lỗi.", count) % {"n": count}
            return Response({"detail": detail, "errors": exc.messages}, status=400)
        return Response(HistoryImportResultSerializer(result).data, status=201)

    def _province(self, request):
        """The province named in the body, or the user's own (a superuser must name one)."""
        body = request.data if hasattr(request.data, "get") else {}
        data = self.validated(data={"province": body["province"]} if body.get("province") not in (None, "") else {},
                              serializer_class=HistoryProvinceSerializer)
        province = data.get("province")
        if province is None and request.user.home_province_id:
            province = Province.objects.filter(pk=request.user.home_province_id).first()
        if province is None:
            raise serializers.ValidationError({"province": [_("Hãy chọn tỉnh.")]})
        return province


class TimelinePredecessorSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TimelineAwardSerializer(AwardSerializer):
    holder_name = serializers.SerializerMethodField(help_text=_("Tên đơn vị khi được khen (tên của năm đó)"))
    held_by_predecessor = serializers.SerializerMethodField()

    class Meta(AwardSerializer.Meta):
        fields = [*AwardSerializer.Meta.fields, "holder_name", "held_by_predecessor"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_holder_name(self, award):
        return self.context["entries"][award.pk].holder_name

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_held_by_predecessor(self, award):
        return self.context["entries"][award.pk].held_by_predecessor


class TimelineYearSerializer(Serializer):
    year = serializers.IntegerField()
    live = serializers.IntegerField(help_text=_("Số khen thưởng còn hiệu lực trong năm"))
    awards = TimelineAwardSerializer(many=True)


class TimelineSerializer(Serializer):
    department = serializers.IntegerField(source="department.pk")
    name = serializers.CharField(source="department.name")
    predecessors = TimelinePredecessorSerializer(many=True)
    live_count = serializers.IntegerField()
    withdrawn_count = serializers.IntegerField()
    years = serializers.SerializerMethodField()

    @extend_schema_field(TimelineYearSerializer(many=True))
    def get_years(self, timeline):
        context = {**self.context, "entries": {e.award.pk: e for _y, entries in timeline.years for e in entries}}
        return [TimelineYearSerializer({"year": year, "live": sum(1 for e in entries if e.is_live),
                                        "awards": [e.award for e in entries]}, context=context).data
                for year, entries in timeline.years]


@extend_schema(tags=["award-history"])
@extend_schema_view(retrieve=extend_schema(
    responses=TimelineSerializer,
    summary=_("Khen thưởng của một đơn vị qua các năm, gồm cả của đơn vị tiền thân")))
class AwardTimelineViewSet(mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = TimelineSerializer
    selector = staticmethod(history_departments)
    filter_backends = []
    pagination_class = None
    permission_rules = {"retrieve": VIEW}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Department.objects.none()
        return self.selector(self.request.user)

    def retrieve(self, request, pk=None):
        return Response(TimelineSerializer(department_timeline(department=self.get_object()),
                                           context=self.get_serializer_context()).data)


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("award-history", AwardHistoryViewSet, basename="award-history")
    router.register("award-timelines", AwardTimelineViewSet, basename="award-timeline")
