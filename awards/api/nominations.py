"""API of nominations and the Board's review (/api/v1/), with the same rules as the pages.

`nominations/` lists (filters: bloc_year, year, bloc, award_type, department, status, overdue) and creates
(the secretariat: awards.prepare_nomination on the bloc-year; an ineligible unit is refused with the failing
conditions named); `nominations/{id}/` reads the dossier and PATCH changes its summary; `…/report/` GET
downloads and PUT (multipart, field `file`) replaces the achievement report; `…/submit/`, `…/resubmit/`,
`…/start-review/`, `…/return/`, `…/approve/`, `…/reject/` are the workflow steps (a refused role answers
403, a refused state 400 with the reason). `board/summary/` gives a province's nominations against its
quotas by bloc; `board/proposals/` the proposal list to the Council as .xlsx.
"""
import django_filters
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from awards.domain import nominations as services
from awards.domain.queries import board as board_queries
from awards.domain.queries import nominations as queries
from awards.enums import NominationStatus
from awards.exporters import export_proposal_list, proposal_filename
from awards.models import AwardType, Nomination, NominationEvent
from blocs.domain.queries import bloc_years_visible_to, blocs_visible_to, departments_visible_to
from blocs.models import Bloc, BlocYear, Department, Province
from emulation.api_base import (BooleanField, CharField, ChoiceField, IntegerField, ModelSerializer,
                                PrimaryKeyRelatedField, RulesViewSet, Serializer)
from voting.models import BallotRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INVALID_FILTER = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


def _award_types(context):
    return AwardType.objects.filter(province__in=Province.objects.filter(
        blocs__years__in=bloc_years_visible_to(context["request"].user).values("pk")).values("pk"))


def _rounds(context):
    return BallotRound.objects.filter(bloc_year__in=bloc_years_visible_to(context["request"].user).values("pk"))


# --- shapes ---------------------------------------------------------------------------------------------------

STATUS_HELP = _("draft | submitted | under_review | returned | approved | rejected")


class EventSerializer(ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    actor_name = serializers.SerializerMethodField()
    from_status_label = serializers.CharField(source="get_from_status_display", read_only=True)
    to_status_label = serializers.CharField(source="get_to_status_display", read_only=True)

    class Meta:
        model = NominationEvent
        fields = ["from_status", "from_status_label", "to_status", "to_status_label", "actor", "actor_name",
                  "comment", "created_at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor_name(self, event):
        return event.actor.get_full_name() or event.actor.username


class NominationSerializer(ModelSerializer):
    year = serializers.IntegerField(source="bloc_year.year", read_only=True)
    bloc = serializers.IntegerField(source="bloc_year.bloc_id", read_only=True)
    bloc_name = serializers.CharField(source="bloc_year.bloc.name", read_only=True)
    award_type_name = serializers.CharField(source="award_type.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    eligibility = serializers.JSONField(read_only=True, help_text=_("Kết quả xét điều kiện: từng điều kiện, đạt "
                                                                    "hay không, theo bộ quy định nào"))
    failing_conditions = serializers.SerializerMethodField()
    unknown_conditions = serializers.SerializerMethodField(help_text=_("Điều kiện chưa xác định được: cần kiểm tra"))
    has_achievement_report = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = ["id", "bloc_year", "year", "bloc", "bloc_name", "award_type", "award_type_name", "department",
                  "department_name", "ballot_round", "rule_set", "eligibility", "failing_conditions",
                  "unknown_conditions", "status", "status_label", "summary", "has_achievement_report",
                  "submitted_at", "due_on", "decided_at", "overdue", "version"]
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_failing_conditions(self, nomination):
        return services.failing_conditions(nomination.eligibility)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_unknown_conditions(self, nomination):
        return services.unknown_conditions(nomination.eligibility)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_achievement_report(self, nomination):
        return bool(nomination.achievement_report)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, nomination):
        return services.is_overdue(nomination)


class NominationDetailSerializer(NominationSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(NominationSerializer.Meta):
        fields = [*NominationSerializer.Meta.fields, "events"]
        read_only_fields = fields


class NominationCreateSerializer(Serializer):
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), noun=_("Năm thi đua"),
                                       scope=lambda context: bloc_years_visible_to(context["request"].user))
    award_type = PrimaryKeyRelatedField(queryset=AwardType.objects.none(), noun=_("Hình thức khen thưởng"),
                                        scope=_award_types)
    department = PrimaryKeyRelatedField(queryset=Department.objects.none(), noun=_("Đơn vị"),
                                        scope=lambda context: departments_visible_to(context["request"].user))
    ballot_round = PrimaryKeyRelatedField(queryset=BallotRound.objects.none(), noun=_("Vòng bỏ phiếu"),
                                          scope=_rounds, required=False, allow_null=True, default=None)
    summary = CharField(required=False, allow_blank=True, max_length=services.SUMMARY_MAX, default="")


class DossierSerializer(Serializer):
    summary = CharField(allow_blank=True, max_length=services.SUMMARY_MAX)


class ReportUploadSerializer(Serializer):
    file = serializers.FileField(error_messages={"required": _("Hãy gửi tệp báo cáo thành tích (trường file)."),
                                                 "invalid": _("Cần một tệp tải lên (multipart/form-data)."),
                                                 "empty": _("Tệp báo cáo thành tích rỗng."),
                                                 "no_name": _("Không đọc được tên tệp.")})


class CommentSerializer(Serializer):
    comment = CharField(required=False, allow_blank=True, max_length=services.COMMENT_MAX, default="")


class RequiredCommentSerializer(Serializer):
    comment = CharField(max_length=services.COMMENT_MAX, help_text=_("Bắt buộc: lý do, nội dung cần bổ sung"))


# --- nominations ----------------------------------------------------------------------------------------------

class NominationFilter(django_filters.FilterSet):
    bloc_year = django_filters.ModelChoiceFilter(queryset=lambda request: bloc_years_visible_to(request.user),
                                                 error_messages=INVALID_FILTER)
    year = django_filters.NumberFilter(field_name="bloc_year__year",
                                       error_messages={"invalid": _("Năm phải là một số nguyên.")})
    bloc = django_filters.ModelChoiceFilter(field_name="bloc_year__bloc", error_messages=INVALID_FILTER,
                                            queryset=lambda request: blocs_visible_to(request.user))
    award_type = django_filters.ModelChoiceFilter(queryset=AwardType.objects.all(), error_messages=INVALID_FILTER)
    department = django_filters.ModelChoiceFilter(queryset=lambda request: departments_visible_to(request.user),
                                                  error_messages=INVALID_FILTER)
    status = django_filters.ChoiceFilter(choices=NominationStatus.choices, error_messages=INVALID_FILTER)
    overdue = django_filters.BooleanFilter(method="filter_overdue", error_messages={
        "invalid": _("Cần giá trị đúng hoặc sai (true/false).")})

    class Meta:
        model = Nomination
        fields = ["bloc_year", "year", "bloc", "award_type", "department", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(services.overdue_q()) if value else queryset.exclude(services.overdue_q())


STEP_SUMMARIES = {
    "submit": _("Gửi đề nghị tới Ban TĐKT (trong chỉ tiêu; hồ sơ phải có báo cáo thành tích)"),
    "resubmit": _("Gửi lại đề nghị đã được trả lại"),
    "start_review": _("Ban TĐKT bắt đầu xem xét đề nghị"),
    "return_nomination": _("Ban TĐKT trả lại đề nghị để bổ sung (bắt buộc ghi ý kiến)"),
    "approve": _("Ban TĐKT chấp thuận đề nghị (giữ một chỉ tiêu)"),
    "reject": _("Ban TĐKT không chấp thuận đề nghị (bắt buộc ghi ý kiến)"),
}


def _step(name, *, comment_required=False, url_path=None):
    """A workflow step as a POST action: validate the comment, call the service, return the nomination."""
    serializer_class = RequiredCommentSerializer if comment_required else CommentSerializer
    service_name = "return" if name == "return_nomination" else name

    def step(self, request, pk=None):
        nomination = self.get_object()
        kwargs = {"nomination": nomination, "user": request.user}
        if service_name != "start_review":
            kwargs["comment"] = self.validated(data=request.data, serializer_class=serializer_class)["comment"]
        SERVICES[service_name](**kwargs)
        return self.respond(NominationDetailSerializer, self.get_queryset().get(pk=nomination.pk))

    step.__name__ = name
    request = None if service_name == "start_review" else serializer_class
    return extend_schema(request=request, responses=NominationDetailSerializer, summary=STEP_SUMMARIES[name])(
        action(detail=True, methods=["post"], url_path=url_path or name.replace("_", "-"),
               url_name=url_path or name.replace("_", "-"), filter_backends=[])(step))


SERVICES = {"submit": services.submit_nomination, "resubmit": services.resubmit_nomination,
            "start_review": services.start_review, "return": services.return_nomination,
            "approve": services.approve_nomination, "reject": services.reject_nomination}


@extend_schema(tags=["nominations"])
@extend_schema_view(
    list=extend_schema(summary=_("Đề nghị khen thưởng (lọc theo năm thi đua, năm, khối, hình thức, đơn vị, "
                                 "trạng thái, quá hạn)")),
    retrieve=extend_schema(summary=_("Hồ sơ đề nghị và quá trình xử lý")),
)
class NominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = NominationSerializer
    selector = staticmethod(queries.nomination_detail_queryset)
    filterset_class = NominationFilter
    ordering_fields = ["due_on", "submitted_at", "id"]
    search_fields = ["department__name", "summary"]
    permission_rules = {
        "list": None, "retrieve": "awards.view_nomination", "create": services.PREPARE,
        "partial_update": services.PREPARE, "report": "awards.view_nomination", "upload_report": services.PREPARE,
        "submit": services.PREPARE, "resubmit": services.PREPARE, "start_review": services.REVIEW,
        "return_nomination": services.REVIEW, "approve": services.REVIEW, "reject": services.REVIEW,
    }

    def get_serializer_class(self):
        return NominationDetailSerializer if self.action == "retrieve" else NominationSerializer

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationDetailSerializer},
                   summary=_("Lập đề nghị khen thưởng (thư ký khối; xét điều kiện theo quy định đang áp dụng)"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=NominationCreateSerializer)
        self.check_object_permissions(request, data["bloc_year"])
        nomination = services.prepare_nomination(user=request.user, **data)
        return self.respond(NominationDetailSerializer, self.get_queryset().get(pk=nomination.pk), status=201)

    @extend_schema(request=DossierSerializer, responses=NominationDetailSerializer,
                   summary=_("Sửa tóm tắt thành tích (khi đang chuẩn bị hoặc đã được trả lại)"))
    def partial_update(self, request, pk=None):
        nomination = self.get_object()
        data = self.validated(data=request.data, serializer_class=DossierSerializer)
        services.update_dossier(nomination=nomination, summary=data["summary"], user=request.user)
        return self.respond(NominationDetailSerializer, self.get_queryset().get(pk=nomination.pk))

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary=_("Tải báo cáo thành tích (PDF)"))
    @action(detail=True, methods=["get"], filter_backends=[], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def report(self, request, pk=None):
        nomination = self.get_object()
        if not nomination.achievement_report:
            raise Http404
        try:
            handle = nomination.achievement_report.open("rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                                filename=f"bao-cao-thanh-tich-{nomination.pk}.pdf")
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(request={"multipart/form-data": ReportUploadSerializer}, responses=NominationDetailSerializer,
                   summary=_("Tải lên (thay) báo cáo thành tích: tệp PDF, kiểm tra theo nội dung"))
    @report.mapping.put
    def upload_report(self, request, pk=None):
        nomination = self.get_object()
        upload = self.validated(data=request.data, serializer_class=ReportUploadSerializer)["file"]
        services.update_dossier(nomination=nomination, summary=nomination.summary, achievement_report=upload,
                                user=request.user)
        return self.respond(NominationDetailSerializer, self.get_queryset().get(pk=nomination.pk))

    submit = _step("submit")
    resubmit = _step("resubmit")
    start_review = _step("start_review")
    return_nomination = _step("return_nomination", comment_required=True, url_path="return")
    approve = _step("approve")
    reject = _step("reject", comment_required=True)



# --- the Board ------------------------------------------------------------------------------------------------

class BoardQuerySerializer(Serializer):
    """The dashboard's filters; the province defaults to the Board's own, the year to its latest."""

    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), required=False,
                                      scope=lambda context: board_queries.board_provinces(context["request"].user))
    year = IntegerField(required=False, min_value=2000, max_value=2100)
    bloc = PrimaryKeyRelatedField(queryset=Bloc.objects.none(), noun=_("Khối"), required=False,
                                  scope=lambda context: blocs_visible_to(context["request"].user))
    award_type = PrimaryKeyRelatedField(queryset=AwardType.objects.none(), noun=_("Hình thức khen thưởng"),
                                        required=False, scope=_award_types)
    status = ChoiceField(choices=[c for c in NominationStatus.choices if c[0] != NominationStatus.DRAFT],
                         required=False)
    overdue = BooleanField(required=False, default=False)


class CellSerializer(Serializer):
    award_type = serializers.IntegerField()
    places = serializers.IntegerField(allow_null=True, help_text=_("Chỉ tiêu; null: chưa giao"))
    pending = serializers.IntegerField(help_text=_("Đã gửi hoặc đang xem xét"))
    approved = serializers.IntegerField()
    returned = serializers.IntegerField()
    rejected = serializers.IntegerField()


class BlocLineSerializer(Serializer):
    bloc = serializers.IntegerField(source="bloc.pk")
    name = serializers.CharField(source="bloc.name")
    bloc_year = serializers.IntegerField(source="bloc_year_id", allow_null=True)
    overdue = serializers.IntegerField()
    cells = serializers.SerializerMethodField()

    @extend_schema_field(CellSerializer(many=True))
    def get_cells(self, line):
        return _cells(self.context["award_types"], line.cells)


class AwardTypeBriefSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SummarySerializer(Serializer):
    province = serializers.IntegerField(source="filters.province.pk")
    year = serializers.IntegerField(source="filters.year", allow_null=True)
    award_types = AwardTypeBriefSerializer(many=True)
    blocs = BlocLineSerializer(source="lines", many=True)
    totals = serializers.SerializerMethodField()
    status_counts = serializers.DictField(child=serializers.IntegerField())
    overdue = serializers.IntegerField()

    @extend_schema_field(CellSerializer(many=True))
    def get_totals(self, summary):
        return _cells(summary.award_types, summary.totals)


def _cells(award_types, cells):
    return [{"award_type": t.pk, "places": c.places, "pending": c.pending, "approved": c.approved,
             "returned": c.returned, "rejected": c.rejected} for t, c in zip(award_types, cells)]


@extend_schema(tags=["nominations"])
class BoardViewSet(RulesViewSet):
    """The Board's view of its province: counts against quotas, and the proposal list to the Council."""

    serializer_class = SummarySerializer
    selector = staticmethod(board_queries.board_provinces)
    filter_backends = []
    pagination_class = None
    permission_rules = {"summary": None, "proposals": None}
    global_rules = {"summary": "awards.view_board_dashboard", "proposals": "awards.view_board_dashboard"}

    def get_queryset(self):
        return Province.objects.none()

    def _filters(self, request):
        data = self.validated(data=request.query_params, serializer_class=BoardQuerySerializer)
        user = request.user
        provinces = board_queries.board_provinces(user)
        province = data.get("province") or (provinces.filter(pk=user.province_id).first() if user.province_id
                                            else None) or provinces.first()
        if province is None:
            raise Http404
        if data.get("bloc") is not None and data["bloc"].province_id != province.pk:
            raise serializers.ValidationError({"bloc": [_("Khối không thuộc tỉnh được chọn.")]})
        return board_queries.Filters(
            province=province, year=data.get("year") or board_queries.latest_year(province=province),
            bloc=data.get("bloc"), award_type=data.get("award_type"), status=data.get("status", ""),
            overdue=data["overdue"])

    @extend_schema(parameters=[BoardQuerySerializer], responses=SummarySerializer,
                   summary=_("Đề nghị so với chỉ tiêu, theo khối và hình thức khen thưởng"))
    @action(detail=False, methods=["get"])
    def summary(self, request):
        summary = board_queries.board_summary(filters=self._filters(request))
        context = {**self.get_serializer_context(), "award_types": summary.award_types}
        return Response(SummarySerializer(summary, context=context).data)

    @extend_schema(parameters=[BoardQuerySerializer],
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary=_("Danh sách đề nghị khen thưởng trình Hội đồng (Excel)"))
    @action(detail=False, methods=["get"])
    def proposals(self, request):
        filters = self._filters(request)
        rows = board_queries.proposal_rows(board_queries.board_nominations(user=request.user, filters=filters))
        response = HttpResponse(export_proposal_list(province=filters.province, year=filters.year, rows=rows),
                                content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="{proposal_filename(province=filters.province, year=filters.year)}"')
        return response


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("nominations", NominationViewSet, basename="nomination")
    router.register("board", BoardViewSet, basename="board")
