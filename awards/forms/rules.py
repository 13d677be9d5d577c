"""Input boundary of the award catalogue, rule sets, conditions and quotas: validate, then call the domain."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.defaults import install_defaults
from awards.domain import quotas
from awards.domain import rules as services
from awards.domain.conditions import MEMBER_STATUSES
from awards.enums import ConditionKind, Recipient
from awards.models import AwardType
from blocs.forms import DomainForm
from scoring.enums import Classification

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AwardTypeForm(DomainForm):
    code = forms.SlugField(label=_("Mã"), max_length=60, help_text=_("Chữ không dấu, số, gạch dưới; không đổi được "
                                                                     "sau khi tạo (điều kiện xét tặng dùng mã này)."))
    name = forms.CharField(label=_("Tên hình thức khen thưởng"), max_length=200)
    recipient = forms.ChoiceField(label=_("Đối tượng"), choices=Recipient.choices)
    position = forms.IntegerField(label=_("Thứ tự hiển thị"), min_value=0, max_value=32767, required=False)

    def __init__(self, *args, province, award_type=None, **kwargs):
        if award_type is not None and not kwargs.get("data"):
            kwargs["initial"] = {"code": award_type.code, "name": award_type.name,
                                 "recipient": award_type.recipient, "position": award_type.position}
        super().__init__(*args, **kwargs)
        self.province, self.award_type = province, award_type
        if award_type is not None:
            self.fields["code"].disabled = True

    def perform(self):
        data = self.cleaned_data
        if self.award_type is None:
            return services.create_award_type(province=self.province, code=data["code"], name=data["name"],
                                              recipient=data["recipient"], position=data["position"], user=self.user)
        position = data["position"] if data["position"] is not None else self.award_type.position
        return services.update_award_type(award_type=self.award_type, name=data["name"],
                                          recipient=data["recipient"], position=position, user=self.user)


class RuleSetForm(DomainForm):
    name = forms.CharField(label=_("Tên bộ quy định"), max_length=200)
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), widget=DATE)
    valid_to = forms.DateField(label=_("Hiệu lực đến ngày"), widget=DATE, required=False,
                               help_text=_("Để trống nếu bộ quy định còn hiệu lực."))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False, max_length=5000)

    def __init__(self, *args, province, rule_set=None, **kwargs):
        if rule_set is not None and not kwargs.get("data"):
            kwargs["initial"] = {f: getattr(rule_set, f) for f in ("name", "valid_from", "valid_to", "legal_basis")}
        super().__init__(*args, **kwargs)
        self.province, self.rule_set = province, rule_set

    def perform(self):
        if self.rule_set is None:
            return services.create_rule_set(province=self.province, user=self.user, **self.cleaned_data)
        return services.update_rule_set(rule_set=self.rule_set, user=self.user, **self.cleaned_data)


class AwardRuleForm(DomainForm):
    award_type = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardType.objects.none(),
                                        error_messages={"invalid_choice": _("Hình thức khen thưởng không hợp lệ.")})
    article = forms.CharField(label=_("Điều khoản"), max_length=200, required=False,
                              help_text=_("Ví dụ: Điều 26 Luật Thi đua, Khen thưởng 2022"))
    cash_multiple = forms.DecimalField(label=_("Hệ số tiền thưởng (lần lương cơ sở)"), min_value=Decimal("0"),
                                       max_value=Decimal("9999.99"), max_digits=6, decimal_places=2,
                                       initial=Decimal("0"))

    def __init__(self, *args, rule_set, rule=None, **kwargs):
        if rule is not None and not kwargs.get("data"):
            kwargs["initial"] = {"award_type": rule.award_type_id, "article": rule.article,
                                 "cash_multiple": rule.cash_multiple}
        super().__init__(*args, **kwargs)
        self.rule_set, self.rule = rule_set, rule
        taken = rule_set.rules.exclude(pk=getattr(rule, "pk", None)).values("award_type")
        self.fields["award_type"].queryset = AwardType.objects.filter(province_id=rule_set.province_id).exclude(
            pk__in=taken)

    def perform(self):
        return services.save_award_rule(rule_set=self.rule_set, rule=self.rule, user=self.user, **self.cleaned_data)


# Which parameter fields each kind of condition reads (the page's script shows only those).
PARAM_FIELDS = {
    ConditionKind.LED_BLOC: ["max_rank"],
    ConditionKind.RANKED_AT_MOST: ["rank"],
    ConditionKind.CLASSIFICATION_AT_LEAST: ["classification"],
    ConditionKind.HOLDS_AWARD: ["award_type", "year_offset"],
    ConditionKind.CONSECUTIVE_YEARS: ["award_type", "classification", "years", "year_offset"],
    ConditionKind.MEMBER_SHARE_AT_LEAST: ["status", "percent"],
}


class ConditionForm(DomainForm):
    kind = forms.ChoiceField(label=_("Loại điều kiện"), choices=ConditionKind.choices)
    max_rank = forms.IntegerField(label=_("Số đơn vị dẫn đầu khối"), min_value=1, max_value=50, required=False,
                                  help_text=_("Dẫn đầu khối: 1 = chỉ đơn vị xếp thứ nhất."))
    rank = forms.IntegerField(label=_("Hạng thấp nhất được xét"), min_value=1, max_value=50, required=False)
    classification = forms.ChoiceField(label=_("Xếp loại tối thiểu"), required=False,
                                       choices=[("", "—")] + list(Classification.choices))
    award_type = forms.ChoiceField(label=_("Hình thức khen thưởng đã nhận"), required=False)
    years = forms.IntegerField(label=_("Số năm liên tục"), min_value=2, max_value=20, required=False)
    year_offset = forms.IntegerField(label=_("Năm so với năm thi đua"), min_value=-20, max_value=0, required=False,
                                     help_text=_("0 = chính năm thi đua; -1 = năm trước."))
    status = forms.ChoiceField(label=_("Tiêu chí của thành viên"), required=False,
                               choices=[("", "—")] + list(MEMBER_STATUSES.items()))
    percent = forms.DecimalField(label=_("Tỷ lệ tối thiểu (%)"), min_value=Decimal("0.01"), max_value=Decimal("100"),
                                 max_digits=5, decimal_places=2, required=False)
    description = forms.CharField(label=_("Diễn giải (để trống để dùng diễn giải tự động)"), max_length=500,
                                  required=False)

    def __init__(self, *args, rule, condition=None, **kwargs):
        if condition is not None and not kwargs.get("data"):
            kwargs["initial"] = {"kind": condition.kind, "description": condition.description, **condition.params}
        super().__init__(*args, **kwargs)
        self.rule, self.condition = rule, condition
        codes = AwardType.objects.filter(province_id=rule.rule_set.province_id).values_list("code", "name")
        self.fields["award_type"].choices = [("", "—")] + list(codes)
        for kind, names in PARAM_FIELDS.items():
            for name in names:
                self.fields[name].widget.attrs.setdefault("data-kinds", "")
                self.fields[name].widget.attrs["data-kinds"] += f" {kind}"

    def params(self):
        data = self.cleaned_data
        values = {name: data.get(name) for name in PARAM_FIELDS.get(data.get("kind"), [])}
        params = {k: v for k, v in values.items() if v not in (None, "")}
        if "percent" in params:
            percent = params["percent"]
            params["percent"] = int(percent) if percent == percent.to_integral_value() else float(percent)
        return params

    def perform(self):
        data = self.cleaned_data
        if self.condition is None:
            return services.add_condition(rule=self.rule, kind=data["kind"], params=self.params(),
                                          description=data["description"], user=self.user)
        return services.update_condition(condition=self.condition, kind=data["kind"], params=self.params(),
                                         description=data["description"], user=self.user)


class QuotaForm(DomainForm):
    places = forms.IntegerField(label=_("Số lượng được đề nghị"), min_value=0, max_value=quotas.MAX_PLACES)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, bloc_year, award_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year, self.award_type = bloc_year, award_type

    def perform(self):
        return quotas.set_quota(bloc_year=self.bloc_year, award_type=self.award_type,
                                places=self.cleaned_data["places"], expected_version=self.cleaned_data["version"],
                                user=self.user)


class InstallDefaultsForm(DomainForm):
    submit_label = _("Cài đặt danh mục và bộ quy định mặc định")

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province

    def perform(self):
        return install_defaults(province=self.province, user=self.user)
