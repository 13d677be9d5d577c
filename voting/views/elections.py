"""The election of next year's leader and deputy, on a bloc-year: its page and the secretariat's actions
(start, rotation entry, a new round when one ended without a winner, closing with the flag hand-over)."""
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from blocs.domain.queries import bloc_years_visible_to
from emulation.views_base import DomainFormView, ScopedObjectMixin
from voting import forms
from voting.domain.queries import elections as queries
from voting.enums import ElectionMethod, ElectionStatus


def election_url(bloc_year_pk):
    return reverse("voting:election", args=[bloc_year_pk])


class ElectionView(ScopedObjectMixin, DetailView):
    permission_required = "voting.view_election"
    template_name = "voting/elections/election.html"
    context_object_name = "bloc_year"
    scope = staticmethod(bloc_years_visible_to)

    def get_object(self, queryset=None):
        return getattr(self, "object", None) or super().get_object(queryset)

    def get_context_data(self, **kwargs):
        user, bloc_year = self.request.user, self.object
        page = queries.election_page(bloc_year=bloc_year)
        election = page.election
        can_manage = user.has_perm("voting.manage_election", bloc_year)
        is_open = election is not None and election.status == ElectionStatus.OPEN
        kwargs.update(page=page, election=election, can_manage=can_manage, methods=ElectionMethod)
        if can_manage and election is None:
            kwargs["start_form"] = forms.StartElectionForm(user=user, bloc_year=bloc_year)
        if can_manage and is_open:
            if election.method == ElectionMethod.ROTATION:
                kwargs["rotation_form"] = forms.RotationForm(user=user, election=election, initial={
                    "leader": election.leader_id, "deputy": election.deputy_id})
            kwargs["close_form"] = forms.CloseElectionForm(user=user, election=election)
        return super().get_context_data(**kwargs)


class ElectionActionView(DomainFormView):
    scope = staticmethod(bloc_years_visible_to)
    permission_required = "voting.manage_election"

    def get_success_url(self, result=None):
        return election_url(self.object.pk)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("bloc_year", self.object)
        return super().get_context_data(**kwargs)


class StartElectionView(ElectionActionView):
    form_class = forms.StartElectionForm
    page_title = _("Bắt đầu bầu khối trưởng, khối phó năm sau")
    success_message = _("Đã bắt đầu bầu khối trưởng, khối phó.")

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object}


class OpenElectionActionView(ElectionActionView):
    """An action on the bloc-year's election: none yet → 404."""

    def has_permission(self):
        allowed = super().has_permission()
        self.election = queries.election_of(self.object)
        if allowed and self.election is None:
            raise Http404
        return allowed

    def get_form_object_kwargs(self):
        return {"election": self.election}


class RotationView(OpenElectionActionView):
    form_class = forms.RotationForm
    page_title = _("Khối trưởng, khối phó năm sau theo luân phiên")
    success_message = _("Đã lưu khối trưởng, khối phó đã thống nhất.")

    def get_initial(self):
        return {"leader": self.election.leader_id, "deputy": self.election.deputy_id}


class NewElectionRoundView(OpenElectionActionView):
    form_class = forms.NewElectionRoundForm
    page_title = _("Tạo vòng bầu mới")
    success_message = _("Đã tạo vòng bầu mới; hãy mở bỏ phiếu khi sẵn sàng.")

    def get_success_url(self, result=None):
        return reverse("voting:round_detail", args=[result.pk]) if result else election_url(self.object.pk)


class CloseElectionView(OpenElectionActionView):
    form_class = forms.CloseElectionForm
    template_name = "voting/elections/close.html"
    page_title = _("Kết thúc bầu khối trưởng, khối phó")
    success_message = _("Đã kết thúc bầu; năm thi đua mới đã có khối trưởng, khối phó và thành viên.")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page", queries.election_page(bloc_year=self.object))
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("bloc-years/<int:pk>/election/", ElectionView.as_view(), name="election"),
    path("bloc-years/<int:pk>/election/start/", StartElectionView.as_view(), name="election_start"),
    path("bloc-years/<int:pk>/election/rotation/", RotationView.as_view(), name="election_rotation"),
    path("bloc-years/<int:pk>/election/new-round/", NewElectionRoundView.as_view(), name="election_new_round"),
    path("bloc-years/<int:pk>/election/close/", CloseElectionView.as_view(), name="election_close"),
]
