"""The user's notifications ("waiting for you"): the list, and marking one or all of them read (POST)."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View
from django.views.generic.detail import SingleObjectMixin

from emulation.views_base import ScopedObjectMixin
from notifications.domain import queries, services


class NotificationListView(ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return queries.notifications_of(self.request.user)

    def get_context_data(self, **kwargs):
        kwargs["unread"] = queries.unread_count(self.request.user)
        return super().get_context_data(**kwargs)


class MarkReadView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST only: mark one of the user's notifications read, then go to its page (`next=open`) or back."""

    permission_required = "notifications.view_notification"
    http_method_names = ["post"]
    scope = staticmethod(queries.notifications_of)

    def post(self, request, *args, **kwargs):
        notification = self.get_permission_object()
        services.mark_read(notification=notification, user=request.user)
        target = notification.url if request.POST.get("next") == "open" else ""
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("notifications:list")


class MarkAllReadView(View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = services.mark_all_read(user=request.user)
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
        return redirect("notifications:list")


urlpatterns = [
    path("", NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", MarkReadView.as_view(), name="mark_read"),
    path("read-all/", MarkAllReadView.as_view(), name="mark_all_read"),
]
