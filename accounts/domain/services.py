"""Managing accounts and roles (the Board within its province, superusers everywhere)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from audit.domain.services import record_event

ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "role", "province", "department", "bloc",
                  "position", "is_active"]


def _snapshot(user):
    return {f: getattr(user, f"{f}_id" if f in ("province", "department", "bloc") else f) for f in ACCOUNT_FIELDS}


def check_role_units(*, role, province, department, bloc, manager):
    """A role needs its unit: Board → province; secretariat → department and bloc; others → department.
    A Board manager may only place accounts in its own province."""
    if role == Role.BOARD and (province is None or department or bloc):
        raise ValidationError(_("Tài khoản Ban Thi đua - Khen thưởng cần chọn tỉnh và không chọn đơn vị, khối."))
    if role == Role.SECRETARIAT and (department is None or bloc is None or province):
        raise ValidationError(_("Thư ký khối cần chọn đơn vị và khối phục vụ."))
    if role in (Role.OFFICER, Role.LEADER) and (department is None or province or bloc):
        raise ValidationError(_("Cán bộ và thủ trưởng đơn vị cần chọn đơn vị (không chọn tỉnh, khối)."))
    if bloc and department and bloc.province_id != department.province_id:
        raise ValidationError(_("Khối và đơn vị phải thuộc cùng một tỉnh."))
    if manager.is_superuser:
        return
    own = manager.province_id
    for unit in (province, department, bloc):
        unit_province = getattr(unit, "province_id", getattr(unit, "pk", None)) if unit else None
        if unit is not None and unit_province != own:
            raise ValidationError(_("Chỉ được gán tài khoản vào đơn vị, khối thuộc tỉnh của mình."))


def create_account(*, manager, username, password, role, province=None, department=None, bloc=None, **extra):
    check_role_units(role=role, province=province, department=department, bloc=bloc, manager=manager)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Tên đăng nhập “%(u)s” đã được dùng.") % {"u": username})
        user = User(username=username, role=role, province=province, department=department, bloc=bloc, **extra)
        user.set_password(password)
        user.save()
        record_event(actor=manager, event_type="account.created", obj=user, new_value=_snapshot(user))
    return user


def update_account(*, manager, account, password=None, **values):
    """Change an account's data, role or status; a new password or deactivation ends its sessions."""
    merged = {f: values.get(f, getattr(account, f)) for f in ("role", "province", "department", "bloc")}
    check_role_units(manager=manager, **merged)
    username = values.get("username", account.username)
    if User.objects.filter(username__iexact=username).exclude(pk=account.pk).exists():
        raise ValidationError(_("Tên đăng nhập “%(u)s” đã được dùng.") % {"u": username})
    if account.pk == manager.pk and values.get("is_active") is False:
        raise ValidationError(_("Không thể tự khóa tài khoản của chính mình."))
    with transaction.atomic():
        old = _snapshot(account)
        for key, value in values.items():
            setattr(account, key, value)
        if password:
            account.set_password(password)
        account.save()
        new = _snapshot(account)
        if password:
            new["password_changed"] = True
        record_event(actor=manager, event_type="account.updated", obj=account, old_value=old, new_value=new)
    return account


def record_own_password_change(*, user):
    """The account holder changed their own password (Django's form saves it): the trail says so, never the
    hashes. Call inside the transaction of the save."""
    record_event(actor=user, event_type="account.password_changed", obj=user,
                 old_value={"password_changed": False}, new_value={"password_changed": True})
