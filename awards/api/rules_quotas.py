"""API of the award catalogue, eligibility and quotas (/api/v1/).

award-types/ and rule-sets/ (each with its award rules and their conditions; award-rules/{id}/ changes one,
its `conditions` list replacing the old one) are read by every account of the province and changed by its
Board (awards.manage_rules). eligibility/{bloc-year}/ is the table of every member × award type, and
eligibility/{bloc-year}/{department}/{award type}/ one verdict (?on=YYYY-MM-DD judges by the rules of that
day). quotas/{bloc-year}/ lists the places and their use; PUT quotas/{bloc-year}/{award type}/ sets one with
the version read (0 when none): a stale version answers 409.
"""
import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from awards.domain import eligibility, quotas
from awards.domain import rules as services
from awards.domain.queries import rules as queries
from awards.enums import ConditionKind, Recipient
from awards.models import AwardRule, AwardType, RuleSet
from blocs.domain.queries import bloc_years_visible_to, provinces_visible_to
from blocs.models import BlocYear, Department, Province
from emulation.api_base import CharField, ChoiceField, DateField, IntegerField, ModelSerializer, \
    PrimaryKeyRelatedField, RulesViewSet, Serializer

MANAGE, VIEW = "awards.manage_rules", "awards.view_rules"
INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


def _visible(selector):
    return lambda context: selector(context["request"].user)


class DecimalField(serializers.DecimalField):
    default_error_messages = {
        "required": _("Trường này là bắt buộc."), "null": _("Trường này không được để trống."),
        "invalid": _("Cần một số."), "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_digits": _("Không được quá {max_digits} chữ số."),
        "max_decimal_places": _("Không được quá {max_decimal_places} chữ số sau dấu thập phân."),
        "max_whole_digits": _("Không được quá {max_whole_digits} chữ số trước dấu thập phân."),
        "max_string_length": _("Giá trị quá dài."),
    }


class VietnameseListSerializer(serializers.ListSerializer):
    default_error_messages = {"required": _("Trường này là bắt buộc."), "null": _("Trường này không được để trống."),
                              "not_a_list": _("Cần một danh sách."), "empty": _("Danh sách không được rỗng."),
                              "max_length": _("Danh sách quá dài."), "min_length": _("Danh sách quá ngắn.")}


# --- Catalogue ------------------------------------------------------------------------------------------


class AwardTypeSerializer(ModelSerializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), scope=_visible(provinces_visible_to),
                                      noun=_("Tỉnh"))
    recipient = ChoiceField(choices=Recipient.choices, default=Recipient.COLLECTIVE)
    position = IntegerField(min_value=0, max_value=32767, required=False)

    class Meta:
        model = AwardType
        fields = ["id", "province", "code", "name", "recipient", "position"]
        create_only_fields = ["province", "code"]


class ConditionSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = ChoiceField(choices=ConditionKind.choices)
    params = serializers.JSONField(default=dict, help_text=_("Tham số theo loại điều kiện, ví dụ {\"rank\": 3}"))
    description = CharField(max_length=500, allow_blank=True, required=False, default="")

    class Meta:
        list_serializer_class = VietnameseListSerializer


class AwardRuleSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    rule_set = serializers.IntegerField(source="rule_set_id", read_only=True)
    award_type = PrimaryKeyRelatedField(
        queryset=AwardType.objects.none(), noun=_("Hình thức khen thưởng"),
        scope=lambda context: (AwardType.objects.filter(province_id=context["rule_set"].province_id)
                               if "rule_set" in context else AwardType.objects.none()))
    award_type_code = serializers.CharField(source="award_type.code", read_only=True)
    article = CharField(max_length=200, allow_blank=True, required=False, default="")
    cash_multiple = DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, default=0)
    conditions = ConditionSerializer(many=True, required=False)


class RuleSetSerializer(ModelSerializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), scope=_visible(provinces_visible_to),
                                      noun=_("Tỉnh"))
    valid_to = DateField(required=False, allow_null=True, default=None)
    legal_basis = CharField(max_length=5000, allow_blank=True, required=False, default="")

    class Meta:
        model = RuleSet
        fields = ["id", "province", "name", "legal_basis", "valid_from", "valid_to"]
        create_only_fields = ["province"]


class RuleSetDetailSerializer(RuleSetSerializer):
    rules = AwardRuleSerializer(many=True, read_only=True)

    class Meta(RuleSetSerializer.Meta):
        fields = RuleSetSerializer.Meta.fields + ["rules"]


class ProvinceFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(queryset=lambda request: provinces_visible_to(request.user),
                                                error_messages=INVALID_CHOICE)


class AwardTypeFilter(ProvinceFilter):
    class Meta:
        model = AwardType
        fields = ["province"]


class RuleSetFilter(ProvinceFilter):
    class Meta:
        model = RuleSet
        fields = ["province"]


@extend_schema(tags=["award-rules"])
class AwardTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = AwardTypeSerializer
    selector = staticmethod(queries.award_types_visible_to)
    permission_rules = {"list": None, "retrieve": VIEW, "create": MANAGE, "partial_update": MANAGE}
    filterset_class = AwardTypeFilter
    ordering_fields = ["position", "name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request):
        data = self.validated(data=request.data)
        self.check_object_permissions(request, data["province"])
        award_type = services.create_award_type(user=request.user, **data)
        return self.respond(AwardTypeSerializer, award_type, status=201)

    def partial_update(self, request, pk=None):
        award_type = self.get_object()
        data = self.validated(award_type, data=request.data, partial=True)
        services.update_award_type(award_type=award_type, name=data.get("name", award_type.name),
                                   recipient=data.get("recipient", award_type.recipient),
                                   position=data.get("position", award_type.position), user=request.user)
        return self.respond(AwardTypeSerializer, award_type)


@extend_schema(tags=["award-rules"])
@extend_schema_view(retrieve=extend_schema(responses=RuleSetDetailSerializer,
                                           summary=_("Bộ quy định, kèm quy định xét tặng và điều kiện")))
class RuleSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = RuleSetSerializer
    selector = staticmethod(queries.rule_sets_visible_to)
    permission_rules = {"list": None, "retrieve": VIEW, "create": MANAGE, "partial_update": MANAGE,
                        "destroy": MANAGE, "add_rule": MANAGE}
    filterset_class = RuleSetFilter
    ordering_fields = ["valid_from", "name", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "retrieve":
            return queries.rule_set_detail_queryset(self.request.user)
        return super().get_queryset()

    def retrieve(self, request, pk=None):
        return self.respond(RuleSetDetailSerializer, self.get_object())

    def create(self, request):
        data = self.validated(data=request.data)
        self.check_object_permissions(request, data["province"])
        rule_set = services.create_rule_set(user=request.user, **data)
        return self.respond(RuleSetSerializer, rule_set, status=201)

    def partial_update(self, request, pk=None):
        rule_set = self.get_object()
        data = self.validated(rule_set, data=request.data, partial=True)
        values = {f: data.get(f, getattr(rule_set, f)) for f in ("name", "valid_from", "valid_to", "legal_basis")}
        services.update_rule_set(rule_set=rule_set, user=request.user, **values)
        return self.respond(RuleSetSerializer, rule_set)

    def destroy(self, request, pk=None):
        services.delete_rule_set(rule_set=self.get_object(), user=request.user)
        return self.respond_empty()

    @extend_schema(request=AwardRuleSerializer, responses={201: AwardRuleSerializer},
                   summary=_("Thêm quy định xét tặng một hình thức khen thưởng vào bộ quy định"))
    @action(detail=True, methods=["post"], url_path="rules", url_name="rules")
    def add_rule(self, request, pk=None):
        rule_set = self.get_object()
        data = self.validated(data=request.data, serializer_class=AwardRuleSerializer,
                              extra_context={"rule_set": rule_set})
        rule = services.save_award_rule(rule_set=rule_set, user=request.user, award_type=data["award_type"],
                                        article=data["article"], cash_multiple=data["cash_multiple"],
                                        conditions=data.get("conditions"))
        return self.respond(AwardRuleSerializer, rule, status=201)


@extend_schema(tags=["award-rules"])
class AwardRuleViewSet(mixins.RetrieveModelMixin, RulesViewSet):
    """One award rule; its permissions are those of its rule set."""

    serializer_class = AwardRuleSerializer
    selector = staticmethod(queries.award_rules_visible_to)
    permission_rules = {"retrieve": VIEW, "update": MANAGE, "partial_update": MANAGE, "destroy": MANAGE}
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AwardRule.objects.none()
        return self.selector(self.request.user).prefetch_related("conditions")

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj.rule_set if isinstance(obj, AwardRule) else obj)

    def update(self, request, pk=None, partial=False):
        rule = self.get_object()
        data = self.validated(rule, data=request.data, partial=partial, extra_context={"rule_set": rule.rule_set})
        services.save_award_rule(
            rule_set=rule.rule_set, rule=rule, user=request.user,
            award_type=data.get("award_type", rule.award_type), article=data.get("article", rule.article),
            cash_multiple=data.get("cash_multiple", rule.cash_multiple), conditions=data.get("conditions"))
        return self.respond(AwardRuleSerializer, self.get_queryset().get(pk=rule.pk))

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def destroy(self, request, pk=None):
        services.delete_award_rule(rule=self.get_object(), user=request.user)
        return self.respond_empty()


# --- Eligibility ----------------------------------------------------------------------------------------


class ConditionResultSerializer(Serializer):
    kind = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    met = serializers.BooleanField(read_only=True, allow_null=True, help_text=_("null: chưa có dữ liệu"))
    detail = serializers.CharField(read_only=True)
    params = serializers.JSONField(read_only=True)


class VerdictSerializer(Serializer):
    eligible = serializers.BooleanField(read_only=True, allow_null=True, help_text=_("null: chưa đủ dữ liệu"))
    rule_set = serializers.JSONField(read_only=True, help_text=_("{id, name} của bộ quy định đã áp dụng"))
    article = serializers.CharField(read_only=True)
    award_type = serializers.JSONField(read_only=True)
    department = serializers.JSONField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    judged_on = serializers.DateField(read_only=True)
    conditions = ConditionResultSerializer(many=True, read_only=True)
    summary = serializers.CharField(read_only=True)


class EligibilityRowSerializer(Serializer):
    department = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    verdicts = VerdictSerializer(many=True, read_only=True)


class EligibilityTableSerializer(Serializer):
    bloc_year = serializers.IntegerField(read_only=True)
    rule_set = serializers.JSONField(read_only=True)
    judged_on = serializers.DateField(read_only=True)
    award_types = serializers.JSONField(read_only=True)
    rows = EligibilityRowSerializer(many=True, read_only=True)


class JudgedOnSerializer(Serializer):
    on = DateField(required=False, allow_null=True, default=None)


ON_PARAMETER = OpenApiParameter("on", OpenApiTypes.DATE, description=str(
    _("Xét theo quy định có hiệu lực ngày này (mặc định: 31/12 của năm thi đua)")))


class BlocYearViewSet(RulesViewSet):
    """Keyed by the bloc-year's id; the bloc-year must be visible (else 404)."""

    selector = staticmethod(bloc_years_visible_to)
    filter_backends = []
    pagination_class = None
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BlocYear.objects.none()
        return self.selector(self.request.user)

    def _award_type(self, bloc_year, pk):
        award_type = AwardType.objects.filter(province_id=bloc_year.bloc.province_id, pk=pk).first()
        if award_type is None:
            raise Http404
        return award_type


@extend_schema(tags=["eligibility"], parameters=[ON_PARAMETER])
class EligibilityViewSet(BlocYearViewSet):
    serializer_class = EligibilityTableSerializer
    permission_rules = {"retrieve": "awards.view_eligibility", "verdict": "awards.view_eligibility"}

    @extend_schema(summary=_("Điều kiện xét tặng của mọi đơn vị thành viên với mọi hình thức khen thưởng"))
    def retrieve(self, request, pk=None):
        bloc_year = self.get_object()
        table = eligibility.evaluate_bloc_year(bloc_year=bloc_year, on_date=self._on(request))
        return Response(EligibilityTableSerializer({
            "bloc_year": bloc_year.pk, "rule_set": {"id": table.rule_set.pk, "name": table.rule_set.name},
            "judged_on": table.judged_on,
            "award_types": [{"id": t.pk, "code": t.code, "name": t.name} for t in table.award_types],
            "rows": [{"department": pk, "name": name, "verdicts": [v.to_json() for v in verdicts]}
                     for pk, name, verdicts in table.rows]}).data)

    @extend_schema(responses=VerdictSerializer, operation_id="v1_eligibility_verdict",
                   summary=_("Kết luận của một đơn vị với một hình thức khen thưởng"))
    @action(detail=True, methods=["get"], url_path=r"(?P<department_pk>[0-9]+)/(?P<award_type_pk>[0-9]+)",
            url_name="verdict")
    def verdict(self, request, pk=None, department_pk=None, award_type_pk=None):
        bloc_year = self.get_object()
        department = Department.objects.filter(province_id=bloc_year.bloc.province_id, pk=department_pk).first()
        if department is None:
            raise Http404
        verdict = eligibility.evaluate(department=department, bloc_year=bloc_year, on_date=self._on(request),
                                       award_type=self._award_type(bloc_year, award_type_pk))
        return Response(VerdictSerializer(verdict.to_json()).data)

    def _on(self, request):
        return self.validated(data={"on": request.query_params.get("on") or None},
                              serializer_class=JudgedOnSerializer)["on"]


# --- Quotas ---------------------------------------------------------------------------------------------


class QuotaUsageSerializer(Serializer):
    award_type = serializers.IntegerField(source="award_type.pk", read_only=True)
    award_type_code = serializers.CharField(source="award_type.code", read_only=True)
    award_type_name = serializers.CharField(source="award_type.name", read_only=True)
    places = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("null: chưa giao chỉ tiêu"))
    submitted = serializers.IntegerField(read_only=True, help_text=_("Đang chờ Ban xem xét hoặc đã chấp thuận"))
    approved = serializers.IntegerField(read_only=True)
    remaining = serializers.IntegerField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text=_("Gửi lại khi đặt chỉ tiêu; 0 khi chưa có"))


class QuotaSetSerializer(Serializer):
    places = IntegerField(min_value=0, max_value=quotas.MAX_PLACES)
    version = IntegerField(min_value=0, max_value=2**31 - 1)


@extend_schema(tags=["quotas"])
class QuotaViewSet(BlocYearViewSet):
    serializer_class = QuotaUsageSerializer
    permission_rules = {"retrieve": "awards.view_quota", "set": "awards.set_quota"}

    @extend_schema(responses=QuotaUsageSerializer(many=True),
                   summary=_("Chỉ tiêu và số đề nghị của năm thi đua, theo hình thức khen thưởng"))
    def retrieve(self, request, pk=None):
        usage = quotas.quota_usage(bloc_year=self.get_object())
        return Response(QuotaUsageSerializer(usage, many=True).data)

    @extend_schema(request=QuotaSetSerializer, responses=QuotaUsageSerializer,
                   summary=_("Đặt chỉ tiêu một hình thức khen thưởng (kiểm tra phiên bản; 0 khi chưa có)"))
    @action(detail=True, methods=["put"], url_path=r"(?P<award_type_pk>[0-9]+)", url_name="set")
    def set(self, request, pk=None, award_type_pk=None):
        bloc_year = self.get_object()
        award_type = self._award_type(bloc_year, award_type_pk)
        data = self.validated(data=request.data, serializer_class=QuotaSetSerializer)
        quotas.set_quota(bloc_year=bloc_year, award_type=award_type, places=data["places"],
                         expected_version=data["version"], user=request.user)
        row = next(u for u in quotas.quota_usage(bloc_year=bloc_year) if u.award_type.pk == award_type.pk)
        return Response(QuotaUsageSerializer(row).data)


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("award-types", AwardTypeViewSet, basename="award-type")
    router.register("rule-sets", RuleSetViewSet, basename="rule-set")
    router.register("award-rules", AwardRuleViewSet, basename="award-rule")
    router.register("eligibility", EligibilityViewSet, basename="eligibility")
    router.register("quotas", QuotaViewSet, basename="quota")

