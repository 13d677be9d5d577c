"""Shapes of accounts and API tokens; role and unit rules stay in accounts/domain/services.py."""
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.enums import Role
from accounts.models import User
from blocs.domain.queries import blocs_visible_to, departments_visible_to, provinces_visible_to
from blocs.models import Bloc, Department, Province
from emulation.api_base import CharField, ChoiceField, ModelSerializer, PrimaryKeyRelatedField, Serializer

# Django's Vietnamese catalogue lacks the plural form of this one message.
PASSWORD_MESSAGES = {"password_too_short": _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.")}


def _visible(selector):
    return lambda context: selector(context["request"].user)


def _unit_field(model, selector, noun):
    return PrimaryKeyRelatedField(queryset=model.objects.none(), scope=_visible(selector), noun=noun,
                                  required=False, allow_null=True)


class AccountSerializer(ModelSerializer):
    username = CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    password = CharField(write_only=True, max_length=128, trim_whitespace=False, style={"input_type": "password"},
                         help_text=_("Bắt buộc khi tạo; khi sửa, bỏ trống nếu không đổi mật khẩu."))
    role = ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    province = _unit_field(Province, provinces_visible_to, _("Tỉnh"))
    department = _unit_field(Department, departments_visible_to, _("Đơn vị"))
    bloc = _unit_field(Bloc, blocs_visible_to, _("Khối thi đua"))

    class Meta:
        model = User
        fields = ["id", "username", "password", "first_name", "last_name", "email", "position", "role",
                  "role_label", "province", "department", "bloc", "is_active", "last_login"]
        read_only_fields = ["is_active", "last_login"]
        create_only_fields = ["username"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["password"].required = False
        return fields

    def validate_password(self, value):
        try:
            validate_password(value, user=self.instance)
        except DjangoValidationError as exc:
            raise serializers.ValidationError([
                PASSWORD_MESSAGES[e.code] % e.params if e.code in PASSWORD_MESSAGES else e.messages[0]
                for e in exc.error_list]) from None
        return value


class TokenRequestSerializer(Serializer):
    username = CharField(max_length=150)
    password = CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(Serializer):
    token = serializers.CharField(read_only=True)
