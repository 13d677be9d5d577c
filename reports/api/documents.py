"""API of the documents (/api/v1/reports/), with the same rules as the pages.

`reports/` lists the reports the user may see (filters: kind, status, bloc_year, ballot_round, province,
year) and creates one: a request names the kind and its subject (`bloc_year`, `ballot_round`, `decision`, or
`province` + `year`); the answer is the report, queued (201), or the one already made from the same inputs
(200). `reports/{id}/` gives its status, error, whether the broker has the job, the file's hash, pages and
signatures; polling it hands a job that waits for the broker over again. `reports/{id}/download/` gives the
PDF as issued (signed if anyone signed).
"""
import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from blocs.domain.queries import bloc_years_visible_to, provinces_visible_to
from blocs.models import BlocYear, Province
from decisions.models import AwardDecision
from emulation.api_base import (ChoiceField, IntegerField, ModelSerializer, PrimaryKeyRelatedField, RulesViewSet,
                                Serializer)
from reports.domain import pipeline
from reports.domain.queries import documents as queries
from reports.enums import BALLOT_ROUND_KINDS, BLOC_YEAR_KINDS, DECISION_KINDS, PROVINCE_KINDS, ReportKind, ReportStatus
from reports.models import Report, Signature
from reports.views.documents import download_response
from voting.domain.queries.rounds import rounds_visible_to
from voting.models import BallotRound

INVALID_FILTER = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}
KIND_HELP = _("pledge | mid_year | year_end | vote_minutes | nomination_letter | province_summary | decision")
STATUS_HELP = _("queued | rendering | done | failed")


def _decisions(context):
    user = context["request"].user
    if user.is_superuser:
        return AwardDecision.objects.all()
    return AwardDecision.objects.filter(province_id=user.home_province_id) if user.home_province_id else (
        AwardDecision.objects.none())


# --- shapes ---------------------------------------------------------------------------------------------------


class SignatureSerializer(ModelSerializer):
    slot_label = serializers.CharField(source="get_slot_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        model = Signature
        fields = ["revision", "slot", "slot_label", "department", "department_name", "signer_name",
                  "signer_position", "signed_at", "sha256_after"]
        read_only_fields = fields


class ReportSerializer(ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    waiting_for_broker = serializers.SerializerMethodField(
        help_text=_("Đang chờ máy chủ hàng đợi hoạt động trở lại (trạng thái queued, chưa được gửi đi)"))
    signed = serializers.SerializerMethodField()
    issued_sha256 = serializers.CharField(read_only=True, help_text=_("SHA-256 của tệp tải về (bản đã ký nếu có)"))
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = ["id", "kind", "kind_label", "title", "province", "year", "bloc_year", "ballot_round", "decision",
                  "status", "status_label", "error", "dispatched", "waiting_for_broker", "attempts", "sha256",
                  "issued_sha256", "signed", "pages", "requested_by", "requested_at", "started_at", "finished_at",
                  "render_seconds", "signatures"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_waiting_for_broker(self, report):
        return report.status == ReportStatus.QUEUED and not report.dispatched

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_signed(self, report):
        return bool(report.signed_file)


class ReportRequestSerializer(Serializer):
    """The kind, and its subject: exactly the field(s) the kind is about."""

    kind = ChoiceField(choices=ReportKind.choices, help_text=KIND_HELP)
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), noun=_("Năm thi đua"), required=False,
                                       scope=lambda context: bloc_years_visible_to(context["request"].user))
    ballot_round = PrimaryKeyRelatedField(queryset=BallotRound.objects.none(), noun=_("Vòng bỏ phiếu"),
                                          required=False,
                                          scope=lambda context: rounds_visible_to(context["request"].user))
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), required=False,
                                      scope=lambda context: provinces_visible_to(context["request"].user))
    year = IntegerField(required=False, min_value=2000, max_value=2100)
    decision = PrimaryKeyRelatedField(queryset=AwardDecision.objects.none(), noun=_("Quyết định khen thưởng"),
                                      required=False, scope=_decisions)

    def validate(self, data):
        kind = data["kind"]
        needed = _subject_fields(kind)
        missing = [name for name in needed if data.get(name) is None]
        extra = [name for name in ("bloc_year", "ballot_round", "province", "year", "decision")
                 if name not in needed and data.get(name) is not None]
        errors = {name: [_("Trường này là bắt buộc với loại văn bản này.")] for name in missing}
        errors.update({name: [_("Loại văn bản này không lập cho trường này; hãy bỏ trường này.")] for name in extra})
        if errors:
            raise serializers.ValidationError(errors)
        data["subject"] = (data["province"], data["year"]) if kind in PROVINCE_KINDS else data[needed[0]]
        return data


def _subject_fields(kind):
    if kind in BLOC_YEAR_KINDS:
        return ("bloc_year",)
    if kind in BALLOT_ROUND_KINDS:
        return ("ballot_round",)
    if kind in DECISION_KINDS:
        return ("decision",)
    return ("province", "year")


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, error_messages=INVALID_FILTER)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, error_messages=INVALID_FILTER)
    bloc_year = django_filters.NumberFilter(error_messages={"invalid": _("Mã năm thi đua phải là số nguyên.")})
    ballot_round = django_filters.NumberFilter(error_messages={"invalid": _("Mã vòng bỏ phiếu phải là số nguyên.")})
    province = django_filters.NumberFilter(error_messages={"invalid": _("Mã tỉnh phải là số nguyên.")})
    year = django_filters.NumberFilter(error_messages={"invalid": _("Năm phải là một số nguyên.")})

    class Meta:
        model = Report
        fields = ["kind", "status", "bloc_year", "ballot_round", "province", "year"]


# --- reports ----------------------------------------------------------------------------------------------------


@extend_schema(tags=["reports"])
@extend_schema_view(
    list=extend_schema(summary=_("Văn bản được xem (lọc theo loại, trạng thái, năm thi đua, vòng bỏ phiếu, tỉnh, năm)")),
    retrieve=extend_schema(summary=_("Trạng thái của một văn bản: lỗi, chờ hàng đợi, mã băm, số trang, chữ ký; "
                                     "văn bản chờ máy chủ hàng đợi được gửi lại")),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ReportSerializer
    selector = staticmethod(queries.reports_visible_to)
    filterset_class = ReportFilter
    ordering_fields = ["requested_at", "finished_at"]
    search_fields = ["title"]
    permission_rules = {"list": None, "retrieve": "reports.view_report", "create": "reports.request_report",
                        "download": "reports.view_report"}

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        if report.status == ReportStatus.QUEUED and not report.dispatched:
            pipeline.redispatch_waiting_reports(report_ids=[report.pk])
            report = self.get_queryset().get(pk=report.pk)
        return self.respond(ReportSerializer, report)

    @extend_schema(request=ReportRequestSerializer,
                   responses={201: ReportSerializer, 200: ReportSerializer},
                   summary=_("Yêu cầu tạo văn bản (201: đã xếp hàng; 200: dùng lại văn bản cùng dữ liệu)"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=ReportRequestSerializer)
        self.check_object_permissions(request, data["subject"])
        asked_at = timezone.now()
        report = pipeline.request_report(kind=data["kind"], user=request.user, subject=data["subject"])
        created = report.requested_at >= asked_at
        return self.respond(ReportSerializer, self.get_queryset().get(pk=report.pk), status=201 if created else 200)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                              404: OpenApiResponse(description=_("Không có hoặc chưa tạo xong"))},
                   summary=_("Tải văn bản (PDF; bản đã ký nếu có)"))
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request, pk=None):
        return download_response(self.get_object())


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("reports", ReportViewSet, basename="report")
