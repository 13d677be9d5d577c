"""The bloc-year screen and the secretariat's actions on it: members, leadership, phase, conferences."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from blocs import forms
from blocs.domain import queries, services
from emulation.views_base import DomainFormView, ScopedObjectMixin


class BlocYearDetailView(ScopedObjectMixin, DetailView):
    permission_required = "blocs.view_blocyear"
    template_name = "blocs/bloc_year_detail.html"
    context_object_name = "bloc_year"

    scope = staticmethod(queries.bloc_year_detail_queryset)

    def get_context_data(self, **kwargs):
        user, bloc_year = self.request.user, self.object
        can_manage = user.has_perm("blocs.change_blocyear", bloc_year)
        kwargs.update(
            can_manage=can_manage,
            memberships=bloc_year.memberships.all(),
            conferences=bloc_year.conferences.all(),
            membership_open=bloc_year.phase in services.MEMBERSHIP_OPEN_PHASES,
        )
        if can_manage and kwargs["membership_open"]:
            kwargs["add_member_form"] = forms.AddMemberForm(user=user, bloc_year=bloc_year)
        return super().get_context_data(**kwargs)


class BlocYearActionView(DomainFormView):
    scope = staticmethod(queries.bloc_years_visible_to)
    permission_required = "blocs.change_blocyear"

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object}

    def get_success_url(self, result=None):
        return reverse("blocs:bloc_year_detail", args=[self.object.pk])


class AddMemberView(BlocYearActionView):
    permission_required = "blocs.manage_members"
    form_class = forms.AddMemberForm
    page_title = _("Thêm đơn vị thành viên")
    success_message = _("Đã thêm đơn vị thành viên.")


class LeadershipView(BlocYearActionView):
    form_class = forms.LeadershipForm
    page_title = _("Khối trưởng, khối phó và chủ đề")
    success_message = _("Đã lưu khối trưởng, khối phó.")

    def get_initial(self):
        by = self.object
        return {"leader": by.leader_id, "deputy": by.deputy_id, "theme": by.theme, "version": by.version}


class PhaseView(BlocYearActionView):
    form_class = forms.PhaseForm
    page_title = _("Chuyển giai đoạn")
    success_message = _("Đã chuyển giai đoạn.")

    def get_initial(self):
        return {"version": self.object.version}


class ConferenceAddView(BlocYearActionView):
    permission_required = "blocs.manage_conferences"
    form_class = forms.ConferenceForm
    page_title = _("Thêm hội nghị")
    success_message = _("Đã lưu hội nghị.")


class ConferenceEditView(DomainFormView):
    scope = staticmethod(queries.conferences_visible_to)
    permission_required = "blocs.manage_conferences"
    form_class = forms.ConferenceForm
    page_title = _("Sửa hội nghị")
    success_message = _("Đã lưu hội nghị.")

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object.bloc_year, "conference": self.object}

    def get_success_url(self, result=None):
        return reverse("blocs:bloc_year_detail", args=[self.object.bloc_year_id])


class ConfirmDeleteView(ScopedObjectMixin, DetailView):
    """GET shows a confirmation page; POST calls the domain function."""

    template_name = "confirm_delete.html"
    success_message = ""

    def post(self, request, *args, **kwargs):
        target = self.get_success_url()
        try:
            self.perform()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.success_message)
        return redirect(target)

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = self.get_success_url()
        return super().get_context_data(**kwargs)


class RemoveMemberView(ConfirmDeleteView):
    scope = staticmethod(queries.memberships_visible_to)
    permission_required = "blocs.manage_members"
    success_message = _("Đã xóa đơn vị khỏi khối.")

    def perform(self):
        services.remove_member(membership=self.object, user=self.request.user)

    def get_success_url(self):
        return reverse("blocs:bloc_year_detail", args=[self.object.bloc_year_id])


class ConferenceDeleteView(ConfirmDeleteView):
    scope = staticmethod(queries.conferences_visible_to)
    permission_required = "blocs.manage_conferences"
    success_message = _("Đã xóa hội nghị.")

    def perform(self):
        services.delete_conference(conference=self.object, user=self.request.user)

    def get_success_url(self):
        return reverse("blocs:bloc_year_detail", args=[self.object.bloc_year_id])
