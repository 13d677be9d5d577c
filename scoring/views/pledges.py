"""The pledge screen of a bloc-year and its actions: text, opening, targets, signatures, scale amendments."""
from dataclasses import dataclass

from django.http import Http404
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from emulation.views_base import DomainFormView, ScopedObjectMixin
from scoring.domain.pledges import may_register_targets, may_sign
from scoring.domain.queries import pledges as queries
from scoring.enums import AmendmentStatus, PledgeStatus, ScaleStatus
from scoring.forms import pledges as forms


def scale_page_url(bloc_year):
    """The scale page, when the scales area provides one."""
    try:
        return reverse("scoring:bloc_year_scale", args=[bloc_year.pk])
    except NoReverseMatch:
        return None


CHANGE_LABELS = {"parent": _("thuộc"), "title": _("nội dung"), "max_points": _("điểm tối đa"), "kind": _("loại"),
                 "guidance": _("hướng dẫn chấm"), "evidence_required": _("cần minh chứng"), "code": _("mã mới")}


def describe_change(change):
    """An amendment's change in words: "Sửa tiêu chí I.1 (điểm tối đa: 55)"."""
    if not isinstance(change, dict):
        return str(change)
    op = dict(forms.CHANGE_OPS).get(change.get("op"), change.get("op"))
    details = [f"{CHANGE_LABELS.get(key, key)}: {value}" for key, value in change.items()
               if key not in ("op", "criterion")]
    text = f"{op} {change.get('criterion', '')}".strip()
    return f"{text} ({'; '.join(details)})" if details else text


@dataclass(frozen=True)
class AmendmentView:
    amendment: object
    description: str


def pledge_url(bloc_year_pk):
    return reverse("scoring:pledge", args=[bloc_year_pk])


@dataclass(frozen=True)
class RowView:
    row: queries.MemberRow
    is_own: bool
    can_register: bool
    can_sign: bool
    form: object = None


class PledgeDetailView(ScopedObjectMixin, DetailView):
    permission_required = "scoring.view_pledge"
    template_name = "scoring/pledges/pledge_detail.html"
    context_object_name = "bloc_year"
    scope = staticmethod(queries.pledge_bloc_years)

    def get_object(self, queryset=None):
        # Already fetched for the permission check.
        return getattr(self, "object", None) or super().get_object(queryset)

    def get_context_data(self, **kwargs):
        user, bloc_year = self.request.user, self.object
        state = queries.pledge_state(bloc_year=bloc_year)
        pledge = state.pledge
        can_manage = user.has_perm("scoring.change_pledge", bloc_year)
        scale = state.scale.scale if state.scale else None
        kwargs.update(
            state=state, pledge=pledge, can_manage=can_manage,
            can_edit_text=can_manage and (pledge is None or (pledge.status != PledgeStatus.SIGNED
                                                             and state.signed_count == 0)),
            can_open=can_manage and pledge is not None and pledge.status == PledgeStatus.DRAFT,
            rows=[self._row(state, row) for row in state.members],
            scale_url=scale_page_url(bloc_year) if scale else None,
            amendments=[AmendmentView(a, describe_change(a.change))
                        for a in (queries.amendments_of(bloc_year=bloc_year) if scale else [])],
            can_request_amendment=(scale is not None and scale.status == ScaleStatus.FROZEN
                                   and user.has_perm("scoring.request_amendment", bloc_year)),
            can_decide=user.has_perm("scoring.approve_amendment", bloc_year),
            requested=AmendmentStatus.REQUESTED,
        )
        if kwargs["can_request_amendment"]:
            kwargs["amendment_form"] = forms.AmendmentRequestForm(user=user, scale=scale)
        return super().get_context_data(**kwargs)

    def _row(self, state, row):
        user, pledge, department = self.request.user, state.pledge, row.department
        writable = (pledge is not None and pledge.status != PledgeStatus.SIGNED and row.signature is None)
        can_register = writable and may_register_targets(user, bloc_year=state.bloc_year, department=department)
        can_sign = (pledge is not None and pledge.status == PledgeStatus.OPEN and row.signature is None
                    and may_sign(user, department))
        is_own = department.pk == user.department_id
        form = None
        if can_register and is_own:
            form = forms.TargetsForm(user=user, pledge=pledge, department=department, auto_id=f"id_%s_{department.pk}",
                                     initial=_targets_initial(row.registration))
        return RowView(row=row, is_own=is_own, can_register=can_register, can_sign=can_sign, form=form)


def _targets_initial(registration):
    if registration is None:
        return {"targets": "", "version": 0}
    return {"targets": registration.targets, "version": registration.version}


class PledgeActionView(DomainFormView):
    """An action on a bloc-year's pledge; the page returns to the pledge screen."""

    scope = staticmethod(queries.pledge_bloc_years)
    permission_required = "scoring.change_pledge"

    @property
    def pledge(self):
        return queries.pledge_of(self.object)

    def get_form_object_kwargs(self):
        return {"pledge": self.pledge}

    def get_success_url(self, result=None):
        return pledge_url(self.object.pk)


class PledgeEditView(PledgeActionView):
    form_class = forms.PledgeForm
    page_title = _("Soạn giao ước thi đua")
    success_message = _("Đã lưu giao ước.")

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object, "pledge": self.pledge}

    def get_initial(self):
        pledge = self.pledge
        if pledge is None:
            return {"theme": self.object.theme, "contents": "", "version": 0}
        return {"theme": pledge.theme, "contents": pledge.contents, "conference": pledge.conference_id,
                "version": pledge.version}


class PledgeOpenView(PledgeActionView):
    form_class = forms.OpenPledgeForm
    template_name = "scoring/pledges/pledge_open.html"
    page_title = _("Mở ký kết giao ước")
    success_message = _("Đã mở ký kết giao ước; thủ trưởng các đơn vị thành viên có thể ký.")


class MemberActionView(PledgeActionView):
    """An action for one member department (in the URL): absent from the bloc-year → 404."""

    def has_permission(self):
        self.get_permission_object()
        membership = queries.member_of(bloc_year=self.object, department_pk=self.kwargs["department_pk"])
        if membership is None:
            raise Http404
        self.membership, self.department = membership, membership.department
        return self.member_permission()

    def get_form_object_kwargs(self):
        return {"pledge": self.pledge, "department": self.department}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("membership", self.membership)
        return super().get_context_data(**kwargs)


class TargetsView(MemberActionView):
    form_class = forms.TargetsForm
    page_title = _("Đăng ký chỉ tiêu thi đua")
    success_message = _("Đã lưu chỉ tiêu đăng ký.")
    template_name = "scoring/pledges/targets_form.html"

    def member_permission(self):
        return may_register_targets(self.request.user, bloc_year=self.object, department=self.department)

    def get_initial(self):
        pledge = self.pledge
        registration = pledge.registrations.filter(department=self.department).first() if pledge else None
        return _targets_initial(registration)


class SignView(MemberActionView):
    """GET shows the text being signed; POST signs it for the department."""

    form_class = forms.SignForm
    template_name = "scoring/pledges/pledge_sign.html"
    page_title = _("Ký giao ước thi đua")
    success_message = _("Đã ký giao ước thay mặt đơn vị.")

    def member_permission(self):
        return may_sign(self.request.user, self.department)

    def get_context_data(self, **kwargs):
        pledge = self.pledge
        kwargs.update(
            pledge=pledge,
            scale=queries.scale_summary(self.object), scale_url=scale_page_url(self.object),
            registration=pledge.registrations.filter(department=self.department).first() if pledge else None,
            signature=pledge.signatures.filter(department=self.department).select_related("signed_by").first()
            if pledge else None,
        )
        return super().get_context_data(**kwargs)


class AmendmentRequestView(PledgeActionView):
    permission_required = "scoring.request_amendment"
    form_class = forms.AmendmentRequestForm
    page_title = _("Đề nghị sửa đổi thang điểm")
    success_message = _("Đã gửi đề nghị sửa đổi thang điểm tới Ban Thi đua - Khen thưởng.")

    def get_form_object_kwargs(self):
        summary = queries.scale_summary(self.object)
        return {"scale": summary.scale if summary else None}


class AmendmentDecideView(DomainFormView):
    scope = staticmethod(queries.amendments_visible_to)
    permission_required = "scoring.approve_amendment"
    form_class = forms.AmendmentDecisionForm
    template_name = "scoring/pledges/amendment_decide.html"
    page_title = _("Duyệt đề nghị sửa đổi thang điểm")
    success_message = _("Đã ghi quyết định về đề nghị sửa đổi.")

    def get_form_object_kwargs(self):
        return {"amendment": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("description", describe_change(self.object.change))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return pledge_url(self.object.scale.bloc_year_id)


urlpatterns = [
    path("bloc-years/<int:pk>/pledge/", PledgeDetailView.as_view(), name="pledge"),
    path("bloc-years/<int:pk>/pledge/edit/", PledgeEditView.as_view(), name="pledge_edit"),
    path("bloc-years/<int:pk>/pledge/open/", PledgeOpenView.as_view(), name="pledge_open"),
    path("bloc-years/<int:pk>/pledge/targets/<int:department_pk>/", TargetsView.as_view(), name="pledge_targets"),
    path("bloc-years/<int:pk>/pledge/sign/<int:department_pk>/", SignView.as_view(), name="pledge_sign"),
    path("bloc-years/<int:pk>/pledge/amendments/add/", AmendmentRequestView.as_view(), name="amendment_request"),
    path("scale-amendments/<int:pk>/decide/", AmendmentDecideView.as_view(), name="amendment_decide"),
]
