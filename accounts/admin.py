from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.admin import AuditedAdminMixin
from audit.domain.services import record_admin_write


@admin.register(User)
class AccountAdmin(AuditedAdminMixin, UserAdmin):
    list_display = ["username", "get_full_name", "role", "province", "department", "bloc", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["province", "department", "bloc"]
    fieldsets = UserAdmin.fieldsets + ((_("Vai trò"), {"fields": ["role", "province", "department", "bloc", "position"]}),)

    def user_change_password(self, request, id, form_url=""):
        # Django's password page saves the form itself, not through save_model.
        with transaction.atomic():
            before = User.objects.filter(pk=unquote(id)).first()
            response = super().user_change_password(request, id, form_url)
            after = User.objects.filter(pk=unquote(id)).first()
            if before is not None and after is not None and after.password != before.password:
                record_admin_write(actor=request.user, obj=after, before=before)
        return response
