from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from accounts.domain import services
from accounts.enums import Role
from blocs.domain.queries import blocs_visible_to, departments_visible_to, provinces_visible_to
from blocs.forms import DomainForm


class AccountForm(DomainForm):
    username = forms.RegexField(label=_("Tên đăng nhập"), max_length=150, regex=r"^[\w.@+-]+$",
                                error_messages={"invalid": _("Chỉ dùng chữ, số và các ký tự . @ + - _")})
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Họ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    province = forms.ModelChoiceField(label=_("Tỉnh (Ban TĐKT)"), queryset=None, required=False)
    department = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False)
    bloc = forms.ModelChoiceField(label=_("Khối phục vụ (thư ký)"), queryset=None, required=False)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput(render_value=False), required=False,
                               help_text=_("Để trống khi sửa nếu không đổi mật khẩu."))

    def __init__(self, *args, account=None, **kwargs):
        if account is not None and not kwargs.get("data"):
            kwargs["initial"] = {f: getattr(account, f) for f in services.ACCOUNT_FIELDS}
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["province"].queryset = provinces_visible_to(self.user)
        self.fields["department"].queryset = departments_visible_to(self.user)
        self.fields["bloc"].queryset = blocs_visible_to(self.user)
        if account is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, user=self.account)
        return password

    def perform(self):
        data = dict(self.cleaned_data)
        if self.account is None:
            return services.create_account(manager=self.user, **data)
        return services.update_account(manager=self.user, account=self.account, **data)
