"""API of award decisions, reward money and the base salary (/api/v1/), with the same rules as the pages.

`decisions/` lists the province's decisions (filters: province, year, status) and creates one (the Board:
`lines` are either the disclosed list's entries, `{"entry", "awarded"}`, or lines entered by hand,
`{"award_type", "department", "person_name"}`); `decisions/{id}/` reads one with its lines and money;
`decisions/{id}/withdraw/` withdraws it (reason and version). `base-salaries/` lists the base salary's
figures (every account) and adds one (a superuser). `money/totals/` gives a province's reward money of a year by
award type, `money/export/` the same as .xlsx.
"""
import django_filters
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from awards.models import AwardType
from blocs.models import Department, Province
from decisions.domain import money, records as services
from decisions.domain.queries import records as queries
from decisions.enums import DecisionStatus
from decisions.exporters import XLSX, export_money, money_filename
from decisions.models import AwardDecision, AwardDecisionLine, BaseSalary, Disclosure, DisclosureEntry
from emulation.api_base import (BooleanField, CharField, DateField, IntegerField, ModelSerializer,
                                PrimaryKeyRelatedField, RulesViewSet, Serializer)

INVALID_FILTER = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


def _provinces(context):
    return queries.provinces_for_decisions(context["request"].user)


def _award_types(context):
    return AwardType.objects.filter(province__in=_provinces(context).values("pk"))


def _departments(context):
    return Department.objects.filter(province__in=_provinces(context).values("pk"))


def _entries(context):
    return DisclosureEntry.objects.filter(
        disclosure__in=queries.disclosures_scope(context["request"].user).values("pk")).select_related(
        "award_type", "department")


# --- shapes ---------------------------------------------------------------------------------------------------

class LineSerializer(ModelSerializer):
    award_type_name = serializers.CharField(source="award_type.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    award = serializers.IntegerField(source="award.pk", read_only=True, allow_null=True)
    award_withdrawn = serializers.BooleanField(source="award.is_withdrawn", read_only=True, allow_null=True)

    class Meta:
        model = AwardDecisionLine
        fields = ["id", "position", "award_type", "award_type_name", "department", "department_name", "person_name",
                  "recipient_name", "entry", "nomination", "cash_multiple", "base_salary", "amount", "award",
                  "award_withdrawn"]
        read_only_fields = fields


class DecisionSerializer(ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("recorded | withdrawn"))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    total_amount = serializers.SerializerMethodField(help_text=_("Tổng tiền thưởng (đồng)"))
    lines = LineSerializer(many=True, read_only=True)

    class Meta:
        model = AwardDecision
        fields = ["id", "province", "province_name", "year", "disclosure", "number_symbol", "decided_on",
                  "authority", "signer_position", "signer_name", "council_outcome", "status", "status_label",
                  "recorded_by", "recorded_at", "withdrawal_reason", "withdrawn_by", "withdrawn_at", "version",
                  "total_amount", "lines"]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=0))
    def get_total_amount(self, decision):
        return str(queries.decision_total(decision))


class LineInputSerializer(Serializer):
    entry = PrimaryKeyRelatedField(queryset=DisclosureEntry.objects.none(), noun=_("Dòng đề nghị"), scope=_entries,
                                   required=False, allow_null=True, default=None)
    awarded = BooleanField(required=False, default=True)
    award_type = PrimaryKeyRelatedField(queryset=AwardType.objects.none(), noun=_("Hình thức khen thưởng"),
                                        scope=_award_types, required=False, allow_null=True, default=None)
    department = PrimaryKeyRelatedField(queryset=Department.objects.none(), noun=_("Đơn vị"), required=False,
                                        scope=_departments, allow_null=True, default=None)
    person_name = CharField(required=False, allow_blank=True, max_length=services.NAME_MAX, default="")


class DecisionCreateSerializer(Serializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), scope=_provinces)
    disclosure = PrimaryKeyRelatedField(queryset=Disclosure.objects.none(), noun=_("Danh sách công khai"),
                                        scope=lambda c: queries.disclosures_scope(c["request"].user),
                                        required=False, allow_null=True, default=None)
    year = IntegerField(min_value=services.EARLIEST_YEAR, max_value=2100)
    number_symbol = CharField(max_length=services.NUMBER_MAX, help_text=_("Ví dụ: 125/QĐ-UBND"))
    decided_on = DateField()
    authority = CharField(max_length=services.NAME_MAX)
    signer_position = CharField(max_length=services.NAME_MAX)
    signer_name = CharField(max_length=services.NAME_MAX)
    council_outcome = CharField(required=False, allow_blank=True, max_length=services.OUTCOME_MAX, default="")
    lines = LineInputSerializer(many=True, max_length=services.LINES_MAX, allow_empty=False, error_messages={
        "not_a_list": _("Cần một danh sách các dòng."), "null": _("Trường này không được để trống."), "empty": _("Quyết định phải có ít nhất một dòng."),
        "max_length": _("Một quyết định có tối đa {max_length} dòng.")})


class WithdrawSerializer(Serializer):
    reason = CharField(max_length=services.REASON_MAX, help_text=_("Bắt buộc: lý do thu hồi"))
    version = IntegerField(min_value=0, max_value=2**31 - 1, help_text=_("Phiên bản quyết định đã đọc"))


class BaseSalarySerializer(ModelSerializer):
    class Meta:
        model = BaseSalary
        fields = ["id", "amount", "valid_from", "legal_basis"]
        read_only_fields = ["id"]


class BaseSalaryCreateSerializer(Serializer):
    amount = IntegerField(min_value=1, max_value=int(money.AMOUNT_MAX), help_text=_("Đồng/tháng"))
    valid_from = DateField()
    legal_basis = CharField(required=False, allow_blank=True, max_length=money.BASIS_MAX, default="")


class MoneyQuerySerializer(Serializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), scope=_provinces,
                                      required=False)
    year = IntegerField(required=False, min_value=services.EARLIEST_YEAR, max_value=2100)


class MoneyRowSerializer(Serializer):
    award_type = serializers.IntegerField(source="award_type_id")
    award_type_name = serializers.CharField(source="award_type")
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=0)


class MoneyTotalsSerializer(Serializer):
    province = serializers.IntegerField(source="province.pk")
    year = serializers.IntegerField(allow_null=True)
    rows = MoneyRowSerializer(many=True)
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=0)


# --- decisions ------------------------------------------------------------------------------------------------

class DecisionFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(queryset=lambda request: queries.provinces_for_decisions(request.user),
                                                error_messages=INVALID_FILTER)
    year = django_filters.NumberFilter(error_messages={"invalid": _("Năm phải là một số nguyên.")})
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices, error_messages=INVALID_FILTER)

    class Meta:
        model = AwardDecision
        fields = ["province", "year", "status"]


def _line_inputs(data):
    return [services.LineInput(entry=line["entry"], awarded=line["awarded"], award_type=line["award_type"],
                               department=line["department"], person_name=line["person_name"]) for line in data]


@extend_schema(tags=["decisions"])
@extend_schema_view(
    list=extend_schema(summary=_("Quyết định khen thưởng của tỉnh (lọc theo tỉnh, năm thi đua, trạng thái)")),
    retrieve=extend_schema(summary=_("Một quyết định: các dòng khen thưởng, tiền thưởng, trạng thái")),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = DecisionSerializer
    selector = staticmethod(queries.decision_detail_queryset)
    filterset_class = DecisionFilter
    ordering_fields = ["decided_on", "year", "id"]
    search_fields = ["number_symbol", "signer_name"]
    permission_rules = {"list": None, "retrieve": "decisions.view", "create": services.MANAGE,
                        "withdraw": services.MANAGE}

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer},
                   summary=_("Ghi nhận quyết định khen thưởng (Ban TĐKT): mỗi dòng được khen thưởng thành một "
                             "khen thưởng trong lịch sử, đúng một lần"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=DecisionCreateSerializer)
        self.check_object_permissions(request, data["province"])
        decision = services.record_decision(
            province=data["province"], disclosure=data["disclosure"], year=data["year"],
            number_symbol=data["number_symbol"], decided_on=data["decided_on"], authority=data["authority"],
            signer_position=data["signer_position"], signer_name=data["signer_name"],
            council_outcome=data["council_outcome"], lines=_line_inputs(data["lines"]), user=request.user)
        return self.respond(DecisionSerializer, self.get_queryset().get(pk=decision.pk), status=201)

    @extend_schema(request=WithdrawSerializer, responses=DecisionSerializer,
                   summary=_("Thu hồi quyết định (Ban TĐKT, bắt buộc lý do): các khen thưởng thôi được tính"))
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        decision = self.get_object()
        data = self.validated(data=request.data, serializer_class=WithdrawSerializer)
        services.withdraw_decision(decision=decision, reason=data["reason"], user=request.user,
                                   expected_version=data["version"])
        return self.respond(DecisionSerializer, self.get_queryset().get(pk=decision.pk))


# --- base salary ----------------------------------------------------------------------------------------------

@extend_schema(tags=["decisions"])
@extend_schema_view(list=extend_schema(summary=_("Các mức lương cơ sở (dữ liệu dùng chung cả nước)")))
class BaseSalaryViewSet(mixins.ListModelMixin, RulesViewSet):
    serializer_class = BaseSalarySerializer
    selector = staticmethod(lambda user: queries.base_salaries())
    filter_backends = []
    pagination_class = None
    permission_rules = {"list": None, "create": None}
    global_rules = {"list": "decisions.view_base_salary", "create": "decisions.add_base_salary"}

    @extend_schema(request=BaseSalaryCreateSerializer, responses={201: BaseSalarySerializer},
                   summary=_("Thêm mức lương cơ sở (quản trị hệ thống)"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=BaseSalaryCreateSerializer)
        salary = money.add_base_salary(user=request.user, **data)
        return self.respond(BaseSalarySerializer, salary, status=201)


# --- money ----------------------------------------------------------------------------------------------------

@extend_schema(tags=["decisions"])
class MoneyViewSet(RulesViewSet):
    """A province's reward money of a year by award type (recorded decisions; withdrawn ones do not count)."""

    serializer_class = MoneyTotalsSerializer
    filter_backends = []
    pagination_class = None
    permission_rules = {"totals": "decisions.view", "export": "decisions.view"}

    def get_queryset(self):
        return Province.objects.none()

    def _totals(self, request):
        data = self.validated(data=request.query_params, serializer_class=MoneyQuerySerializer)
        user = request.user
        provinces = queries.provinces_for_decisions(user)
        province = data.get("province") or provinces.filter(pk=user.home_province_id).first() or provinces.first()
        if province is None:
            raise Http404
        self.check_object_permissions(request, province)
        year = data.get("year") or next(iter(queries.money_years(province=province)), None)
        return province, year, queries.money_totals(province=province, year=year) if year else None

    @extend_schema(parameters=[MoneyQuerySerializer], responses=MoneyTotalsSerializer,
                   summary=_("Tiền thưởng theo hình thức khen thưởng của một năm (mặc định: năm gần nhất)"))
    @action(detail=False, methods=["get"])
    def totals(self, request):
        province, year, totals = self._totals(request)
        if totals is None:
            totals = queries.MoneyTotals(province=province, year=year, rows=[], count=0, amount=0)
        return Response(MoneyTotalsSerializer(totals).data)

    @extend_schema(parameters=[MoneyQuerySerializer], responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)},
                   summary=_("Tổng hợp tiền thưởng của một năm (Excel)"))
    @action(detail=False, methods=["get"])
    def export(self, request):
        province, year, totals = self._totals(request)
        response = HttpResponse(export_money(province=province, year=year, totals=totals), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{money_filename(province=province, year=year)}"'
        return response


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("base-salaries", BaseSalaryViewSet, basename="base-salary")
    router.register("money", MoneyViewSet, basename="money")
