"""API of the user's own notifications (/api/v1/notifications/): list (filter `unread`), read one, mark one
or all read. Nobody sees another user's notifications: they are out of reach (404)."""
import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from emulation.api_base import ModelSerializer, RulesViewSet
from notifications.domain import queries, services
from notifications.models import Notification


class NotificationSerializer(ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "emailed_at"]
        read_only_fields = fields


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", error_messages={
        "invalid": _("Cần giá trị đúng hoặc sai (true/false).")})

    class Meta:
        model = Notification
        fields = ["unread"]


@extend_schema(tags=["notifications"])
@extend_schema_view(list=extend_schema(summary=_("Thông báo của bạn, mới nhất trước")),
                    retrieve=extend_schema(summary=_("Một thông báo của bạn")))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = NotificationSerializer
    selector = staticmethod(queries.notifications_of)
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id"]
    search_fields = ["title"]
    permission_rules = {"list": None, "retrieve": "notifications.view_notification",
                        "read": "notifications.view_notification", "read_all": None}

    @extend_schema(request=None, responses=NotificationSerializer, summary=_("Đánh dấu đã đọc"))
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = services.mark_read(notification=self.get_object(), user=request.user)
        return self.respond(NotificationSerializer, notification)

    @extend_schema(request=None, responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
                   summary=_("Đánh dấu mọi thông báo là đã đọc"))
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(user=request.user)})


def register(router):
    router.register("notifications", NotificationViewSet, basename="notification")
