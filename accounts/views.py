"""Account management for the Board and superusers."""
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from accounts.domain import services
from accounts.domain.queries import users_visible_to
from accounts.enums import Role
from accounts.forms import AccountForm
from emulation.listing import SearchSortMixin
from emulation.views_base import DomainFormView


class UserListView(PermissionRequiredMixin, SearchSortMixin, ListView):
    permission_required = "accounts.manage_accounts"
    raise_exception = True
    template_name = "accounts/user_list.html"
    context_object_name = "accounts"
    search_fields = ["username", "first_name", "last_name", "department__name"]
    sort_fields = {"username": "username", "role": "role", "department": "department__name",
                   "last_login": "last_login"}
    default_sort = "username"

    def get_queryset(self):
        qs = users_visible_to(self.request.user)
        role = self.request.GET.get("role")
        if role in Role.values:
            qs = qs.filter(role=role)
        return self.filter_and_sort(qs)

    def get_context_data(self, **kwargs):
        kwargs["roles"] = Role.choices
        return super().get_context_data(**kwargs)


class UserCreateView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.manage_accounts"
    raise_exception = True
    form_class = AccountForm
    template_name = "form_page.html"
    extra_context = {"page_title": _("Thêm tài khoản")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        account = form.save()
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Đã tạo tài khoản %(u)s.") % {"u": account.username})
        return redirect("accounts:user_list")

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = reverse("accounts:user_list")
        return super().get_context_data(**kwargs)


class UserEditView(DomainFormView):
    scope = staticmethod(users_visible_to)
    permission_required = "accounts.change_user"
    form_class = AccountForm
    page_title = _("Sửa tài khoản")
    success_message = _("Đã lưu tài khoản.")

    def get_form_object_kwargs(self):
        return {"account": self.object}

    def get_success_url(self, result=None):
        return reverse("accounts:user_list")


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "form_page.html"
    extra_context = {"page_title": _("Đổi mật khẩu")}

    def form_valid(self, form):
        with transaction.atomic():  # the new password and its audit record stand or fall together
            response = super().form_valid(form)
            services.record_own_password_change(user=form.user)
        return response

    def get_success_url(self):
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return reverse("dashboard")


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Vietnamese page instead of django-axes' English plain text (status 429)."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    if request.path.startswith("/api/"):  # an API client (token request) reads JSON, as for every API error
        message = ngettext("Đăng nhập sai quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau %(minutes)s phút.",
                           "Đăng nhập sai quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau %(minutes)s phút.",
                           minutes) % {"minutes": minutes}
        return JsonResponse({"detail": message}, status=429)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
