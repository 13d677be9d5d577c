"""JSON API for scoring rounds, inspections, score sheets and their cells, and evidence files (/api/v1/).

Reads go through scoring/domain/queries/sheets.py (anything out of reach is a 404); each action names its
django-rules permission (403 when refused); writes go through the domain functions. A cell save based on a
stale version answers 409 with the stored value under "current".
"""
import django_filters
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field,
                                   inline_serializer)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from blocs.domain.queries import bloc_years_visible_to
from blocs.models import BlocYear, Department
from emulation.api_base import CharField, IntegerField, ModelSerializer, PrimaryKeyRelatedField, RulesViewSet, \
    Serializer
from scoring.domain import evidence as evidence_domain
from scoring.domain import inspections, rounds, sheets
from scoring.domain.queries import sheets as queries
from scoring.enums import RoundKind, RoundStatus, SheetKind, SheetStatus
from scoring.models import Criterion, Evidence, Inspection, ScoreSheet, ScoringRound

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}
BIGINT_MAX = 2 ** 63 - 1
CRITERION_PARAM = OpenApiParameter("criterion_id", int, OpenApiParameter.PATH, description=_("Mã tiêu chí (id)"))


def _points(**kwargs):
    return serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True, **kwargs)


# ------------------------------------------------------------------------------------------ serializers

class ScoringRoundSerializer(ModelSerializer):
    bloc_name = serializers.CharField(source="bloc_year.bloc.name", read_only=True)
    year = serializers.IntegerField(source="bloc_year.year", read_only=True)
    # Plain strings: enums here would collide with the other "kind"/"status" choice sets of the schema.
    kind = serializers.CharField(read_only=True, help_text=_("mid_year (sơ kết 6 tháng) hoặc year_end (tổng kết)"))
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("draft, open, closed hoặc finalised"))
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ScoringRound
        fields = ["id", "bloc_year", "bloc_name", "year", "kind", "kind_label", "status", "status_label",
                  "opened_at", "closed_at", "finalised_at", "finalised_by", "version"]
        read_only_fields = fields


class OpenRoundSerializer(Serializer):
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), noun=_("Năm thi đua"),
                                       scope=lambda context: bloc_years_visible_to(context["request"].user))
    kind = CharField(help_text=_("mid_year hoặc year_end"))
    seed = IntegerField(required=False, min_value=0, max_value=2 ** 32 - 1,
                        help_text=_("Hạt giống xáo trộn phân công (không bắt buộc; để trống thì ngẫu nhiên)."))

    def validate_kind(self, value):
        if value not in RoundKind.values:
            raise serializers.ValidationError(_("“%(value)s” không phải là lựa chọn hợp lệ.") % {"value": value})
        return value


class RoundReopenSerializer(Serializer):
    reason = CharField(max_length=2000)


class SheetReopenSerializer(Serializer):
    reason = CharField(max_length=2000, required=False, allow_blank=True, default="")


class InspectionSerializer(ModelSerializer):
    inspector_name = serializers.CharField(source="inspector.name", read_only=True)
    inspected_name = serializers.CharField(source="inspected.name", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "round", "inspector", "inspector_name", "inspected", "inspected_name", "adjusted"]
        read_only_fields = fields


class AdjustInspectionSerializer(Serializer):
    inspector = PrimaryKeyRelatedField(
        queryset=Department.objects.none(), noun=_("Đơn vị"),
        scope=lambda context: queries.members_of(context["inspection"].round.bloc_year))


class EvidenceFileSerializer(ModelSerializer):
    uploaded_by_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_by_name",
                  "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_uploaded_by_name(self, evidence) -> str:
        return evidence.uploaded_by.get_full_name() or evidence.uploaded_by.username

    def get_download_url(self, evidence) -> str:
        return reverse("v1:evidence-download", args=[evidence.pk])


class CellValueSerializer(Serializer):
    points = _points(allow_null=True)
    comment = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    updated_by = serializers.CharField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class SheetCellSerializer(CellValueSerializer):
    """One row of a sheet: a criterion of the scale and, for a leaf, its cell (version 0: never saved)."""

    criterion = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    max_points = _points()
    is_leaf = serializers.BooleanField(read_only=True)
    depth = serializers.IntegerField(read_only=True)
    evidence_required = serializers.BooleanField(read_only=True)
    evidence = EvidenceFileSerializer(many=True, read_only=True)


class SheetTotalsSerializer(Serializer):
    groups = serializers.DictField(child=serializers.DecimalField(max_digits=10, decimal_places=2), read_only=True)
    group_max = serializers.DictField(child=serializers.DecimalField(max_digits=10, decimal_places=2),
                                      read_only=True)
    bonus = _points()
    penalty = _points()
    total = _points()
    max = _points()


class SheetSerializer(ModelSerializer):
    scored_name = serializers.CharField(source="scored.name", read_only=True)
    scorer_name = serializers.CharField(source="scorer.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=_("self (tự chấm) hoặc cross (kiểm tra chéo)"))
    status = serializers.CharField(read_only=True, help_text=_("draft (đang chấm) hoặc submitted (đã gửi)"))
    round_status = serializers.CharField(source="round.status", read_only=True)

    class Meta:
        model = ScoreSheet
        fields = ["id", "round", "round_status", "kind", "scored", "scored_name", "scorer", "scorer_name", "status",
                  "version"]
        read_only_fields = fields


class SheetDetailSerializer(SheetSerializer):
    entries = SheetCellSerializer(source="cells", many=True, read_only=True)
    totals = SheetTotalsSerializer(read_only=True)

    class Meta(SheetSerializer.Meta):
        fields = [*SheetSerializer.Meta.fields, "entries", "totals"]
        read_only_fields = fields


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class PointsInputField(serializers.Field):
    """Points as a JSON number, a string (“7,5” or “7.5”) or null; the domain reads and checks them."""

    default_error_messages = {"invalid": _("Điểm phải là một số (ví dụ 7,5)."),
                              "required": _("Trường này là bắt buộc.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class CellInputSerializer(Serializer):
    points = PointsInputField(allow_null=True, help_text=_("Điểm (số, tối đa 2 chữ số thập phân) hoặc null"))
    comment = CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    version = IntegerField(min_value=0, help_text=_("Phiên bản ô đã đọc (0: ô chưa lưu lần nào); khác thì 409."))


class CellSavedSerializer(CellValueSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)
    totals = SheetTotalsSerializer(read_only=True)


class EvidenceUploadSerializer(Serializer):
    file = serializers.FileField(error_messages={"required": _("Chưa chọn tệp minh chứng."),
                                                 "invalid": _("Không đọc được tệp gửi lên."),
                                                 "empty": _("Tệp minh chứng rỗng."),
                                                 "no_name": _("Không đọc được tên tệp.")})


ConflictSerializer = inline_serializer("CellConflict", fields={
    "detail": serializers.CharField(), "current": CellValueSerializer()})


# ------------------------------------------------------------------------------------------ filters

def _visible(selector):
    return lambda request: selector(request.user)


class RoundFilter(django_filters.FilterSet):
    bloc_year = django_filters.ModelChoiceFilter(queryset=_visible(bloc_years_visible_to), error_messages=INVALID_CHOICE)
    kind = django_filters.ChoiceFilter(choices=RoundKind.choices, error_messages=INVALID_CHOICE)
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, error_messages=INVALID_CHOICE)

    class Meta:
        model = ScoringRound
        fields = ["bloc_year", "kind", "status"]


class InspectionFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(queryset=_visible(queries.rounds_visible_to),
                                             error_messages=INVALID_CHOICE)

    class Meta:
        model = Inspection
        fields = ["round"]


class SheetFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(queryset=_visible(queries.rounds_visible_to),
                                             error_messages=INVALID_CHOICE)
    kind = django_filters.ChoiceFilter(choices=SheetKind.choices, error_messages=INVALID_CHOICE)
    status = django_filters.ChoiceFilter(choices=SheetStatus.choices, error_messages=INVALID_CHOICE)

    class Meta:
        model = ScoreSheet
        fields = ["round", "kind", "status"]


# ------------------------------------------------------------------------------------------ viewsets

@extend_schema(tags=["scoring-rounds"])
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ScoringRoundSerializer
    selector = staticmethod(queries.rounds_visible_to)
    manage = "scoring.manage_round"
    permission_rules = {"list": None, "retrieve": "scoring.view_round", "create": manage, "close": manage,
                        "finalise": manage, "reopen": "scoring.reopen_round"}
    filterset_class = RoundFilter
    ordering_fields = ["id", "opened_at"]
    ordering = ["bloc_year", "kind"]

    @extend_schema(request=OpenRoundSerializer, responses={201: ScoringRoundSerializer},
                   summary=_("Mở đợt chấm điểm: tạo phiếu tự chấm, phân công và phiếu kiểm tra chéo"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=OpenRoundSerializer)
        self.check_object_permissions(request, data["bloc_year"])
        round_ = rounds.open_round(bloc_year=data["bloc_year"], kind=data["kind"], seed=data.get("seed"),
                                   user=request.user)
        return self.respond(ScoringRoundSerializer, self.get_queryset().get(pk=round_.pk), status=201)

    @extend_schema(request=None, responses=ScoringRoundSerializer, summary=_("Đóng đợt chấm điểm"))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        rounds.close_round(round=self.get_object(), user=request.user)
        return self.respond(ScoringRoundSerializer, self.get_queryset().get(pk=pk))

    @extend_schema(request=None, responses=ScoringRoundSerializer, summary=_("Chốt kết quả (điểm chỉ còn để xem)"))
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        rounds.finalise_round(round=self.get_object(), user=request.user)
        return self.respond(ScoringRoundSerializer, self.get_queryset().get(pk=pk))

    @extend_schema(request=RoundReopenSerializer, responses=ScoringRoundSerializer,
                   summary=_("Mở lại đợt chấm điểm (Ban TĐKT, cần lý do)"))
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        round_ = self.get_object()
        data = self.validated(data=request.data, serializer_class=RoundReopenSerializer)
        rounds.reopen_round(round=round_, reason=data["reason"], user=request.user)
        return self.respond(ScoringRoundSerializer, self.get_queryset().get(pk=pk))


@extend_schema(tags=["scoring-rounds"])
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = InspectionSerializer
    selector = staticmethod(queries.inspections_visible_to)
    permission_rules = {"list": None, "retrieve": "scoring.view_round", "adjust": "scoring.manage_round"}
    filterset_class = InspectionFilter
    ordering_fields = ["id"]
    ordering = ["round", "inspected__name", "inspector__name"]

    @extend_schema(request=AdjustInspectionSerializer, responses=InspectionSerializer,
                   summary=_("Đổi đơn vị kiểm tra (phiếu kiểm tra chưa có điểm)"))
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        inspection = self.get_object()
        data = self.validated(data=request.data, serializer_class=AdjustInspectionSerializer,
                              extra_context={"inspection": inspection})
        inspections.adjust_inspection(inspection=inspection, new_inspector=data["inspector"], user=request.user)
        return self.respond(InspectionSerializer, self.get_queryset().get(pk=pk))


def _criterion(criterion_id):
    """A stand-in the domain re-reads; an id too large for the database names no criterion."""
    number = int(criterion_id)
    return Criterion(pk=number if number <= BIGINT_MAX else 0)


@extend_schema(tags=["score-sheets"])
class SheetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = SheetSerializer
    selector = staticmethod(queries.sheets_visible_to)
    edit = "scoring.edit_sheet"
    permission_rules = {"list": None, "retrieve": "scoring.view_sheet", "cell": edit, "submit": edit,
                        "reopen": "scoring.manage_round", "evidence": "scoring.view_sheet",
                        "upload_evidence": edit}
    filterset_class = SheetFilter
    ordering_fields = ["id"]
    ordering = ["round", "kind", "scored__name", "scorer__name"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return SheetDetailSerializer if self.action == "retrieve" else SheetSerializer

    def retrieve(self, request, pk=None):
        sheet = self.get_object()
        sheet.cells = [_cell(criterion, entry) for criterion, entry in queries.sheet_rows(sheet=sheet)]
        sheet.totals = sheets.sheet_totals(sheet)
        return self.respond(SheetDetailSerializer, sheet)

    @extend_schema(request=CellInputSerializer, parameters=[CRITERION_PARAM],
                   responses={200: CellSavedSerializer, 409: ConflictSerializer},
                   summary=_("Lưu một ô điểm (kiểm tra phiên bản; 409 kèm giá trị hiện tại)"))
    @action(detail=True, methods=["put"], url_path=r"cells/(?P<criterion_id>[0-9]+)")
    def cell(self, request, pk=None, criterion_id=None):
        sheet = self.get_object()
        data = self.validated(data=request.data, serializer_class=CellInputSerializer)
        try:
            entry = sheets.save_score(sheet=sheet, criterion=_criterion(criterion_id), points=data["points"],
                                      comment=data["comment"], expected_version=data["version"], user=request.user)
        except sheets.StaleCellError as exc:
            body = {"detail": " ".join(exc.messages), "current": CellValueSerializer(exc.current).data}
            return Response(body, status=409)
        entry.totals = sheets.sheet_totals(sheet)
        return self.respond(CellSavedSerializer, {**sheets.cell_value(entry), "criterion_id": entry.criterion_id,
                                                  "totals": entry.totals})

    @extend_schema(request=None, responses=SheetSerializer, summary=_("Gửi phiếu chấm"))
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        sheets.submit_sheet(sheet=self.get_object(), user=request.user)
        return self.respond(SheetSerializer, self.get_queryset().get(pk=pk))

    @extend_schema(request=SheetReopenSerializer, responses=SheetSerializer,
                   summary=_("Mở lại phiếu đã gửi (Thư ký khối, Ban TĐKT)"))
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        sheet = self.get_object()
        data = self.validated(data=request.data, serializer_class=SheetReopenSerializer)
        sheets.reopen_sheet(sheet=sheet, user=request.user, reason=data["reason"])
        return self.respond(SheetSerializer, self.get_queryset().get(pk=pk))

    @extend_schema(parameters=[CRITERION_PARAM], responses=EvidenceFileSerializer(many=True),
                   summary=_("Tệp minh chứng của một ô"))
    @action(detail=True, methods=["get"], url_path=r"cells/(?P<criterion_id>[0-9]+)/evidence", filter_backends=[],
            pagination_class=None)
    def evidence(self, request, pk=None, criterion_id=None):
        sheet = self.get_object()
        files = queries.evidence_of_cell(sheet=sheet, criterion=_criterion(criterion_id))
        return Response(EvidenceFileSerializer(files, many=True).data)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, parameters=[CRITERION_PARAM],
                   responses={201: EvidenceFileSerializer},
                   summary=_("Tải lên tệp minh chứng (PDF, PNG, JPEG; kiểm tra theo nội dung)"))
    @evidence.mapping.post
    def upload_evidence(self, request, pk=None, criterion_id=None):
        sheet = self.get_object()
        data = self.validated(data=request.data, serializer_class=EvidenceUploadSerializer)
        evidence = evidence_domain.add_evidence(sheet=sheet, criterion=_criterion(criterion_id),
                                                upload=data["file"], user=request.user)
        return self.respond(EvidenceFileSerializer, evidence, status=201)


def _cell(criterion, entry):
    return {"criterion": criterion.pk, "code": criterion.code, "title": criterion.title, "kind": criterion.kind,
            "max_points": criterion.max_points, "is_leaf": criterion.is_leaf, "depth": criterion.depth,
            "evidence_required": criterion.evidence_required, **sheets.cell_value(entry),
            "evidence": entry.evidence_files if entry is not None else []}


@extend_schema(tags=["score-sheets"])
class EvidenceViewSet(mixins.RetrieveModelMixin, RulesViewSet):
    """An evidence file's description, its download, its removal; permissions are those of its sheet."""

    serializer_class = EvidenceFileSerializer
    selector = staticmethod(queries.evidence_visible_to)
    permission_rules = {"retrieve": "scoring.view_sheet", "download": "scoring.view_sheet",
                        "destroy": "scoring.edit_sheet"}
    filter_backends = []

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj.entry.sheet)

    @extend_schema(summary=_("Xóa tệp minh chứng"))
    def destroy(self, request, pk=None):
        evidence_domain.remove_evidence(evidence=self.get_object(), user=request.user)
        return self.respond_empty()

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary=_("Tải tệp minh chứng"))
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        evidence = self.get_object()
        try:
            handle = evidence.file.open("rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type=evidence.content_type, as_attachment=True,
                                filename=evidence.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("rounds", RoundViewSet, basename="round")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("sheets", SheetViewSet, basename="sheet")
    router.register("evidence", EvidenceViewSet, basename="evidence")
