"""JSON API for provinces, departments, blocs, bloc-years, members and conferences (/api/v1/).

Each viewset reads through a selector of blocs/domain/queries.py (what the user may see; anything else is
a 404), names the django-rules permission of each action (RulesPermission checks it: 403 when refused),
and writes through blocs/domain/services.py.
"""
import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action

from blocs.domain import services
from blocs.domain.queries import bloc_years_visible_to, blocs_visible_to, conferences_visible_to, \
    departments_visible_to, memberships_visible_to, provinces_visible_to
from blocs.enums import BlocKind, ConferenceKind, DepartmentKind, Phase
from blocs.models import Bloc, BlocYear, Conference, Department
from blocs.serializers import BlocSerializer, BlocYearSerializer, ConferenceSerializer, DepartmentSerializer, \
    LeadershipSerializer, MembershipSerializer, PhaseChangeSerializer, ProvinceSerializer
from emulation.api_base import RulesViewSet

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


def _visible(selector):
    """A filter's choices are what the user may see: another province's ids read as invalid."""
    return lambda request: selector(request.user)


def _choice_filter(choices):
    return django_filters.ChoiceFilter(choices=choices, error_messages=INVALID_CHOICE)


def _model_filter(selector, **kwargs):
    return django_filters.ModelChoiceFilter(queryset=_visible(selector), error_messages=INVALID_CHOICE, **kwargs)


class DepartmentFilter(django_filters.FilterSet):
    province = _model_filter(provinces_visible_to)
    kind = _choice_filter(DepartmentKind.choices)

    class Meta:
        model = Department
        fields = ["province", "kind"]


class BlocFilter(django_filters.FilterSet):
    province = _model_filter(provinces_visible_to)
    kind = _choice_filter(BlocKind.choices)

    class Meta:
        model = Bloc
        fields = ["province", "kind"]


class BlocYearFilter(django_filters.FilterSet):
    bloc = _model_filter(blocs_visible_to)
    year = django_filters.NumberFilter(error_messages={"invalid": _("Năm phải là một số nguyên.")})
    phase = _choice_filter(Phase.choices)

    class Meta:
        model = BlocYear
        fields = ["bloc", "year", "phase"]


class ConferenceFilter(django_filters.FilterSet):
    bloc_year = _model_filter(bloc_years_visible_to)
    kind = _choice_filter(ConferenceKind.choices)

    class Meta:
        model = Conference
        fields = ["bloc_year", "kind"]


@extend_schema(tags=["provinces"])
class ProvinceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ProvinceSerializer
    selector = staticmethod(provinces_visible_to)
    permission_rules = {"list": None, "retrieve": "blocs.view_province"}
    search_fields = ["name"]
    ordering_fields = ["name", "code"]


@extend_schema(tags=["departments"])
class DepartmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = DepartmentSerializer
    selector = staticmethod(departments_visible_to)
    permission_rules = {"list": None, "retrieve": "blocs.view_department", "create": "blocs.add_department",
                        "update": "blocs.change_department", "partial_update": "blocs.change_department"}
    filterset_class = DepartmentFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "short_name", "id"]
    editable_fields = ["name", "short_name", "kind"]

    def create(self, request):
        data = self.validated(data=request.data)
        self.check_object_permissions(request, data["province"])
        department = services.save_department(user=request.user, **data)
        return self.respond(DepartmentSerializer, department, status=201)

    def update(self, request, pk=None, partial=False):
        department = self.get_object()
        data = self.validated(department, data=request.data, partial=partial)
        values = {name: data.get(name, getattr(department, name)) for name in self.editable_fields}
        department = services.save_department(province=department.province, department=department,
                                              user=request.user, **values)
        return self.respond(DepartmentSerializer, department)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


@extend_schema(tags=["blocs"])
class BlocViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = BlocSerializer
    selector = staticmethod(blocs_visible_to)
    permission_rules = {"list": None, "retrieve": "blocs.view_bloc", "create": "blocs.add_bloc"}
    filterset_class = BlocFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id"]

    def create(self, request):
        data = self.validated(data=request.data)
        self.check_object_permissions(request, data["province"])
        bloc = services.create_bloc(user=request.user, **data)
        return self.respond(BlocSerializer, bloc, status=201)


@extend_schema(tags=["bloc-years"])
@extend_schema_view(
    partial_update=extend_schema(request=LeadershipSerializer, responses=BlocYearSerializer,
                                 summary=_("Đặt khối trưởng, khối phó (kiểm tra phiên bản)")),
)
class BlocYearViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = BlocYearSerializer
    selector = staticmethod(bloc_years_visible_to)
    permission_rules = {"list": None, "retrieve": "blocs.view_blocyear", "create": "blocs.add_blocyear",
                        "partial_update": "blocs.change_blocyear", "phase": "blocs.change_blocyear",
                        "members": "blocs.view_blocyear", "add_member": "blocs.manage_members"}
    filterset_class = BlocYearFilter
    search_fields = ["bloc__name"]
    ordering_fields = ["year", "bloc__name", "id"]

    def create(self, request):
        data = self.validated(data=request.data)
        self.check_object_permissions(request, data["bloc"].province)
        bloc_year = services.create_bloc_year(user=request.user, **data)
        return self.respond(BlocYearSerializer, bloc_year, status=201)

    def partial_update(self, request, pk=None):
        bloc_year = self.get_object()
        data = self._validated(LeadershipSerializer, bloc_year, request.data)
        services.set_leadership(
            bloc_year=bloc_year, leader=data.get("leader", bloc_year.leader),
            deputy=data.get("deputy", bloc_year.deputy), theme=data.get("theme"),
            expected_version=data["version"], user=request.user)
        return self.respond(BlocYearSerializer, self.get_queryset().get(pk=bloc_year.pk))

    @extend_schema(request=PhaseChangeSerializer, responses=BlocYearSerializer,
                   summary=_("Chuyển giai đoạn (liền kề; kiểm tra phiên bản)"))
    @action(detail=True, methods=["post"])
    def phase(self, request, pk=None):
        bloc_year = self.get_object()
        data = self._validated(PhaseChangeSerializer, bloc_year, request.data)
        services.change_phase(bloc_year=bloc_year, phase=data["phase"], expected_version=data["version"],
                              user=request.user)
        return self.respond(BlocYearSerializer, self.get_queryset().get(pk=bloc_year.pk))

    @extend_schema(responses=MembershipSerializer(many=True), summary=_("Đơn vị thành viên trong năm"))
    @action(detail=True, methods=["get"], filter_backends=[])
    def members(self, request, pk=None):
        bloc_year = self.get_object()
        page = self.paginate_queryset(bloc_year.memberships.select_related("department").order_by("name_at_time"))
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)

    @extend_schema(request=MembershipSerializer, responses={201: MembershipSerializer},
                   summary=_("Thêm đơn vị thành viên"))
    @members.mapping.post
    def add_member(self, request, pk=None):
        bloc_year = self.get_object()
        data = self._validated(MembershipSerializer, bloc_year, request.data)
        membership = services.add_member(bloc_year=bloc_year, user=request.user, **data)
        return self.respond(MembershipSerializer, membership, status=201)

    def _validated(self, serializer_class, bloc_year, data):
        """References to units resolve among those of the bloc-year's province."""
        return self.validated(data=data, serializer_class=serializer_class, extra_context={"bloc_year": bloc_year})


@extend_schema(tags=["bloc-years"])
class MembershipViewSet(mixins.RetrieveModelMixin, RulesViewSet):
    """One membership; it is added through `bloc-years/{id}/members/`."""

    serializer_class = MembershipSerializer
    selector = staticmethod(memberships_visible_to)
    permission_rules = {"retrieve": None, "destroy": "blocs.manage_members"}
    filter_backends = []

    @extend_schema(summary=_("Xóa đơn vị khỏi khối trong năm"))
    def destroy(self, request, pk=None):
        services.remove_member(membership=self.get_object(), user=request.user)
        return self.respond_empty()


@extend_schema(tags=["conferences"])
class ConferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ConferenceSerializer
    selector = staticmethod(conferences_visible_to)
    manage = "blocs.manage_conferences"
    permission_rules = {"list": None, "retrieve": "blocs.view_conference", "create": manage,
                        "update": manage, "partial_update": manage, "destroy": manage}
    filterset_class = ConferenceFilter
    ordering_fields = ["date", "id"]

    def create(self, request):
        data = dict(self.validated(data=request.data))
        bloc_year = data.pop("bloc_year")
        self.check_object_permissions(request, bloc_year)
        conference = services.save_conference(bloc_year=bloc_year, user=request.user, **data)
        return self.respond(ConferenceSerializer, conference, status=201)

    def update(self, request, pk=None, partial=False):
        conference = self.get_object()
        data = self.validated(conference, data=request.data, partial=partial)
        conference = services.save_conference(bloc_year=conference.bloc_year, conference=conference,
                                              user=request.user, **data)
        return self.respond(ConferenceSerializer, conference)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def destroy(self, request, pk=None):
        services.delete_conference(conference=self.get_object(), user=request.user)
        return self.respond_empty()
