"""Input boundary for the organisation pages: validate, then call the domain function."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocs.domain import services
from blocs.domain.queries import addable_departments
from blocs.enums import PHASE_ORDER, BlocKind, ConferenceKind, DepartmentKind, Phase
from blocs.models import BlocYear, Department
from emulation.exceptions import ConflictError


class DomainForm(forms.Form):
    """A form whose save() calls a domain function and turns its refusals into form errors."""

    submit_label = _("Lưu")
    has_helper = True  # templates ask this: an empty FormHelper is falsy

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def full_clean(self):
        super().full_clean()
        # The layout shows no field of a hidden input, so its refusal (a stale or missing version) must be said
        # at the top of the form, or the user would see the form come back without a word.
        for bound in self.hidden_fields():
            for message in self.errors.get(bound.name, []):
                if message not in self.non_field_errors():
                    self.add_error(None, message)

    def save(self):
        try:
            return self.perform()
        except ConflictError as exc:
            self.add_error(None, exc)
        except ValidationError as exc:
            self.add_error(None, exc)
        return None

    def perform(self):
        raise NotImplementedError


def _members(bloc_year):
    return Department.objects.filter(memberships__bloc_year=bloc_year).order_by("name")


class AddMemberForm(DomainForm):
    submit_label = _("Thêm thành viên")
    department = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Department.objects.none(),
                                        error_messages={"invalid_choice": _("Đơn vị không hợp lệ hoặc đã thuộc một khối trong năm.")})

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        self.fields["department"].queryset = addable_departments(bloc_year=bloc_year)

    def perform(self):
        return services.add_member(bloc_year=self.bloc_year, department=self.cleaned_data["department"],
                                   user=self.user)


class LeadershipForm(DomainForm):
    leader = forms.ModelChoiceField(label=_("Khối trưởng"), queryset=Department.objects.none(), required=False)
    deputy = forms.ModelChoiceField(label=_("Khối phó"), queryset=Department.objects.none(), required=False)
    theme = forms.CharField(label=_("Chủ đề thi đua"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        self.fields["leader"].queryset = _members(bloc_year)
        self.fields["deputy"].queryset = _members(bloc_year)

    def perform(self):
        data = self.cleaned_data
        return services.set_leadership(bloc_year=self.bloc_year, leader=data["leader"], deputy=data["deputy"],
                                       theme=data["theme"], expected_version=data["version"], user=self.user)


class PhaseForm(DomainForm):
    submit_label = _("Chuyển giai đoạn")
    phase = forms.ChoiceField(label=_("Giai đoạn mới"), choices=Phase.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        index = PHASE_ORDER.index(bloc_year.phase)
        neighbours = {PHASE_ORDER[i] for i in (index - 1, index + 1) if 0 <= i < len(PHASE_ORDER)}
        self.fields["phase"].choices = [c for c in Phase.choices if c[0] in neighbours]

    def perform(self):
        return services.change_phase(bloc_year=self.bloc_year, phase=self.cleaned_data["phase"],
                                     expected_version=self.cleaned_data["version"], user=self.user)


class ConferenceForm(DomainForm):
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ConferenceKind.choices)
    date = forms.DateField(label=_("Ngày tổ chức"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    host = forms.ModelChoiceField(label=_("Đơn vị đăng cai"), queryset=Department.objects.none(), required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=5000)

    def __init__(self, *args, bloc_year, conference=None, **kwargs):
        if conference is not None and not kwargs.get("data"):
            kwargs["initial"] = {f: getattr(conference, f) for f in services.CONFERENCE_FIELDS}
        super().__init__(*args, **kwargs)
        self.bloc_year, self.conference = bloc_year, conference
        self.fields["host"].queryset = _members(bloc_year)

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and abs(date.year - self.bloc_year.year) > 1:
            raise ValidationError(_("Ngày hội nghị phải gần năm thi đua %(year)s.") % {"year": self.bloc_year.year})
        return date

    def perform(self):
        return services.save_conference(bloc_year=self.bloc_year, conference=self.conference, user=self.user,
                                        **self.cleaned_data)


class BlocForm(DomainForm):
    name = forms.CharField(label=_("Tên khối"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=BlocKind.choices)
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province

    def perform(self):
        return services.create_bloc(province=self.province, user=self.user, **self.cleaned_data)


class BlocYearForm(DomainForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    copy_members = forms.BooleanField(label=_("Sao chép thành viên của năm gần nhất"), required=False,
                                      initial=True)

    def __init__(self, *args, bloc, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc = bloc

    def perform(self):
        data = self.cleaned_data
        previous = None
        if data["copy_members"]:
            previous = BlocYear.objects.filter(bloc=self.bloc, year__lt=data["year"]).order_by("-year").first()
        return services.create_bloc_year(bloc=self.bloc, year=data["year"], user=self.user,
                                         copy_members_from=previous)


class DepartmentForm(DomainForm):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=DepartmentKind.choices)

    def __init__(self, *args, province, department=None, **kwargs):
        if department is not None and not kwargs.get("data"):
            kwargs["initial"] = {"name": department.name, "short_name": department.short_name,
                                 "kind": department.kind}
        super().__init__(*args, **kwargs)
        self.province, self.department = province, department

    def perform(self):
        return services.save_department(province=self.province, department=self.department, user=self.user,
                                        **self.cleaned_data)
