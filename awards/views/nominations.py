"""Nomination pages: a bloc-year's nominations (with its closed award rounds and quotas), preparing one, its
dossier and history, and each step of the Board's review."""
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from awards.domain import nominations as services
from awards.domain.queries import nominations as queries
from awards.forms import nominations as forms
from emulation.views_base import DomainFormView, ScopedObjectMixin


def detail_url(nomination_pk):
    return reverse("awards:nomination_detail", args=[nomination_pk])


class BlocYearNominationsView(ScopedObjectMixin, DetailView):
    permission_required = "awards.view_nomination"
    template_name = "awards/nominations/bloc_year.html"
    context_object_name = "bloc_year"
    scope = staticmethod(queries.bloc_years_for_nominations)

    def get_context_data(self, **kwargs):
        can_prepare = self.request.user.has_perm(services.PREPARE, self.object)
        kwargs.update(page=queries.bloc_year_nominations(bloc_year=self.object, evaluate=can_prepare),
                      can_prepare=can_prepare)
        return super().get_context_data(**kwargs)


class NominationCreateView(DomainFormView):
    scope = staticmethod(queries.bloc_years_for_nominations)
    permission_required = services.PREPARE
    form_class = forms.NominationForm
    template_name = "awards/nominations/create.html"
    page_title = _("Lập đề nghị khen thưởng")
    success_message = _("Đã lập đề nghị khen thưởng; hãy hoàn thiện hồ sơ rồi gửi Ban Thi đua - Khen thưởng.")

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object}

    def get_initial(self):
        """A chosen candidate's link fills in its award type, unit and round (ids only; others are ignored)."""
        return {name: self.request.GET[name] for name in ("award_type", "department", "ballot_round")
                if self.request.GET.get(name, "").isdigit()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("quotas", queries.quota_lines(bloc_year=self.object))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        if result is None:
            return reverse("awards:bloc_year_nominations", args=[self.object.pk])
        return detail_url(result.pk)


class NominationDetailView(ScopedObjectMixin, DetailView):
    permission_required = "awards.view_nomination"
    template_name = "awards/nominations/detail.html"
    context_object_name = "nomination"
    scope = staticmethod(queries.nomination_detail_queryset)

    def get_context_data(self, **kwargs):
        user, nomination = self.request.user, self.object
        actions = services.available_actions(user, nomination)
        kwargs.update(
            dossier=queries.dossier(nomination=nomination),
            can_edit=services.may_edit_dossier(user, nomination),
            actions=[(name, forms.ActionForm(user=user, nomination=nomination, action=name,
                                             auto_id=f"id_{name}_%s")) for name in actions],
        )
        return super().get_context_data(**kwargs)


class NominationEditView(DomainFormView):
    scope = staticmethod(queries.nominations_visible_to)
    permission_required = services.PREPARE
    form_class = forms.DossierForm
    page_title = _("Hồ sơ đề nghị khen thưởng")
    success_message = _("Đã lưu hồ sơ.")

    def get_form_object_kwargs(self):
        return {"nomination": self.object}

    def get_initial(self):
        return {"summary": self.object.summary}

    def get_success_url(self, result=None):
        return detail_url(self.object.pk)


class NominationReportView(ScopedObjectMixin, DetailView):
    """The achievement report, through Django and the nomination's permission; never a public media URL."""

    permission_required = "awards.view_nomination"
    scope = staticmethod(queries.nominations_visible_to)

    def get(self, request, *args, **kwargs):
        nomination = self.get_permission_object()
        if not nomination.achievement_report:
            raise Http404
        try:
            handle = nomination.achievement_report.open("rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                                filename=f"bao-cao-thanh-tich-{nomination.pk}.pdf")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class NominationActionView(DomainFormView):
    """GET shows the step with its comment box; POST takes it. `action` is a key of services.WORKFLOW."""

    scope = staticmethod(queries.nominations_visible_to)
    form_class = forms.ActionForm
    template_name = "awards/nominations/action.html"
    action = None

    def get_form_object_kwargs(self):
        return {"nomination": self.object, "action": self.action}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", forms.ACTION_LABELS[self.action])
        kwargs.setdefault("quota", next((line for line in queries.quota_lines(bloc_year=self.object.bloc_year)
                                         if line.award_type.pk == self.object.award_type_id), None))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return detail_url(self.object.pk)


SUCCESS = {
    "submit": _("Đã gửi đề nghị tới Ban Thi đua - Khen thưởng."),
    "resubmit": _("Đã gửi lại đề nghị tới Ban Thi đua - Khen thưởng."),
    "start_review": _("Đã bắt đầu xem xét đề nghị."),
    "return": _("Đã trả lại đề nghị để bổ sung."),
    "approve": _("Đã chấp thuận đề nghị."),
    "reject": _("Đã ghi ý kiến không chấp thuận đề nghị."),
}


def _action(name):
    view = NominationActionView.as_view(action=name, permission_required=services.WORKFLOW[name].permission,
                                        success_message=SUCCESS[name])
    return path(f"nominations/<int:pk>/{name.replace('_', '-')}/", view, name=f"nomination_{name}")


urlpatterns = [
    path("bloc-years/<int:pk>/nominations/", BlocYearNominationsView.as_view(), name="bloc_year_nominations"),
    path("bloc-years/<int:pk>/nominations/add/", NominationCreateView.as_view(), name="nomination_create"),
    path("nominations/<int:pk>/", NominationDetailView.as_view(), name="nomination_detail"),
    path("nominations/<int:pk>/dossier/", NominationEditView.as_view(), name="nomination_edit"),
    path("nominations/<int:pk>/report.pdf", NominationReportView.as_view(), name="nomination_report"),
    *[_action(name) for name in services.WORKFLOW],
]
