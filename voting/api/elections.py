"""API of elections of next year's leader and deputy (/api/v1/elections/): list, read, start (create),
enter the rotation's units, a new round when one ended without a winner, close (creates next year)."""
import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from blocs.domain.queries import bloc_years_visible_to, departments_visible_to
from blocs.models import BlocYear, Department
from emulation.api_base import CharField, ChoiceField, DateField, PrimaryKeyRelatedField, RulesViewSet, Serializer
from voting.api.rounds import INVALID_CHOICE, RoundDetailSerializer
from voting.domain import elections
from voting.domain.queries import elections as queries
from voting.domain.queries import rounds as round_queries
from voting.enums import ElectionMethod, ElectionStatus, RoundPurpose
from voting.models import Election


def _department_field(noun, **kwargs):
    return PrimaryKeyRelatedField(queryset=Department.objects.none(), noun=noun,
                                  scope=lambda context: departments_visible_to(context["request"].user), **kwargs)


class ElectionSerializer(Serializer):
    id = serializers.IntegerField()
    bloc_year = serializers.IntegerField(source="bloc_year_id")
    method = serializers.CharField()
    method_label = serializers.CharField(source="get_method_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    leader_round = serializers.IntegerField(source="leader_round_id", allow_null=True)
    deputy_round = serializers.IntegerField(source="deputy_round_id", allow_null=True)
    leader = serializers.IntegerField(source="leader_id", allow_null=True)
    deputy = serializers.IntegerField(source="deputy_id", allow_null=True)
    next_bloc_year = serializers.IntegerField(source="next_bloc_year_id", allow_null=True)
    flag_handed_over_on = serializers.DateField(allow_null=True)
    flag_note = serializers.CharField()
    closed_by = serializers.IntegerField(source="closed_by_id", allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class StartSerializer(Serializer):
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), noun=_("Năm thi đua"),
                                       scope=lambda context: bloc_years_visible_to(context["request"].user))
    method = ChoiceField(choices=ElectionMethod.choices)
    leader = _department_field(_("Đơn vị"), required=False, allow_null=True)
    deputy = _department_field(_("Đơn vị"), required=False, allow_null=True)


class RotationSerializer(Serializer):
    leader = _department_field(_("Đơn vị"))
    deputy = _department_field(_("Đơn vị"))


class NewRoundSerializer(Serializer):
    purpose = ChoiceField(choices=[(RoundPurpose.LEADER, RoundPurpose.LEADER.label),
                                   (RoundPurpose.DEPUTY, RoundPurpose.DEPUTY.label)])


class CloseSerializer(Serializer):
    flag_handed_over_on = DateField(required=False, allow_null=True, default=None)
    flag_note = CharField(required=False, allow_blank=True, max_length=elections.NOTE_MAX, default="")


class ElectionFilter(django_filters.FilterSet):
    bloc_year = django_filters.ModelChoiceFilter(queryset=lambda request: bloc_years_visible_to(request.user),
                                                 error_messages=INVALID_CHOICE)
    status = django_filters.ChoiceFilter(choices=ElectionStatus.choices, error_messages=INVALID_CHOICE)


@extend_schema(tags=["elections"])
class ElectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ElectionSerializer
    selector = staticmethod(queries.elections_visible_to)
    permission_rules = {"list": None, "retrieve": "voting.view_election", "create": "voting.manage_election",
                        "rotation": "voting.manage_election", "new_round": "voting.manage_election",
                        "close": "voting.manage_election"}
    filterset_class = ElectionFilter
    search_fields = []
    ordering_fields = ["id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Election.objects.none()
        return self.selector(self.request.user).order_by("id")

    @extend_schema(request=StartSerializer, responses={201: ElectionSerializer},
                   summary=_("Bắt đầu bầu khối trưởng, khối phó năm sau (bỏ phiếu kín hoặc luân phiên)"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=StartSerializer)
        self.check_object_permissions(request, data["bloc_year"])
        election = elections.start_election(user=request.user, **data)
        return self.respond(ElectionSerializer, election, status=201)

    @extend_schema(request=RotationSerializer, responses=ElectionSerializer,
                   summary=_("Nhập khối trưởng, khối phó đã thống nhất luân phiên"))
    @action(detail=True, methods=["post"])
    def rotation(self, request, pk=None):
        election = self.get_object()
        data = self.validated(data=request.data, serializer_class=RotationSerializer)
        return self.respond(ElectionSerializer, elections.record_rotation(election=election, user=request.user,
                                                                          **data))

    @extend_schema(request=NewRoundSerializer, responses={201: RoundDetailSerializer},
                   summary=_("Tạo vòng bầu mới khi vòng trước không có đơn vị trúng cử"))
    @action(detail=True, methods=["post"], url_path="new-round", url_name="new-round")
    def new_round(self, request, pk=None):
        election = self.get_object()
        data = self.validated(data=request.data, serializer_class=NewRoundSerializer)
        created = elections.new_election_round(election=election, purpose=data["purpose"], user=request.user)
        fresh = round_queries.with_counts(round_queries.rounds_visible_to(request.user)).prefetch_related(
            "candidates__department", "bloc_year__memberships").get(pk=created.pk)
        return self.respond(RoundDetailSerializer, fresh, status=201)

    @extend_schema(request=CloseSerializer, responses=ElectionSerializer,
                   summary=_("Kết thúc bầu: tạo năm thi đua sau với khối trưởng, khối phó; ghi bàn giao cờ"))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        election = self.get_object()
        data = self.validated(data=request.data, serializer_class=CloseSerializer)
        return self.respond(ElectionSerializer, elections.close_election(election=election, user=request.user,
                                                                         **data))


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("elections", ElectionViewSet, basename="election")
