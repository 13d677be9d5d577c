"""Input boundary of the voting pages: each form validates, then its save() calls voting/domain."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from blocs.forms import DomainForm
from blocs.models import Conference, Department
from voting.domain import ballots, elections, rounds
from voting.domain.queries.rounds import members_not_voted
from voting.enums import ElectionMethod, RoundPurpose
from voting.models import Candidate

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ."),
                  "invalid_pk_value": _("Lựa chọn không hợp lệ."),
                  "invalid_list": _("Lựa chọn không hợp lệ.")}


def _whole(label, *, initial, min_value, max_value=rounds.MAX_DENOMINATOR, **kwargs):
    return forms.IntegerField(label=label, initial=initial, min_value=min_value, max_value=max_value, error_messages={
        "invalid": _("Cần một số nguyên."), "required": _("Trường này là bắt buộc."),
        "min_value": _("Giá trị không được nhỏ hơn %(limit_value)s."),
        "max_value": _("Giá trị không được lớn hơn %(limit_value)s.")}, **kwargs)


def _members(bloc_year):
    return Department.objects.filter(memberships__bloc_year=bloc_year).order_by("memberships__name_at_time")


class CandidateLabelMixin:
    """Departments named as they were that bloc-year."""

    def label_from_instance(self, obj):
        return self.names.get(obj.pk, obj.name)


class MemberChoices(CandidateLabelMixin, forms.ModelMultipleChoiceField):
    names = {}


class RoundForm(DomainForm):
    submit_label = _("Tạo vòng bỏ phiếu")
    title = forms.CharField(label=_("Tên vòng bỏ phiếu"), max_length=rounds.TITLE_MAX)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=RoundPurpose.choices, error_messages=INVALID_CHOICE)
    award_type = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardType.objects.none(),
                                        required=False, error_messages=INVALID_CHOICE,
                                        help_text=_("Chỉ với vòng bỏ phiếu đề nghị khen thưởng."))
    conference = forms.ModelChoiceField(label=_("Hội nghị"), queryset=Conference.objects.none(), required=False,
                                        error_messages=INVALID_CHOICE)
    seats = _whole(_("Số đơn vị được chọn"), initial=1, min_value=1)
    choices_allowed = _whole(_("Số lựa chọn tối đa trên phiếu"), initial=1, min_value=1)
    quorum_numerator = _whole(_("Tỷ lệ tham gia tối thiểu: tử số"), initial=2, min_value=1)
    quorum_denominator = _whole(_("Tỷ lệ tham gia tối thiểu: mẫu số"), initial=3, min_value=1)
    threshold_numerator = _whole(_("Ngưỡng trúng cử (trên tổng số thành viên): tử số"), initial=1, min_value=0)
    threshold_denominator = _whole(_("Ngưỡng trúng cử: mẫu số"), initial=2, min_value=1)
    candidates = MemberChoices(label=_("Đơn vị ứng cử"), queryset=Department.objects.none(),
                               widget=forms.CheckboxSelectMultiple, error_messages={
                                   **INVALID_CHOICE, "required": _("Cần chọn ít nhất một đơn vị ứng cử.")})

    def __init__(self, *args, bloc_year, names, ranked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year, self.ranked = bloc_year, list(ranked)
        self.fields["award_type"].queryset = AwardType.objects.filter(province_id=bloc_year.bloc.province_id)
        self.fields["conference"].queryset = bloc_year.conferences.order_by("date", "id")
        self.fields["candidates"].queryset = _members(bloc_year)
        self.fields["candidates"].names = names

    def perform(self):
        data = self.cleaned_data
        return rounds.create_round(
            bloc_year=self.bloc_year, purpose=data["purpose"], title=data["title"], seats=data["seats"],
            choices_allowed=data["choices_allowed"], candidates=self._in_order(data["candidates"]),
            award_type=data["award_type"], conference=data["conference"],
            quorum=(data["quorum_numerator"], data["quorum_denominator"]),
            threshold=(data["threshold_numerator"], data["threshold_denominator"]), user=self.user)

    def _in_order(self, chosen):
        """Candidates in the order of the year-end ranking when there is one, then by name."""
        picked = {d.pk: d for d in chosen}
        first = [picked.pop(pk) for pk in self.ranked if pk in picked]
        return first + sorted(picked.values(), key=lambda d: self.fields["candidates"].label_from_instance(d))


class TopForm(forms.Form):
    """GET helper: tick the top N members of the year-end ranking."""

    top = forms.IntegerField(label=_("Số đơn vị đứng đầu bảng xếp hạng"), min_value=1, max_value=100, error_messages={
        "invalid": _("Cần một số nguyên."), "min_value": _("Giá trị không được nhỏ hơn %(limit_value)s."),
        "max_value": _("Giá trị không được lớn hơn %(limit_value)s.")})


class ConfirmForm(DomainForm):
    """A POST that needs nothing but the click (open, close a round)."""

    def __init__(self, *args, round, action, submit_label, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.round, self.action = round, action

    def perform(self):
        return self.action(round=self.round, user=self.user)


class CancelForm(DomainForm):
    submit_label = _("Hủy vòng bỏ phiếu")
    reason = forms.CharField(label=_("Lý do hủy"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round

    def perform(self):
        return rounds.cancel_round(round=self.round, reason=self.cleaned_data["reason"], user=self.user)


class CandidateChoices(CandidateLabelMixin, forms.ModelMultipleChoiceField):
    names = {}

    def label_from_instance(self, obj):
        return self.names.get(obj.department_id, obj.department.name)


def _choices_field(round, names, label):
    field = CandidateChoices(label=label, required=False, widget=forms.CheckboxSelectMultiple(attrs={
        "class": "js-ballot-choice"}), queryset=Candidate.objects.filter(round=round).select_related("department"),
                             error_messages=INVALID_CHOICE,
                             help_text=_("Chọn tối đa %(n)s đơn vị; để trống là phiếu trắng.")
                             % {"n": round.choices_allowed})
    field.names = names
    return field


class BallotForm(DomainForm):
    """The voter's ballot: at most `choices_allowed` ticks (checked here and by the domain)."""

    submit_label = _("Bỏ phiếu")

    def __init__(self, *args, round, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["choices"] = _choices_field(round, names, _("Phiếu bầu"))

    def clean_choices(self):
        chosen = self.cleaned_data["choices"]
        if len(chosen) > self.round.choices_allowed:
            raise ValidationError(_("Phiếu chỉ được chọn tối đa %(n)s đơn vị (đã chọn %(k)s).")
                                  % {"n": self.round.choices_allowed, "k": len(chosen)})
        return chosen

    def perform(self):
        return ballots.cast_ballot(round=self.round, user=self.user, choices=list(self.cleaned_data["choices"]))


class PaperBallotForm(DomainForm):
    submit_label = _("Ghi nhận phiếu giấy")
    department = forms.ModelChoiceField(label=_("Đơn vị bỏ phiếu"), queryset=Department.objects.none(),
                                        error_messages={**INVALID_CHOICE, "required": _("Cần chọn đơn vị.")})
    invalid = forms.BooleanField(label=_("Phiếu không hợp lệ (không tính cho ứng cử viên nào)"), required=False)

    def __init__(self, *args, round, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["department"].queryset = members_not_voted(round=round)
        self.fields["department"].label_from_instance = lambda d: names.get(d.pk, d.name)
        self.fields["choices"] = _choices_field(round, names, _("Các đơn vị được chọn trên phiếu"))
        self.order_fields(["department", "choices", "invalid"])

    def perform(self):
        data = self.cleaned_data
        return ballots.record_paper_ballot(round=self.round, department=data["department"],
                                           choices=list(data["choices"]), valid=not data["invalid"], user=self.user)


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Mã biên nhận"), max_length=40, error_messages={
        "required": _("Hãy nhập mã biên nhận."), "max_length": _("Mã biên nhận không dài quá %(limit_value)s ký tự.")})


class StartElectionForm(DomainForm):
    submit_label = _("Bắt đầu bầu khối trưởng, khối phó")
    method = forms.ChoiceField(label=_("Hình thức"), choices=ElectionMethod.choices, widget=forms.RadioSelect,
                               error_messages={**INVALID_CHOICE, "required": _("Cần chọn hình thức bầu.")})

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year

    def perform(self):
        return elections.start_election(bloc_year=self.bloc_year, method=self.cleaned_data["method"], user=self.user)


class RotationForm(DomainForm):
    submit_label = _("Lưu khối trưởng, khối phó đã thống nhất")
    leader = forms.ModelChoiceField(label=_("Khối trưởng năm sau"), queryset=Department.objects.none(),
                                    error_messages={**INVALID_CHOICE, "required": _("Cần chọn khối trưởng.")})
    deputy = forms.ModelChoiceField(label=_("Khối phó năm sau"), queryset=Department.objects.none(),
                                    error_messages={**INVALID_CHOICE, "required": _("Cần chọn khối phó.")})

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        for name in ("leader", "deputy"):
            self.fields[name].queryset = _members(election.bloc_year)

    def perform(self):
        return elections.record_rotation(election=self.election, leader=self.cleaned_data["leader"],
                                         deputy=self.cleaned_data["deputy"], user=self.user)


class NewElectionRoundForm(DomainForm):
    submit_label = _("Tạo vòng bầu mới")
    purpose = forms.ChoiceField(label=_("Vòng bầu"), choices=[(RoundPurpose.LEADER, RoundPurpose.LEADER.label),
                                                            (RoundPurpose.DEPUTY, RoundPurpose.DEPUTY.label)],
                                error_messages=INVALID_CHOICE)

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election

    def perform(self):
        return elections.new_election_round(election=self.election, purpose=self.cleaned_data["purpose"],
                                            user=self.user)


class CloseElectionForm(DomainForm):
    submit_label = _("Kết thúc bầu và tạo năm thi đua mới")
    flag_handed_over_on = forms.DateField(label=_("Ngày bàn giao cờ luân lưu"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}),
                                          error_messages={"invalid": _("Ngày không hợp lệ.")})
    flag_note = forms.CharField(label=_("Ghi chú bàn giao cờ luân lưu"), required=False, max_length=elections.NOTE_MAX,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election

    def perform(self):
        data = self.cleaned_data
        return elections.close_election(election=self.election, flag_handed_over_on=data["flag_handed_over_on"],
                                        flag_note=data["flag_note"], user=self.user)

