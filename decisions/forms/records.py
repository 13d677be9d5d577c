"""Input boundary of the decision pages: record a decision (from a disclosed list, or with lines entered by
hand), withdraw one, add a base salary, pick the year of the money page. Each form calls the domain."""
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from blocs.forms import DomainForm
from blocs.models import Department
from decisions.domain import money, records
from decisions.domain.queries import records as queries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}
INVALID_DATE = {"invalid": _("Ngày không hợp lệ; hãy chọn ngày hoặc nhập dạng ngày/tháng/năm.")}
MAX_ROWS = 30
DEFAULT_ROWS = 5


class DecisionFieldsForm(DomainForm):
    """The decision's own fields, common to both ways of recording it."""

    submit_label = _("Ghi nhận quyết định")
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=records.NUMBER_MAX,
                                    help_text=_("Ví dụ: 125/QĐ-UBND"))
    decided_on = forms.DateField(label=_("Ngày ký"), widget=DATE, input_formats=DATE_FORMATS,
                                 error_messages=INVALID_DATE)
    authority = forms.CharField(label=_("Cơ quan ban hành"), max_length=records.NAME_MAX)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=records.NAME_MAX,
                                      initial=_("Chủ tịch"))
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=records.NAME_MAX)
    council_outcome = forms.CharField(label=_("Kết quả họp Hội đồng Thi đua - Khen thưởng"), required=False,
                                      max_length=records.OUTCOME_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["authority"].initial = records.provincial_authority(province)

    def decision_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("number_symbol", "decided_on", "authority", "signer_position",
                                              "signer_name", "council_outcome")}


class EntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, entry):
        return f"{entry.award_type.name}: {entry.recipient_name} ({entry.bloc_name})"


class FromDisclosureForm(DecisionFieldsForm):
    """The Board ticks the entries the Council awarded; the others are recorded as not awarded."""

    awarded = EntryChoiceField(label=_("Được khen thưởng theo kết quả Hội đồng"), queryset=None,
                               widget=forms.CheckboxSelectMultiple,
                               error_messages={**INVALID_CHOICE, "required": _("Hãy chọn ít nhất một dòng."),
                                               "invalid_pk_value": _("Lựa chọn không hợp lệ hoặc không tồn tại.")})

    def __init__(self, *args, disclosure, **kwargs):
        super().__init__(*args, province=disclosure.province, **kwargs)
        self.disclosure = disclosure
        self.entries = list(queries.undecided_entries(disclosure=disclosure))
        self.fields["awarded"].queryset = queries.undecided_entries(disclosure=disclosure)
        self.fields["awarded"].initial = [entry.pk for entry in self.entries]

    def perform(self):
        chosen = {entry.pk for entry in self.cleaned_data["awarded"]}
        lines = [records.LineInput(entry=entry, awarded=entry.pk in chosen) for entry in self.entries]
        return records.record_decision(province=self.disclosure.province, year=self.disclosure.year, lines=lines,
                                       user=self.user, disclosure=self.disclosure, **self.decision_fields())


class ManualDecisionForm(DecisionFieldsForm):
    """A decision without a disclosed list: up to `rows` lines of award type, unit and (for a person) name."""

    year = forms.IntegerField(label=_("Năm thi đua"), min_value=records.EARLIEST_YEAR, max_value=2100,
                              error_messages={"invalid": _("Năm phải là một số nguyên.")})

    def __init__(self, *args, rows=DEFAULT_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = range(1, rows + 1)
        types = AwardType.objects.filter(province=self.province).order_by("position", "name")
        units = Department.objects.filter(province=self.province, dissolved_on__isnull=True).order_by("name")
        for row in self.rows:
            self.fields[f"award_type_{row}"] = forms.ModelChoiceField(
                label=_("Hình thức khen thưởng (dòng %(n)s)") % {"n": row}, queryset=types, required=False,
                error_messages=INVALID_CHOICE)
            self.fields[f"department_{row}"] = forms.ModelChoiceField(
                label=_("Đơn vị (dòng %(n)s)") % {"n": row}, queryset=units, required=False,
                error_messages=INVALID_CHOICE)
            self.fields[f"person_name_{row}"] = forms.CharField(
                label=_("Họ tên cá nhân (dòng %(n)s, nếu có)") % {"n": row}, required=False,
                max_length=records.NAME_MAX)

    def line_rows(self):
        """[(award type field, department field, person field)] for the template."""
        return [(self[f"award_type_{r}"], self[f"department_{r}"], self[f"person_name_{r}"]) for r in self.rows]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            award_type, department = data.get(f"award_type_{row}"), data.get(f"department_{row}")
            if bool(award_type) != bool(department) or (data.get(f"person_name_{row}") and not award_type):
                self.add_error(None, _("Dòng %(n)s: hãy chọn cả hình thức khen thưởng và đơn vị.") % {"n": row})
        return data

    def perform(self):
        data = self.cleaned_data
        lines = [records.LineInput(award_type=data[f"award_type_{r}"], department=data[f"department_{r}"],
                                   person_name=data[f"person_name_{r}"])
                 for r in self.rows if data.get(f"award_type_{r}")]
        return records.record_decision(province=self.province, year=data["year"], lines=lines, user=self.user,
                                       **self.decision_fields())


class WithdrawForm(DomainForm):
    submit_label = _("Thu hồi quyết định")
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=records.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Hãy ghi lý do thu hồi quyết định.")})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["version"].initial = decision.version

    def perform(self):
        return records.withdraw_decision(decision=self.decision, reason=self.cleaned_data["reason"], user=self.user,
                                         expected_version=self.cleaned_data["version"])


class BaseSalaryForm(DomainForm):
    submit_label = _("Thêm mức lương cơ sở")
    amount = forms.IntegerField(label=_("Mức lương cơ sở (đồng/tháng)"), min_value=1, max_value=int(money.AMOUNT_MAX),
                                error_messages={"invalid": _("Hãy nhập số đồng nguyên, không có dấu chấm."),
                                                "min_value": _("Mức lương cơ sở phải lớn hơn 0.")})
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), widget=DATE, input_formats=DATE_FORMATS,
                                 error_messages=INVALID_DATE)
    legal_basis = forms.CharField(label=_("Căn cứ"), required=False, max_length=money.BASIS_MAX,
                                  help_text=_("Ví dụ: Nghị định 73/2024/NĐ-CP"))

    def perform(self):
        data = self.cleaned_data
        return money.add_base_salary(amount=data["amount"], valid_from=data["valid_from"],
                                     legal_basis=data["legal_basis"], user=self.user)


class YearForm(forms.Form):
    """The year of the money page (GET); an unknown year falls back to the newest."""

    year = forms.TypedChoiceField(label=_("Năm thi đua"), coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
