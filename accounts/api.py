"""JSON API for accounts (/api/v1/users/) and API tokens (/api/v1/auth/token/).

The Board manages the accounts of its province and superusers manage all (accounts/rules.py); anyone
signed in reads their own account at `users/me/`. Writes go through accounts/domain/services.py.
"""
import django_filters
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.domain import services, tokens
from accounts.domain.queries import users_visible_to
from accounts.enums import Role
from accounts.models import User
from accounts.serializers import AccountSerializer, TokenRequestSerializer, TokenSerializer
from emulation.api_base import RulesViewSet, VietnameseErrorsMixin


class AccountFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices,
                                       error_messages={"invalid_choice": _("Vai trò không hợp lệ.")})

    class Meta:
        model = User
        fields = ["role", "is_active"]


@extend_schema(tags=["users"])
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = AccountSerializer
    selector = staticmethod(users_visible_to)
    change = "accounts.change_user"
    permission_rules = {"list": None, "create": None, "retrieve": change, "update": change,
                        "partial_update": change, "deactivate": change, "me": None}
    global_rules = {"list": "accounts.manage_accounts", "create": "accounts.manage_accounts"}
    filterset_class = AccountFilter
    search_fields = ["username", "first_name", "last_name", "department__name"]
    ordering_fields = ["username", "role", "last_login", "id"]

    def get_queryset(self):
        return super().get_queryset().order_by("username")

    def create(self, request):
        data = self.validated(data=request.data)  # units resolve within the manager's reach
        account = services.create_account(manager=request.user, **data)
        return self.respond(AccountSerializer, account, status=201)

    def update(self, request, pk=None, partial=False):
        account = self.get_object()
        data = self.validated(account, data=request.data, partial=partial)
        account = services.update_account(manager=request.user, account=account, **data)
        return self.respond(AccountSerializer, account)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, summary=_("Khóa tài khoản"))
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        account = services.update_account(manager=request.user, account=self.get_object(), is_active=False)
        return self.respond(AccountSerializer, account)

    @extend_schema(summary=_("Tài khoản của tôi"))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def me(self, request):
        return self.respond(AccountSerializer, request.user)


@extend_schema(tags=["auth"])
class ObtainTokenView(VietnameseErrorsMixin, APIView):
    """Exchange a username and password for the account's API token (header `Authorization: Token …`)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    metadata_class = None

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer, summary=_("Lấy token API"))
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # django-axes counts failures and locks out on the Django request, not on DRF's wrapper.
        user = authenticate(request._request, **credentials.validated_data)
        if user is None:
            raise ValidationError(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        token = tokens.issue_token(user=user)
        return Response({"token": token.key})
