"""Shapes of the organisation objects in the API, with Vietnamese messages.

Serializers validate shape only and never save: the views pass `validated_data` to blocs/domain/services.
A reference by id resolves within what the user may see, so an object out of reach reads "không tồn tại".
"""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from blocs.domain.queries import bloc_years_visible_to, blocs_visible_to, departments_visible_to, \
    provinces_visible_to
from blocs.enums import BlocKind, Phase
from blocs.models import Bloc, BlocYear, Conference, Department, Membership, Province
from emulation.api_base import CharField, ChoiceField, IntegerField, ModelSerializer, PrimaryKeyRelatedField, \
    Serializer


def _visible(selector):
    return lambda context: selector(context["request"].user)


def _departments_of_bloc_year_province(context):
    """Units a bloc-year may take as member, leader or deputy: those of its province."""
    return Department.objects.filter(province_id=context["bloc_year"].bloc.province_id)


def _department_field(scope, **kwargs):
    return PrimaryKeyRelatedField(queryset=Department.objects.none(), scope=scope, noun=_("Đơn vị"), **kwargs)


class ProvinceSerializer(ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "name", "code", "board_name"]
        read_only_fields = fields


class DepartmentSerializer(ModelSerializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), scope=_visible(provinces_visible_to),
                                      noun=_("Tỉnh"))
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Department
        fields = ["id", "province", "name", "short_name", "kind", "kind_label", "is_illustrative",
                  "successor", "succession_kind", "dissolved_on", "is_active"]
        read_only_fields = ["is_illustrative", "successor", "succession_kind", "dissolved_on"]
        create_only_fields = ["province"]


class BlocSerializer(ModelSerializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), scope=_visible(provinces_visible_to),
                                      noun=_("Tỉnh"))
    kind = ChoiceField(choices=BlocKind.choices, default=BlocKind.BLOC)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Bloc
        fields = ["id", "province", "name", "kind", "kind_label", "description", "source"]
        read_only_fields = ["source"]


class BlocYearSerializer(ModelSerializer):
    """A bloc-year as read; on creation only `bloc`, `year` and `copy_members_from` are written."""

    bloc = PrimaryKeyRelatedField(queryset=Bloc.objects.none(), scope=_visible(blocs_visible_to),
                                  noun=_("Khối thi đua"))
    bloc_name = serializers.CharField(source="bloc.name", read_only=True)
    province = serializers.IntegerField(source="bloc.province_id", read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, allow_null=True)
    deputy_name = serializers.CharField(source="deputy.name", read_only=True, allow_null=True)
    copy_members_from = PrimaryKeyRelatedField(
        queryset=BlocYear.objects.none(), scope=_visible(bloc_years_visible_to), noun=_("Năm thi đua"),
        write_only=True, required=False, allow_null=True,
        help_text=_("Năm thi đua (cùng khối) để chép danh sách thành viên."))

    class Meta:
        model = BlocYear
        fields = ["id", "bloc", "bloc_name", "province", "year", "phase", "phase_label", "leader", "leader_name",
                  "deputy", "deputy_name", "theme", "notes", "version", "copy_members_from"]
        read_only_fields = ["phase", "leader", "deputy", "theme", "notes", "version"]


class LeadershipSerializer(Serializer):
    """Leader and deputy (ids of member units, or null); an omitted one stays as it is."""

    leader = _department_field(_departments_of_bloc_year_province, required=False, allow_null=True)
    deputy = _department_field(_departments_of_bloc_year_province, required=False, allow_null=True)
    theme = CharField(required=False, allow_blank=True, max_length=2000)
    version = IntegerField(min_value=1, help_text=_("Phiên bản đã đọc (bắt buộc); khác hiện tại thì trả 409."))


class PhaseChangeSerializer(Serializer):
    phase = ChoiceField(choices=Phase.choices)
    version = IntegerField(min_value=1, help_text=_("Phiên bản đã đọc; khác hiện tại thì trả 409."))


class MembershipSerializer(ModelSerializer):
    department = _department_field(_departments_of_bloc_year_province)

    class Meta:
        model = Membership
        fields = ["id", "bloc_year", "department", "year", "name_at_time", "joined_on"]
        read_only_fields = ["bloc_year", "year", "name_at_time"]


class ConferenceSerializer(ModelSerializer):
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), scope=_visible(bloc_years_visible_to),
                                       noun=_("Năm thi đua"))
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    host = _department_field(_visible(departments_visible_to), required=False, allow_null=True)
    host_name = serializers.CharField(source="host.name", read_only=True, allow_null=True)

    class Meta:
        model = Conference
        fields = ["id", "bloc_year", "kind", "kind_label", "date", "host", "host_name", "place", "notes"]
        create_only_fields = ["bloc_year"]
