"""API of the pledge area (/api/v1/): a bloc-year's pledge, its members' targets and signatures, and the
amendments of a frozen scale.

`pledges/{bloc_year_id}/` is the pledge of that bloc-year (version 0 while nobody has drafted it: a PUT
with version 0 creates it). Reads go through scoring/domain/queries/pledges.py, writes through
scoring/domain/pledges.py; permissions are the scoring.* rules, with the department as object for
registering targets and signing.
"""
import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from blocs.domain.queries import bloc_years_visible_to
from blocs.models import BlocYear, Conference, Department
from emulation.api_base import BooleanField, CharField, IntegerField, ModelSerializer, \
    PrimaryKeyRelatedField, RulesViewSet, Serializer, VietnameseMessages
from scoring.domain import pledges as services
from scoring.domain.queries import pledges as queries
from scoring.enums import AmendmentStatus
from scoring.models import ScaleAmendment, ScoringScale

VERSION_HELP = _("Phiên bản đã đọc (0 khi chưa có); khác hiện tại thì trả 409.")


class JSONField(VietnameseMessages, serializers.JSONField):
    default_error_messages = {"invalid": _("Giá trị phải là JSON hợp lệ.")}


# --- shapes ---------------------------------------------------------------------------------------------

class ScaleSummarySerializer(Serializer):
    id = serializers.IntegerField(source="scale.pk")
    name = serializers.CharField(source="scale.name")
    total = serializers.DecimalField(source="scale.total", max_digits=8, decimal_places=2)
    bonus_cap = serializers.DecimalField(source="scale.bonus_cap", max_digits=8, decimal_places=2)
    status = serializers.CharField(source="scale.status")
    status_label = serializers.CharField(source="scale.get_status_display")
    groups = serializers.IntegerField()
    criteria = serializers.IntegerField()


class PledgeMemberSerializer(Serializer):
    department = serializers.IntegerField(source="department.pk")
    name = serializers.CharField(source="membership.name_at_time")
    is_leader = serializers.BooleanField()
    is_deputy = serializers.BooleanField()
    targets = serializers.CharField(source="registration.targets", allow_null=True)
    targets_version = serializers.SerializerMethodField(help_text=_("Phiên bản chỉ tiêu (0 khi chưa đăng ký)."))
    registered_by = serializers.IntegerField(source="registration.registered_by_id", allow_null=True)
    registered_at = serializers.DateTimeField(source="registration.registered_at", allow_null=True)
    signed_by = serializers.IntegerField(source="signature.signed_by_id", allow_null=True)
    signed_by_name = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField(source="signature.signed_at", allow_null=True)

    @extend_schema_field(OpenApiTypes.INT)
    def get_targets_version(self, row):
        return row.registration.version if row.registration else 0

    @extend_schema_field(OpenApiTypes.STR)
    def get_signed_by_name(self, row):
        if row.signature is None:
            return None
        user = row.signature.signed_by
        return user.get_full_name() or user.username


class PledgeSerializer(Serializer):
    """The pledge of a bloc-year as read (status null while nobody has drafted it)."""

    bloc_year = serializers.IntegerField(source="bloc_year.pk")
    status = serializers.CharField(source="pledge.status", allow_null=True)
    status_label = serializers.CharField(source="pledge.get_status_display", allow_null=True)
    theme = serializers.CharField(source="pledge.theme", allow_null=True)
    contents = serializers.CharField(source="pledge.contents", allow_null=True)
    conference = serializers.IntegerField(source="pledge.conference_id", allow_null=True)
    signed_at = serializers.DateTimeField(source="pledge.signed_at", allow_null=True)
    version = serializers.IntegerField()
    scale = ScaleSummarySerializer(allow_null=True)
    members = PledgeMemberSerializer(many=True)


class PledgeWriteSerializer(Serializer):
    theme = CharField(allow_blank=True, max_length=services.THEME_MAX)
    contents = CharField(allow_blank=True, max_length=services.CONTENTS_MAX)
    conference = PrimaryKeyRelatedField(queryset=Conference.objects.none(), noun=_("Hội nghị"), required=False,
                                        allow_null=True, scope=lambda context: context["bloc_year"].conferences.all())
    version = IntegerField(min_value=0, help_text=VERSION_HELP)


class PledgePatchSerializer(PledgeWriteSerializer):
    """A partial change: what is left out stays as it is; the version is still required."""

    theme = CharField(allow_blank=True, max_length=services.THEME_MAX, required=False)
    contents = CharField(allow_blank=True, max_length=services.CONTENTS_MAX, required=False)


class TargetsSerializer(Serializer):
    targets = CharField(max_length=services.TARGETS_MAX)
    version = IntegerField(min_value=0, help_text=VERSION_HELP)


class SignSerializer(Serializer):
    department = PrimaryKeyRelatedField(
        queryset=Department.objects.none(), noun=_("Đơn vị thành viên"), required=False,
        scope=lambda context: Department.objects.filter(memberships__bloc_year=context["bloc_year"]),
        help_text=_("Đơn vị ký (mặc định: đơn vị của người ký)."))


class AmendmentSerializer(ModelSerializer):
    scale = PrimaryKeyRelatedField(
        queryset=ScoringScale.objects.none(), noun=_("Thang điểm"),
        scope=lambda context: ScoringScale.objects.filter(
            bloc_year__in=bloc_years_visible_to(context["request"].user).values("pk")))
    bloc_year = serializers.IntegerField(source="scale.bloc_year_id", read_only=True)
    change = JSONField(help_text=_("Thay đổi áp dụng vào thang điểm khi được duyệt (đối tượng JSON)."))
    reason = CharField(max_length=services.REASON_MAX)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ScaleAmendment
        fields = ["id", "scale", "bloc_year", "change", "reason", "status", "status_label", "requested_by",
                  "requested_at", "decided_by", "decided_at", "decision_note"]
        read_only_fields = ["status", "requested_by", "requested_at", "decided_by", "decided_at",
                            "decision_note"]


class DecisionSerializer(Serializer):
    approve = BooleanField(help_text=_("true: duyệt và áp dụng; false: không duyệt (cần ghi chú)."))
    note = CharField(required=False, allow_blank=True, max_length=services.REASON_MAX, default="")


# --- views ----------------------------------------------------------------------------------------------

@extend_schema(tags=["pledges"])
@extend_schema_view(
    retrieve=extend_schema(summary=_("Giao ước của năm thi đua (mã là mã năm thi đua)")),
    update=extend_schema(request=PledgeWriteSerializer, responses=PledgeSerializer,
                         summary=_("Soạn hoặc sửa giao ước (kiểm tra phiên bản; 0 để tạo mới)")),
    partial_update=extend_schema(request=PledgePatchSerializer, responses=PledgeSerializer,
                                 summary=_("Sửa một phần giao ước (kiểm tra phiên bản)")),
)
class PledgeViewSet(RulesViewSet):
    serializer_class = PledgeSerializer
    selector = staticmethod(queries.pledge_bloc_years)
    filter_backends = []
    permission_rules = {"retrieve": "scoring.view_pledge", "update": "scoring.change_pledge",
                        "partial_update": "scoring.change_pledge", "open": "scoring.change_pledge",
                        "targets": "scoring.view_pledge", "register_targets": "scoring.view_pledge",
                        "sign": "scoring.view_pledge"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BlocYear.objects.none()
        return self.selector(self.request.user)

    def retrieve(self, request, pk=None):
        return self._state(self.get_object())

    def update(self, request, pk=None, partial=False):
        bloc_year = self.get_object()
        data = self._validated(PledgePatchSerializer if partial else PledgeWriteSerializer, bloc_year, request.data)
        pledge = queries.pledge_of(bloc_year)
        current = {"theme": getattr(pledge, "theme", bloc_year.theme), "contents": getattr(pledge, "contents", ""),
                   "conference": getattr(pledge, "conference", None)}
        services.save_pledge(bloc_year=bloc_year, expected_version=data["version"], user=request.user,
                             **{name: data.get(name, value) for name, value in current.items()})
        return self._state(bloc_year)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses=PledgeSerializer, summary=_("Mở ký kết giao ước"))
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        bloc_year = self.get_object()
        services.open_pledge_for_signing(pledge=self._pledge(bloc_year), user=request.user)
        return self._state(bloc_year)

    @extend_schema(responses=PledgeMemberSerializer(many=True),
                   summary=_("Chỉ tiêu đăng ký và chữ ký của từng đơn vị thành viên"))
    @action(detail=True, methods=["get"])
    def targets(self, request, pk=None):
        state = queries.pledge_state(bloc_year=self.get_object())
        return Response(PledgeMemberSerializer(state.members, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=TargetsSerializer, responses=PledgeSerializer,
                   summary=_("Đăng ký chỉ tiêu của một đơn vị thành viên (kiểm tra phiên bản; 0 lần đầu)"))
    @action(detail=True, methods=["put"], url_path=r"targets/(?P<department_pk>[0-9]+)",
            url_name="register-targets")
    def register_targets(self, request, pk=None, department_pk=None):
        bloc_year = self.get_object()
        department = self._member(bloc_year, department_pk)
        if not services.may_register_targets(request.user, bloc_year=bloc_year, department=department):
            raise PermissionDenied(_("Bạn không được đăng ký chỉ tiêu cho đơn vị này."))
        data = self.validated(data=request.data, serializer_class=TargetsSerializer)
        services.register_targets(pledge=self._pledge(bloc_year), department=department, targets=data["targets"],
                                  expected_version=data["version"], user=request.user)
        return self._state(bloc_year)

    @extend_schema(request=SignSerializer, responses={201: PledgeSerializer},
                   summary=_("Thủ trưởng đơn vị ký giao ước (một lần)"))
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        bloc_year = self.get_object()
        data = self._validated(SignSerializer, bloc_year, request.data)
        department = data.get("department") or self._own_member(bloc_year, request.user)
        if department is None or not services.may_sign(request.user, department):
            raise PermissionDenied(_("Chỉ thủ trưởng của đơn vị mới được ký giao ước thay mặt đơn vị."))
        services.sign_pledge(pledge=self._pledge(bloc_year), department=department, user=request.user)
        return self._state(bloc_year, status=201)

    def _validated(self, serializer_class, bloc_year, data):
        return self.validated(data=data, serializer_class=serializer_class, extra_context={"bloc_year": bloc_year})

    @staticmethod
    def _member(bloc_year, department_pk):
        membership = queries.member_of(bloc_year=bloc_year, department_pk=department_pk)
        if membership is None:
            raise Http404
        return membership.department

    @staticmethod
    def _own_member(bloc_year, user):
        membership = queries.member_of(bloc_year=bloc_year, department_pk=user.department_id or 0)
        return membership.department if membership else None

    @staticmethod
    def _pledge(bloc_year):
        pledge = queries.pledge_of(bloc_year)
        if pledge is None:
            raise ValidationError(_("Khối chưa soạn giao ước thi đua."))
        return pledge

    def _state(self, bloc_year, status=200):
        fresh = self.get_queryset().get(pk=bloc_year.pk)
        return self.respond(PledgeSerializer, queries.pledge_state(bloc_year=fresh), status=status)


class AmendmentFilter(django_filters.FilterSet):
    bloc_year = django_filters.ModelChoiceFilter(
        field_name="scale__bloc_year", queryset=lambda request: bloc_years_visible_to(request.user),
        error_messages={"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")})
    status = django_filters.ChoiceFilter(choices=AmendmentStatus.choices, error_messages={
        "invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")})

    class Meta:
        model = ScaleAmendment
        fields = ["bloc_year", "status"]


@extend_schema(tags=["pledges"])
class ScaleAmendmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = AmendmentSerializer
    selector = staticmethod(queries.amendments_visible_to)
    permission_rules = {"list": None, "retrieve": "scoring.view_pledge", "create": "scoring.request_amendment",
                        "decide": "scoring.approve_amendment"}
    filterset_class = AmendmentFilter
    ordering_fields = ["requested_at", "id"]
    search_fields = ["reason"]

    @extend_schema(summary=_("Đề nghị sửa đổi thang điểm đã khóa"))
    def create(self, request):
        data = self.validated(data=request.data)
        self.check_object_permissions(request, data["scale"])
        amendment = services.request_scale_amendment(user=request.user, **data)
        return self.respond(AmendmentSerializer, amendment, status=201)

    @extend_schema(request=DecisionSerializer, responses=AmendmentSerializer,
                   summary=_("Ban TĐKT duyệt (áp dụng) hoặc không duyệt đề nghị sửa đổi"))
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        amendment = self.get_object()
        data = self.validated(data=request.data, serializer_class=DecisionSerializer)
        amendment = services.decide_scale_amendment(amendment=amendment, approve=data["approve"], note=data["note"],
                                                    user=request.user)
        return self.respond(AmendmentSerializer, amendment)


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("pledges", PledgeViewSet, basename="pledge")
    router.register("scale-amendments", ScaleAmendmentViewSet, basename="scaleamendment")
