from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "role", "province", "department", "bloc", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["province", "department", "bloc"]
    fieldsets = UserAdmin.fieldsets + ((_("Vai trò"), {"fields": ["role", "province", "department", "bloc", "position"]}),)
