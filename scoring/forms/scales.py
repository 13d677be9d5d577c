"""Input boundary for the scale pages: validate, then call scoring/domain/scales.py."""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from blocs.forms import DomainForm
from scoring.domain import scales as services
from scoring.domain.queries.scales import scale_criteria, templates_of_province
from scoring.domain.scale_checks import MAX_DEPTH, criteria_rows, format_points
from scoring.domain.scoring_settings import update_scoring_settings
from scoring.enums import AggregationMethod, CriterionKind, TieBreak
from scoring.exporters.scales import MAX_FILE_SIZE, import_scale, parse_scale_file
from scoring.models import Criterion, ScoringScale

POINT_MESSAGES = {
    "invalid": _("Hãy nhập một số (ví dụ 10 hoặc 2,5)."),
    "max_decimal_places": _("Chỉ được có tối đa 2 chữ số thập phân."),
    "max_digits": _("Số quá lớn."),
    "max_whole_digits": _("Số quá lớn."),
    "min_value": _("Không được nhỏ hơn %(limit_value)s."),
    "max_value": _("Không được lớn hơn %(limit_value)s."),
    "required": _("Trường này là bắt buộc."),
}


class PointsField(forms.DecimalField):
    """Points with a decimal comma or point ("2,5" and "2.5" are the same)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(max_digits=8, decimal_places=2, error_messages=POINT_MESSAGES, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class ExcelFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Tệp .xlsx theo mẫu: STT/Mã | Nội dung tiêu chí | Điểm tối đa | Loại | "
                                         "Minh chứng | Hướng dẫn chấm (tối đa 2 MB)."))
        super().__init__(label=_("Tệp Excel"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
                         error_messages={"required": _("Hãy chọn tệp Excel."),
                                         "empty": _("Tệp tải lên rỗng.")}, **kwargs)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and data.size > MAX_FILE_SIZE:
            raise ValidationError(_("Tệp quá lớn (tối đa 2 MB)."))
        return data


class TemplateCreateForm(DomainForm):
    submit_label = _("Tạo thang điểm mẫu")
    name = forms.CharField(label=_("Tên thang điểm"), max_length=200)
    total = PointsField(label=_("Tổng điểm"), required=False, min_value=Decimal("1"),
                        help_text=_("Thường là 100 hoặc 1000. Để trống khi lấy từ dòng “Tổng cộng” của tệp Excel."))
    bonus_cap = PointsField(label=_("Trần điểm thưởng"), required=False,
                            help_text=_("Để trống: theo quy định chấm điểm của tỉnh (mặc định 10% tổng điểm)."))
    file = ExcelFileField(required=False)

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province

    def perform(self):
        data = self.cleaned_data
        criteria, total, bonus_cap = [], data["total"], data["bonus_cap"]
        if data["file"]:
            parsed = parse_scale_file(data["file"])
            criteria = parsed.specs
            if total is not None and parsed.total is not None and total != parsed.total:
                raise ValidationError(_("Tổng điểm trong tệp (%(file)s) khác tổng điểm đã nhập (%(form)s).")
                                      % {"file": parsed.total.normalize(), "form": total.normalize()})
            total = total if total is not None else parsed.total
            bonus_cap = bonus_cap if bonus_cap is not None else parsed.bonus_cap
        if total is None:
            raise ValidationError(_("Hãy nhập tổng điểm."))
        return services.create_template(province=self.province, name=data["name"], total=total,
                                        bonus_cap=bonus_cap, criteria=criteria, user=self.user)


class ScaleForm(DomainForm):
    name = forms.CharField(label=_("Tên thang điểm"), max_length=200)
    total = PointsField(label=_("Tổng điểm"), min_value=Decimal("1"))
    bonus_cap = PointsField(label=_("Trần điểm thưởng"))

    def __init__(self, *args, scale, **kwargs):
        kwargs["initial"] = {"name": scale.name, "total": format_points(scale.total),
                             "bonus_cap": format_points(scale.bonus_cap), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.scale = scale

    def perform(self):
        return services.update_scale(scale=self.scale, user=self.user, **self.cleaned_data)


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.title}"


class CriterionForm(DomainForm):
    parent = ParentChoiceField(label=_("Thuộc nhóm / tiêu chí"), queryset=Criterion.objects.none(), required=False,
                               empty_label=_("— Không (đây là một nhóm tiêu chí) —"),
                               error_messages={"invalid_choice": _("Nhóm cha không hợp lệ.")})
    code = forms.CharField(label=_("Mã (STT)"), max_length=20, help_text=_("Ví dụ: I, I.1, I.1.a"))
    title = forms.CharField(label=_("Nội dung tiêu chí"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Loại"), choices=CriterionKind.choices,
                             help_text=_("Tiêu chí con luôn cùng loại với nhóm của nó."))
    max_points = PointsField(label=_("Điểm tối đa"),
                             help_text=_("Với điểm trừ: mức trừ tối đa. Điểm của nhóm bằng tổng điểm các tiêu chí con."))
    evidence_required = forms.BooleanField(label=_("Cần minh chứng"), required=False)
    guidance = forms.CharField(label=_("Hướng dẫn chấm"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scale, criterion=None, parent=None, **kwargs):
        if criterion is not None:
            defaults = {f: getattr(criterion, f) for f in services.CRITERION_FIELDS} | {
                "parent": criterion.parent_id, "max_points": format_points(criterion.max_points)}
        else:
            defaults = {"parent": parent.pk, "kind": parent.kind} if parent is not None else {}
        kwargs["initial"] = {**defaults, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.scale, self.criterion = scale, criterion
        choices = self._parent_choices()
        order = Case(*[When(pk=pk, then=index) for index, pk in enumerate(choices)], default=0)
        self.fields["parent"].queryset = Criterion.objects.filter(pk__in=choices).order_by(order)

    def _parent_choices(self):
        """Nodes that can take a child, in tree order: above the third level, not this criterion nor under it."""
        rows, _roots = criteria_rows(scale_criteria(self.scale))
        excluded, stack = set(), [r for r in rows if self.criterion is not None and r.node.pk == self.criterion.pk]
        while stack:
            row = stack.pop()
            excluded.add(row.node.pk)
            stack.extend(row.children)
        return [r.node.pk for r in rows if r.depth < MAX_DEPTH - 1 and r.node.pk not in excluded]

    def perform(self):
        data = dict(self.cleaned_data)
        if self.criterion is None:
            return services.add_criterion(scale=self.scale, user=self.user, **data)
        return services.update_criterion(criterion=self.criterion, user=self.user, **data)


class CopyTemplateForm(DomainForm):
    submit_label = _("Sao chép vào năm thi đua")
    template = forms.ModelChoiceField(label=_("Thang điểm mẫu của tỉnh"), queryset=ScoringScale.objects.none(),
                                      error_messages={"invalid_choice": _("Thang điểm mẫu không hợp lệ."),
                                                      "required": _("Hãy chọn thang điểm mẫu.")})

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        self.fields["template"].queryset = templates_of_province(bloc_year.bloc.province_id)

    def perform(self):
        return services.copy_template_to_bloc_year(template=self.cleaned_data["template"], bloc_year=self.bloc_year,
                                                   user=self.user)


class ImportForm(DomainForm):
    submit_label = _("Nhập từ Excel")
    file = ExcelFileField()

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale

    def perform(self):
        return import_scale(scale=self.scale, file=self.cleaned_data["file"], user=self.user)


PERCENT = dict(min_value=Decimal("0"), max_value=Decimal("100"))
TIE_BREAK_CHOICES = [("", _("— Không —")), *TieBreak.choices]


class ScoringSettingsForm(DomainForm):
    aggregation_method = forms.ChoiceField(label=_("Cách tính điểm cuối cùng"), choices=AggregationMethod.choices)
    discrepancy_percent = PointsField(label=_("Ngưỡng chênh lệch tự chấm / kiểm tra chéo (% tổng điểm)"), **PERCENT)
    excellent_percent = PointsField(label=_("Hoàn thành xuất sắc nhiệm vụ từ (% tổng điểm)"), **PERCENT)
    good_percent = PointsField(label=_("Hoàn thành tốt nhiệm vụ từ (% tổng điểm)"), **PERCENT)
    complete_percent = PointsField(label=_("Hoàn thành nhiệm vụ từ (% tổng điểm)"), **PERCENT)
    tie_break_1 = forms.ChoiceField(label=_("Phá thế hòa: tiêu chí thứ nhất"), choices=TieBreak.choices)
    tie_break_2 = forms.ChoiceField(label=_("Phá thế hòa: tiêu chí thứ hai"), choices=TIE_BREAK_CHOICES,
                                    required=False)
    tie_break_3 = forms.ChoiceField(label=_("Phá thế hòa: tiêu chí thứ ba"), choices=TIE_BREAK_CHOICES,
                                    required=False)
    inspectors_per_member = forms.IntegerField(label=_("Số đơn vị kiểm tra chéo mỗi thành viên (k)"),
                                               min_value=1, max_value=10)
    bonus_cap_percent = PointsField(label=_("Trần điểm thưởng mặc định (% tổng điểm)"), **PERCENT)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, province, settings, **kwargs):
        chain = list(settings.tie_break_chain) + ["", "", ""]
        initial = {name: getattr(settings, name) for name in ("aggregation_method", "inspectors_per_member", "version")}
        initial.update({name: format_points(getattr(settings, name)) for name in
                        ("discrepancy_percent", "excellent_percent", "good_percent", "complete_percent",
                         "bonus_cap_percent")})
        initial.update(tie_break_1=chain[0], tie_break_2=chain[1], tie_break_3=chain[2])
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.province = province

    def perform(self):
        data = dict(self.cleaned_data)
        chain = [data.pop(f"tie_break_{i}") for i in (1, 2, 3)]
        return update_scoring_settings(province=self.province, user=self.user,
                                       expected_version=data.pop("version"),
                                       tie_break_chain=[c for c in chain if c], **data)
