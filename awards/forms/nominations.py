"""Input boundary of the nomination pages and the Board's dashboard filters: validate, then call the domain."""
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.domain import nominations as services
from awards.domain.queries.nominations import closed_award_rounds
from awards.enums import NominationStatus
from awards.models import AwardType
from blocs.forms import DomainForm
from blocs.models import Bloc, Department, Province
from voting.models import BallotRound

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


def _summary_field():
    return forms.CharField(label=_("Tóm tắt thành tích"), max_length=services.SUMMARY_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))


def _report_field(help_text):
    return forms.FileField(label=_("Báo cáo thành tích (PDF)"), required=False, help_text=help_text,
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
                           error_messages={"invalid": _("Tệp tải lên không hợp lệ."),
                                           "empty": _("Tệp báo cáo thành tích rỗng.")})


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.award_type.name})"


class NominationForm(DomainForm):
    """The secretariat drafts a nomination of a member for an award type, from a closed round if any."""

    submit_label = _("Lập đề nghị")
    award_type = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardType.objects.none(),
                                        error_messages=INVALID_CHOICE)
    department = forms.ModelChoiceField(label=_("Đơn vị được đề nghị"), queryset=Department.objects.none(),
                                        error_messages=INVALID_CHOICE)
    ballot_round = RoundChoiceField(label=_("Theo kết quả vòng bỏ phiếu"), required=False,
                                    queryset=BallotRound.objects.none(), error_messages=INVALID_CHOICE,
                                    empty_label=_("(không qua bỏ phiếu)"))
    summary = _summary_field()
    achievement_report = _report_field(_("Có thể tải lên sau, nhưng phải có trước khi gửi Ban TĐKT."))

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        self.fields["award_type"].queryset = AwardType.objects.filter(
            province_id=bloc_year.bloc.province_id).order_by("position", "name")
        self.fields["department"].queryset = Department.objects.filter(
            memberships__bloc_year=bloc_year).order_by("name")
        self.fields["ballot_round"].queryset = closed_award_rounds(bloc_year=bloc_year)

    def perform(self):
        data = self.cleaned_data
        return services.prepare_nomination(
            bloc_year=self.bloc_year, award_type=data["award_type"], department=data["department"],
            ballot_round=data["ballot_round"], summary=data["summary"],
            achievement_report=data["achievement_report"] or None, user=self.user)


class DossierForm(DomainForm):
    submit_label = _("Lưu hồ sơ")
    summary = _summary_field()
    achievement_report = _report_field(_("Chọn tệp mới để thay báo cáo đã tải lên; để trống để giữ nguyên."))

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination

    def perform(self):
        return services.update_dossier(nomination=self.nomination, summary=self.cleaned_data["summary"],
                                       achievement_report=self.cleaned_data["achievement_report"] or None,
                                       user=self.user)


ACTION_LABELS = {
    "submit": _("Gửi Ban Thi đua - Khen thưởng"), "resubmit": _("Gửi lại Ban Thi đua - Khen thưởng"),
    "start_review": _("Bắt đầu xem xét"), "return": _("Trả lại để bổ sung"), "approve": _("Chấp thuận"),
    "reject": _("Không chấp thuận"),
}
SERVICES = {
    "submit": services.submit_nomination, "resubmit": services.resubmit_nomination,
    "start_review": services.start_review, "return": services.return_nomination,
    "approve": services.approve_nomination, "reject": services.reject_nomination,
}


class ActionForm(DomainForm):
    """One step of the workflow, with the comment it needs (required to return or reject)."""

    comment = forms.CharField(label=_("Ý kiến"), max_length=services.COMMENT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, nomination, action, **kwargs):
        self.submit_label = ACTION_LABELS[action]
        super().__init__(*args, **kwargs)
        self.nomination, self.action = nomination, action
        step = services.WORKFLOW[action]
        if step.comment_required:
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Ý kiến (bắt buộc: nêu rõ lý do và nội dung cần bổ sung)")
            self.fields["comment"].error_messages["required"] = _(
                "Hãy ghi ý kiến (lý do) để đơn vị biết cần làm gì.")
        elif action == "start_review":
            del self.fields["comment"]

    def perform(self):
        kwargs = {"nomination": self.nomination, "user": self.user}
        if "comment" in self.fields:
            kwargs["comment"] = self.cleaned_data["comment"]
        return SERVICES[self.action](**kwargs)


class BoardFilterForm(forms.Form):
    """The dashboard's GET filters; an invalid value is named and left out, never a server error."""

    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Province.objects.none(), required=False,
                                      empty_label=None, error_messages=INVALID_CHOICE)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, error_messages=INVALID_CHOICE)
    bloc = forms.ModelChoiceField(label=_("Khối"), queryset=Bloc.objects.none(), required=False,
                                  empty_label=_("Tất cả các khối"), error_messages=INVALID_CHOICE)
    award_type = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardType.objects.none(), required=False,
                                        empty_label=_("Tất cả các hình thức"), error_messages=INVALID_CHOICE)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, error_messages=INVALID_CHOICE,
                               choices=[("", _("Mọi trạng thái"))] + [
                                   c for c in NominationStatus.choices if c[0] != NominationStatus.DRAFT])
    overdue = forms.BooleanField(label=_("Chỉ đề nghị quá hạn"), required=False)

    def __init__(self, data, *, provinces, province_list, province, years, blocs, award_types):
        """`provinces`: the queryset a chosen province is checked against; `province_list`, `blocs` and
        `award_types`: the choices shown, as lists the page has read already (the querysets only check one)."""
        super().__init__(data)
        self.fields["province"].queryset = provinces
        self.fields["year"].choices = [("", _("Năm gần nhất"))] + [(y, str(y)) for y in years]
        self.fields["bloc"].queryset = Bloc.objects.filter(province=province)
        self.fields["award_type"].queryset = AwardType.objects.filter(province=province)
        self.fields["province"].choices = [(p.pk, p.name) for p in province_list]
        self.fields["bloc"].choices = [("", self.fields["bloc"].empty_label)] + [(b.pk, b.name) for b in blocs]
        self.fields["award_type"].choices = [("", self.fields["award_type"].empty_label)] + [
            (t.pk, t.name) for t in award_types]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-check-input" if name == "overdue" else "form-select"

    def value(self, name):
        """The cleaned value of a filter, or None when it was left out or invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return None if name in self.errors else self.cleaned_data.get(name)
