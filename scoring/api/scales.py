"""JSON API for scoring scales and their criteria (/api/v1/scales/, /api/v1/criteria/).

Reads go through the selectors of scoring/domain/queries/scales.py (anything else is a 404), each action
names its django-rules permission (403 when refused), writes go through scoring/domain/scales.py.
"""
import django_filters
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from blocs.domain.queries import bloc_years_visible_to, provinces_visible_to
from blocs.models import BlocYear, Province
from emulation.api_base import (BooleanField, CharField, ChoiceField, IntegerField, ModelSerializer,
                                PrimaryKeyRelatedField, RulesViewSet, Serializer)
from scoring.domain import scales as services
from scoring.domain.queries.scales import (criteria_visible_to, scale_criteria, scale_or_placeholder,
                                           scales_visible_to, scoring_settings_of)
from scoring.domain.scale_checks import criteria_rows, specs_from_criteria, tree_totals, validate_tree
from scoring.domain.scoring_settings import update_scoring_settings
from scoring.enums import AggregationMethod, CriterionKind, TieBreak
from scoring.exporters.scales import XLSX_CONTENT_TYPE, export_filename, export_scale, import_scale
from scoring.models import Criterion, ScoringScale, ScoringSettings

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


def _visible(selector):
    return lambda context: selector(context["request"].user)


class PointsField(serializers.DecimalField):
    default_error_messages = {
        "required": _("Trường này là bắt buộc."),
        "null": _("Trường này không được để trống."),
        "invalid": _("Cần một số (ví dụ 10 hoặc 2.5)."),
        "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_digits": _("Số quá lớn."),
        "max_decimal_places": _("Chỉ được có tối đa 2 chữ số thập phân."),
        "max_whole_digits": _("Số quá lớn."),
        "max_string_length": _("Giá trị quá dài."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=8, decimal_places=2, **kwargs)


# ------------------------------------------------------------------------------------------ serializers

class SubCriterionNodeSerializer(Serializer):
    """A node of the tree as read (built from the in-memory tree, one query per scale)."""

    id = serializers.IntegerField(source="node.pk", read_only=True)
    code = serializers.CharField(source="node.code", read_only=True)
    title = serializers.CharField(source="node.title", read_only=True)
    kind = serializers.CharField(source="node.kind", read_only=True)
    kind_label = serializers.CharField(source="node.get_kind_display", read_only=True)
    max_points = serializers.DecimalField(source="node.max_points", max_digits=8, decimal_places=2, read_only=True)
    evidence_required = serializers.BooleanField(source="node.evidence_required", read_only=True)
    guidance = serializers.CharField(source="node.guidance", read_only=True)
    position = serializers.IntegerField(source="node.position", read_only=True)


class CriterionNodeSerializer(SubCriterionNodeSerializer):
    children = SubCriterionNodeSerializer(many=True, read_only=True)


class GroupNodeSerializer(SubCriterionNodeSerializer):
    children = CriterionNodeSerializer(many=True, read_only=True)


class ScaleSerializer(ModelSerializer):
    is_template = serializers.SerializerMethodField()
    # A plain string: an enum here would collide with the other "status" choice sets of the schema.
    status = serializers.CharField(read_only=True, help_text=_("draft (đang soạn) hoặc frozen (đã khóa)"))
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ScoringScale
        fields = ["id", "name", "is_template", "province", "bloc_year", "copied_from", "total", "bonus_cap",
                  "status", "status_label", "is_illustrative", "version"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_template(self, scale):
        return scale.province_id is not None


class ScaleDetailSerializer(ScaleSerializer):
    criteria = serializers.SerializerMethodField(help_text=_("Cây tiêu chí: nhóm → tiêu chí → tiêu chí con."))

    class Meta(ScaleSerializer.Meta):
        fields = [*ScaleSerializer.Meta.fields, "criteria"]
        read_only_fields = fields

    @extend_schema_field(GroupNodeSerializer(many=True))
    def get_criteria(self, scale):
        _rows, roots = criteria_rows(scale_criteria(scale))
        return GroupNodeSerializer(roots, many=True).data


class TemplateCreateSerializer(Serializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), scope=_visible(provinces_visible_to),
                                      noun=_("Tỉnh"))
    name = CharField(max_length=200)
    total = PointsField(min_value=1)
    bonus_cap = PointsField(required=False, help_text=_("Bỏ trống: theo quy định của tỉnh (mặc định 10% tổng)."))


class ScaleUpdateSerializer(Serializer):
    name = CharField(max_length=200, required=False)
    total = PointsField(min_value=1, required=False)
    bonus_cap = PointsField(required=False)


class CopySerializer(Serializer):
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), scope=_visible(bloc_years_visible_to),
                                       noun=_("Năm thi đua"))


class TotalsSerializer(Serializer):
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    bonus_cap = serializers.DecimalField(max_digits=8, decimal_places=2)
    normal = serializers.DecimalField(max_digits=8, decimal_places=2)
    bonus = serializers.DecimalField(max_digits=8, decimal_places=2)
    penalty = serializers.DecimalField(max_digits=8, decimal_places=2)


class ValidationResultSerializer(Serializer):
    valid = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
    totals = TotalsSerializer()


class ImportSerializer(Serializer):
    file = serializers.FileField(error_messages={"required": _("Hãy gửi tệp Excel (trường file)."),
                                                 "invalid": _("Cần một tệp tải lên (multipart/form-data)."),
                                                 "empty": _("Tệp tải lên rỗng."),
                                                 "no_name": _("Không xác định được tên tệp.")})


class CriterionSerializer(ModelSerializer):
    scale = PrimaryKeyRelatedField(queryset=ScoringScale.objects.none(), scope=_visible(scales_visible_to),
                                   noun=_("Thang điểm"))
    parent = PrimaryKeyRelatedField(queryset=Criterion.objects.none(), scope=_visible(criteria_visible_to),
                                    noun=_("Tiêu chí cha"), required=False, allow_null=True)
    kind = ChoiceField(choices=CriterionKind.choices, required=False)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    max_points = PointsField()
    evidence_required = BooleanField(required=False)
    guidance = CharField(required=False, allow_blank=True, max_length=5000)

    class Meta:
        model = Criterion
        fields = ["id", "scale", "parent", "code", "title", "kind", "kind_label", "max_points",
                  "evidence_required", "guidance", "position"]
        read_only_fields = ["position"]
        create_only_fields = ["scale"]


class ScoringSettingsSerializer(ModelSerializer):
    """A province's scoring rules; an unsaved row carries the defaults of DOMAIN.md."""

    aggregation_method = ChoiceField(choices=AggregationMethod.choices, required=False)
    discrepancy_percent = PointsField(max_value=100, required=False)
    excellent_percent = PointsField(max_value=100, required=False)
    good_percent = PointsField(max_value=100, required=False)
    complete_percent = PointsField(max_value=100, required=False)
    bonus_cap_percent = PointsField(max_value=100, required=False)
    tie_break_chain = serializers.ListField(child=ChoiceField(choices=TieBreak.choices), min_length=1, max_length=3,
                                            required=False, error_messages={
                                                "not_a_list": _("Cần một danh sách."),
                                                "min_length": _("Cần ít nhất {min_length} tiêu chí."),
                                                "max_length": _("Tối đa {max_length} tiêu chí.")})
    inspectors_per_member = IntegerField(min_value=1, max_value=10, required=False)
    version = IntegerField(min_value=1, help_text=_("Phiên bản đã đọc (bắt buộc khi sửa); khác hiện tại thì trả 409."))

    class Meta:
        model = ScoringSettings
        fields = ["province", "aggregation_method", "discrepancy_percent", "excellent_percent", "good_percent",
                  "complete_percent", "tie_break_chain", "inspectors_per_member", "bonus_cap_percent", "version"]
        read_only_fields = ["province"]

    def validate(self, attrs):
        if "version" not in attrs:  # a PATCH leaves every field optional, but never the version
            raise serializers.ValidationError({"version": [_("Trường này là bắt buộc.")]})
        return attrs


class MoveSerializer(Serializer):
    direction = ChoiceField(choices=[("up", _("Lên")), ("down", _("Xuống"))])


# ------------------------------------------------------------------------------------------- viewsets

class ScaleFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(queryset=lambda request: provinces_visible_to(request.user),
                                                error_messages=INVALID_CHOICE)
    bloc_year = django_filters.ModelChoiceFilter(queryset=lambda request: bloc_years_visible_to(request.user),
                                                 error_messages=INVALID_CHOICE)
    is_template = django_filters.BooleanFilter(field_name="province", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ScoringScale
        fields = ["province", "bloc_year", "is_template"]


@extend_schema(tags=["scales"])
@extend_schema_view(
    list=extend_schema(summary=_("Thang điểm: mẫu của tỉnh và thang điểm của các năm thi đua")),
    retrieve=extend_schema(responses=ScaleDetailSerializer, summary=_("Thang điểm với cây tiêu chí")),
    create=extend_schema(request=TemplateCreateSerializer, responses={201: ScaleSerializer},
                         summary=_("Tạo thang điểm mẫu của tỉnh")),
    partial_update=extend_schema(request=ScaleUpdateSerializer, responses=ScaleSerializer,
                                 summary=_("Sửa tên, tổng điểm, trần điểm thưởng (thang điểm chưa khóa)")),
)
class ScaleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ScaleSerializer
    selector = staticmethod(scales_visible_to)
    permission_rules = {"list": None, "retrieve": "scoring.view_scale", "create": "scoring.add_template",
                        "partial_update": "scoring.change_scale", "copy": "scoring.view_scale",
                        "validation": "scoring.view_scale", "export": "scoring.view_scale",
                        "import_excel": "scoring.change_scale"}
    filterset_class = ScaleFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id", "total"]

    def retrieve(self, request, pk=None):
        return self.respond(ScaleDetailSerializer, self.get_object())

    def create(self, request):
        data = self.validated(data=request.data, serializer_class=TemplateCreateSerializer)
        self.check_object_permissions(request, data["province"])
        scale = services.create_template(user=request.user, **data)
        return self.respond(ScaleSerializer, scale, status=201)

    def partial_update(self, request, pk=None):
        scale = self.get_object()
        data = self.validated(data=request.data, serializer_class=ScaleUpdateSerializer)
        return self.respond(ScaleSerializer, services.update_scale(scale=scale, user=request.user, **data))

    @extend_schema(request=CopySerializer, responses={201: ScaleSerializer},
                   summary=_("Sao chép thang điểm mẫu vào một năm thi đua chưa có thang điểm"))
    @action(detail=True, methods=["post"], filter_backends=[])
    def copy(self, request, pk=None):
        template = self.get_object()
        bloc_year = self.validated(data=request.data, serializer_class=CopySerializer)["bloc_year"]
        if not request.user.has_perm("scoring.change_scale", scale_or_placeholder(bloc_year)):
            self.permission_denied(request, message=_("Bạn không có quyền đặt thang điểm cho năm thi đua này."))
        scale = services.copy_template_to_bloc_year(template=template, bloc_year=bloc_year, user=request.user)
        return self.respond(ScaleSerializer, scale, status=201)

    @extend_schema(responses=ValidationResultSerializer, summary=_("Kết quả kiểm tra thang điểm"))
    @action(detail=True, methods=["get"], filter_backends=[])
    def validation(self, request, pk=None):
        scale = self.get_object()
        specs = specs_from_criteria(scale_criteria(scale))
        problems = validate_tree(specs, total=scale.total, bonus_cap=scale.bonus_cap)
        totals = tree_totals(specs, total=scale.total, bonus_cap=scale.bonus_cap)
        return Response(ValidationResultSerializer({"valid": not problems, "problems": problems,
                                                    "totals": totals.__dict__}).data)

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(response=OpenApiTypes.BINARY)},
                   summary=_("Xuất thang điểm ra tệp Excel (.xlsx)"))
    @action(detail=True, methods=["get"], filter_backends=[])
    def export(self, request, pk=None):
        scale = self.get_object()
        response = HttpResponse(export_scale(scale), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(scale)}"'
        return response

    @extend_schema(request={"multipart/form-data": ImportSerializer}, responses=ScaleDetailSerializer,
                   summary=_("Nhập cây tiêu chí từ tệp Excel (thay thế toàn bộ; có lỗi thì không đổi gì)"))
    @action(detail=True, methods=["post"], url_path="import", filter_backends=[],
            parser_classes=[MultiPartParser, FormParser])
    def import_excel(self, request, pk=None):
        scale = self.get_object()
        file = self.validated(data=request.data, serializer_class=ImportSerializer)["file"]
        scale = import_scale(scale=scale, file=file, user=request.user)
        return self.respond(ScaleDetailSerializer, scale)


@extend_schema(tags=["scales"])
@extend_schema_view(
    create=extend_schema(summary=_("Thêm nhóm, tiêu chí hoặc tiêu chí con")),
    partial_update=extend_schema(summary=_("Sửa tiêu chí (thang điểm chưa khóa)")),
    destroy=extend_schema(summary=_("Xóa tiêu chí cùng các tiêu chí con")),
)
class CriterionViewSet(mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = CriterionSerializer
    selector = staticmethod(criteria_visible_to)
    permission_rules = {"retrieve": "scoring.view_scale", "create": "scoring.change_scale",
                        "partial_update": "scoring.change_scale", "destroy": "scoring.change_scale",
                        "move": "scoring.change_scale"}
    filter_backends = []

    def check_object_permissions(self, request, obj):
        """Criteria are judged by their scale."""
        super().check_object_permissions(request, obj.scale if isinstance(obj, Criterion) else obj)

    def create(self, request):
        data = dict(self.validated(data=request.data))
        scale = data.pop("scale")
        self.check_object_permissions(request, scale)
        criterion = services.add_criterion(scale=scale, user=request.user, **data)
        return self.respond(CriterionSerializer, criterion, status=201)

    def partial_update(self, request, pk=None):
        criterion = self.get_object()
        data = self.validated(criterion, data=request.data, partial=True)
        criterion = services.update_criterion(criterion=criterion, user=request.user, **data)
        return self.respond(CriterionSerializer, criterion)

    def destroy(self, request, pk=None):
        services.delete_criterion(criterion=self.get_object(), user=request.user)
        return self.respond_empty()

    @extend_schema(request=MoveSerializer, responses=CriterionSerializer,
                   summary=_("Chuyển tiêu chí lên hoặc xuống một vị trí trong nhóm"))
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        criterion = self.get_object()
        direction = self.validated(data=request.data, serializer_class=MoveSerializer)["direction"]
        services.move_criterion(criterion=criterion, direction=direction, user=request.user)
        return self.respond(CriterionSerializer, self.get_queryset().get(pk=criterion.pk))


@extend_schema(tags=["scales"])
@extend_schema_view(
    retrieve=extend_schema(summary=_("Quy định chấm điểm của tỉnh (id là mã tỉnh)")),
    partial_update=extend_schema(summary=_("Sửa quy định chấm điểm của tỉnh (kiểm tra phiên bản)")),
)
class ScoringSettingsViewSet(RulesViewSet):
    """One row per province, addressed by the province's id; the defaults until the Board saves."""

    serializer_class = ScoringSettingsSerializer
    selector = staticmethod(provinces_visible_to)
    permission_rules = {"retrieve": "blocs.view_province", "partial_update": "scoring.change_settings"}
    filter_backends = []

    def get_object(self):
        province = super().get_object()
        return scoring_settings_of(province)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj.province if isinstance(obj, ScoringSettings) else obj)

    def retrieve(self, request, pk=None):
        return self.respond(ScoringSettingsSerializer, self.get_object())

    def partial_update(self, request, pk=None):
        current = self.get_object()
        data = dict(self.validated(current, data=request.data, partial=True))
        saved = update_scoring_settings(province=current.province, user=request.user,
                                        expected_version=data.pop("version"), **data)
        return self.respond(ScoringSettingsSerializer, saved)


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("scales", ScaleViewSet, basename="scale")
    router.register("criteria", CriterionViewSet, basename="criterion")
    router.register("scoring-settings", ScoringSettingsViewSet, basename="scoring-settings")
