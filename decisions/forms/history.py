"""Forms of the award history and statistics pages: the Excel import, and the GET filters."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.domain.history import MIN_YEAR, import_award_history
from awards.importers import read_history_file
from awards.models import AwardType
from blocs.forms import DomainForm
from blocs.models import Bloc, Department, Province
from decisions.domain.queries.statistics import StatisticsFilters

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}
YEAR_ERRORS = {"invalid": _("Năm phải là một số nguyên."), "min_value": _("Năm không được nhỏ hơn %(limit_value)s."),
               "max_value": _("Năm không được lớn hơn %(limit_value)s.")}


class HistoryImportForm(DomainForm):
    submit_label = _("Nhập lịch sử khen thưởng")
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"), error_messages={
        "required": _("Hãy chọn tệp Excel cần nhập."), "empty": _("Tệp rỗng."),
        "invalid": _("Không đọc được tệp tải lên.")})

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def perform(self):
        upload = self.cleaned_data["file"]
        rows, digest = read_history_file(upload)
        return import_award_history(province=self.province, rows=rows, user=self.user,
                                    file_name=upload.name or "", file_hash=digest)


class _ProvinceFilterForm(forms.Form):
    """GET filters of a province's pages; an invalid value is named and left out, never a server error."""

    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Province.objects.none(), required=False,
                                      empty_label=None, error_messages=INVALID_CHOICE)

    # Each filter that names a row of the province: its model and order.
    CHOICES = {"award_type": (AwardType, ("position", "name")), "bloc": (Bloc, ("name",)),
               "department": (Department, ("name",))}

    def __init__(self, data, *, provinces, province):
        super().__init__(data or None)
        self.province = province
        self.fields["province"].queryset = provinces
        for name, (model, order) in self.CHOICES.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(province=province).order_by(*order)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    def value(self, name):
        if not self.is_bound:
            return None
        self.is_valid()
        return None if name in self.errors else self.cleaned_data.get(name)

    def error_list(self):
        """[(label, messages)] of the invalid filters, in the form's order."""
        return [(self[name].label, self.errors[name]) for name in self.fields if name in self.errors]


def _year_field(label):
    return forms.IntegerField(label=label, required=False, min_value=MIN_YEAR, max_value=2100,
                              error_messages=YEAR_ERRORS)


def _award_type_field():
    return forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardType.objects.none(), required=False,
                                  empty_label=_("Tất cả các hình thức"), error_messages=INVALID_CHOICE)


class StatisticsFilterForm(_ProvinceFilterForm):
    year_from = _year_field(_("Từ năm"))
    year_to = _year_field(_("Đến năm"))
    award_type = _award_type_field()
    bloc = forms.ModelChoiceField(label=_("Khối"), queryset=Bloc.objects.none(), required=False,
                                  empty_label=_("Tất cả các khối"), error_messages=INVALID_CHOICE)

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            self.add_error("year_to", ValidationError(_("“Đến năm” phải không nhỏ hơn “Từ năm”.")))
        return data

    def filters(self):
        return StatisticsFilters(province=self.province, year_from=self.value("year_from"),
                                 year_to=self.value("year_to"), award_type=self.value("award_type"),
                                 bloc=self.value("bloc"))


class HistoryFilterForm(_ProvinceFilterForm):
    year = _year_field(_("Năm"))
    award_type = _award_type_field()
    department = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("Tất cả các đơn vị"), error_messages=INVALID_CHOICE)
