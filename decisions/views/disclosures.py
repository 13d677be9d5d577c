"""Disclosure pages: the province's lists, one list with its entries, complaints and answers, publishing a
year's list and the period's length (the Board), filing a complaint (departments), answering it and sending
the list to the Council (the Board)."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from decisions.domain import disclosures as services
from decisions.domain.queries import disclosures as queries
from decisions.enums import DisclosureStatus
from decisions.forms import disclosures as forms
from emulation.views_base import DomainFormView, ScopedObjectMixin


def detail_url(disclosure_pk, anchor=""):
    return reverse("decisions:disclosure_detail", args=[disclosure_pk]) + (f"#{anchor}" if anchor else "")


class DisclosureListView(LoginRequiredMixin, ListView):
    template_name = "decisions/disclosure_list.html"
    context_object_name = "disclosures"

    def get_queryset(self):
        return queries.disclosure_list(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        for disclosure in self.object_list:
            disclosure.current_status = services.current_status(disclosure)
        kwargs["publishing"] = [p for p in queries.provinces_for_publishing(user) if user.has_perm(services.MANAGE, p)]
        return super().get_context_data(**kwargs)


class DisclosureDetailView(ScopedObjectMixin, DetailView):
    permission_required = services.VIEW
    template_name = "decisions/disclosure_detail.html"
    context_object_name = "disclosure"
    scope = staticmethod(queries.disclosures_visible_to)

    def get_context_data(self, **kwargs):
        user, disclosure = self.request.user, services.close_disclosure(disclosure=self.object)
        page = queries.disclosure_page(disclosure=disclosure)
        kwargs.update(page=page, can_manage=user.has_perm(services.MANAGE, disclosure),
                      can_file=page.is_open and services.may_file(user, disclosure),
                      kinds=forms.ComplaintForm.base_fields["kind"].choices, text_max=services.TEXT_MAX,
                      can_answer=disclosure.status != DisclosureStatus.SENT_TO_COUNCIL)
        return super().get_context_data(**kwargs)


class PublishView(DomainFormView):
    scope = staticmethod(queries.provinces_for_publishing)
    permission_required = services.MANAGE
    form_class = forms.PublishForm
    template_name = "decisions/disclosure_publish.html"
    page_title = _("Công khai danh sách đề nghị khen thưởng")
    success_message = _("Đã công khai danh sách đề nghị khen thưởng.")

    @cached_property
    def years(self):
        return queries.publishable_years(province=self.object)

    def get_form_object_kwargs(self):
        return {"province": self.object, "years": self.years}

    def chosen_year(self):
        """The year to preview: ?year= when it is one with approved nominations, else the latest unpublished."""
        candidates = [y for y, published in self.years if not published]
        asked = self.request.POST.get("year") or self.request.GET.get("year", "")
        if asked.isdigit() and int(asked) in {y for y, _ in self.years}:
            return int(asked)
        return candidates[0] if candidates else None

    def get_initial(self):
        return {"year": self.chosen_year()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        context.update(province=self.object, years=self.years, year=year,
                       published={y for y, published in self.years if published},
                       preview=queries.publish_preview(province=self.object, year=year) if year else [],
                       working_days=services.settings_of(self.object).disclosure_working_days)
        return context

    def get_success_url(self, result=None):
        return detail_url(result.pk) if result is not None else reverse("decisions:disclosure_list")


class SettingsView(DomainFormView):
    scope = staticmethod(queries.provinces_for_publishing)
    permission_required = services.MANAGE
    form_class = forms.SettingsForm
    page_title = _("Thời hạn công khai danh sách đề nghị")
    success_message = _("Đã lưu thiết lập.")

    def get_form_object_kwargs(self):
        return {"province": self.object}

    def get_initial(self):
        current = services.settings_of(self.object)
        return {"disclosure_working_days": current.disclosure_working_days, "version": current.version}

    def get_success_url(self, result=None):
        return reverse("decisions:disclosure_list")


class ComplaintCreateView(DomainFormView):
    scope = staticmethod(queries.entries_visible_to)
    permission_required = services.FILE
    form_class = forms.ComplaintForm
    template_name = "decisions/complaint_form.html"
    page_title = _("Gửi ý kiến, khiếu nại")
    success_message = _("Đã gửi ý kiến, khiếu nại tới Ban Thi đua - Khen thưởng.")

    def has_permission(self):
        return services.may_file(self.request.user, self.get_permission_object().disclosure)

    def get_form_object_kwargs(self):
        return {"entry": self.object}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("entry", self.object)
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        anchor = f"complaint-{result.pk}" if result is not None else f"entry-{self.object.pk}"
        return detail_url(self.object.disclosure_id, anchor)


class ComplaintAnswerView(DomainFormView):
    scope = staticmethod(queries.complaints_visible_to)
    permission_required = services.MANAGE
    form_class = forms.AnswerForm
    template_name = "decisions/complaint_form.html"
    page_title = _("Trả lời ý kiến, khiếu nại")
    success_message = _("Đã lưu câu trả lời.")

    def get_form_object_kwargs(self):
        return {"complaint": self.object}

    def get_initial(self):
        return {"answer": self.object.answer, "version": self.object.version}

    def get_context_data(self, **kwargs):
        kwargs.update(entry=self.object.entry, complaint=self.object)
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return detail_url(self.object.disclosure_id, f"complaint-{self.object.pk}")


class SendView(DomainFormView):
    scope = staticmethod(queries.disclosures_visible_to)
    permission_required = services.MANAGE
    form_class = forms.SendForm
    template_name = "decisions/disclosure_send.html"
    page_title = _("Trình Hội đồng Thi đua - Khen thưởng")
    success_message = _("Đã trình danh sách lên Hội đồng Thi đua - Khen thưởng.")

    def get_form_object_kwargs(self):
        return {"disclosure": self.object}

    def get_context_data(self, **kwargs):
        kwargs["blockers"] = services.send_blockers(self.object, unanswered=queries.unanswered_count(self.object))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return detail_url(self.object.pk)


urlpatterns = [
    path("disclosures/", DisclosureListView.as_view(), name="disclosure_list"),
    path("disclosures/<int:pk>/", DisclosureDetailView.as_view(), name="disclosure_detail"),
    path("disclosures/<int:pk>/send/", SendView.as_view(), name="disclosure_send"),
    path("provinces/<int:pk>/disclosures/publish/", PublishView.as_view(), name="disclosure_publish"),
    path("provinces/<int:pk>/disclosures/settings/", SettingsView.as_view(), name="disclosure_settings"),
    path("disclosure-entries/<int:pk>/complaints/add/", ComplaintCreateView.as_view(), name="complaint_create"),
    path("complaints/<int:pk>/answer/", ComplaintAnswerView.as_view(), name="complaint_answer"),
]
