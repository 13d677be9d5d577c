"""Ballot round pages: a bloc-year's rounds (and creating one), a round's page, opening, closing and
cancelling it, its results and vote-count minutes. Casting, paper ballots and receipts: views/ballots.py."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from blocs.domain.queries import bloc_years_visible_to
from emulation.views_base import DomainFormView, ScopedObjectMixin
from voting import forms
from voting.domain import rounds as services
from voting.domain import tally
from voting.domain.queries import rounds as queries
from voting.enums import BallotRoundStatus
from voting.views import ballots


def round_url(round_pk):
    return reverse("voting:round_detail", args=[round_pk])


class RoundListView(ScopedObjectMixin, DetailView):
    permission_required = "voting.view_round"
    template_name = "voting/rounds/list.html"
    context_object_name = "bloc_year"
    scope = staticmethod(bloc_years_visible_to)

    def get_context_data(self, **kwargs):
        kwargs.update(rounds=queries.rounds_of_bloc_year(user=self.request.user, bloc_year=self.object),
                      can_manage=self.request.user.has_perm("voting.manage_round", self.object))
        return super().get_context_data(**kwargs)


class RoundCreateView(DomainFormView):
    scope = staticmethod(bloc_years_visible_to)
    permission_required = "voting.manage_round"
    form_class = forms.RoundForm
    template_name = "voting/rounds/create.html"
    page_title = _("Tạo vòng bỏ phiếu kín")
    success_message = _("Đã tạo vòng bỏ phiếu; kiểm tra danh sách ứng cử rồi mở bỏ phiếu.")

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object, "names": queries.names_at_time(self.object.pk),
                "ranked": queries.ranking_order(self.object)}

    def get_initial(self):
        top = self.top_form()
        if not top.is_valid():
            return {}
        try:
            departments = services.candidates_from_ranking(bloc_year=self.object, top=top.cleaned_data["top"])
        except ValidationError as exc:
            self.top_error = " ".join(exc.messages)
            return {}
        return {"candidates": [d.pk for d in departments], "seats": 1, "choices_allowed": 1}

    def top_form(self):
        if not hasattr(self, "_top_form"):
            self._top_form = forms.TopForm(self.request.GET if "top" in self.request.GET else None)
        return self._top_form

    def get_context_data(self, **kwargs):
        kwargs.update(bloc_year=self.object, top_form=self.top_form(), top_error=getattr(self, "top_error", ""),
                      has_ranking=bool(queries.ranking_order(self.object)))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return round_url(result.pk) if result else reverse("voting:round_list", args=[self.object.pk])


class RoundDetailView(ScopedObjectMixin, DetailView):
    permission_required = "voting.view_round"
    template_name = "voting/rounds/detail.html"
    context_object_name = "round"
    scope = staticmethod(queries.rounds_visible_to)

    def get_object(self, queryset=None):
        return getattr(self, "object", None) or super().get_object(queryset)

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.object
        state = queries.round_state(round=round_)
        kwargs.update(state=state, bloc_year=round_.bloc_year, **ballots.voter_context(user, round_, state),
                      can_manage=user.has_perm("voting.manage_round", round_))
        if kwargs["can_vote"]:
            kwargs["form"] = forms.BallotForm(user=user, round=round_, names=state.names)
        return super().get_context_data(**kwargs)


class RoundActionView(DomainFormView):
    """A confirmed action on a round; back to the round's page."""

    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "voting.manage_round"
    template_name = "voting/rounds/confirm.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("round", self.object)
        kwargs.setdefault("bloc_year", self.object.bloc_year)
        kwargs.setdefault("state", queries.round_state(round=self.object))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return round_url(self.object.pk)


class RoundOpenView(RoundActionView):
    form_class = forms.ConfirmForm
    page_title = _("Mở bỏ phiếu")
    success_message = _("Đã mở bỏ phiếu; các đơn vị thành viên có thể bỏ phiếu.")

    def get_form_object_kwargs(self):
        return {"round": self.object, "action": services.open_round, "submit_label": _("Mở bỏ phiếu")}


class RoundCloseView(RoundActionView):
    form_class = forms.ConfirmForm
    page_title = _("Kết thúc bỏ phiếu và kiểm phiếu")
    success_message = _("Đã kiểm phiếu.")

    def get_form_object_kwargs(self):
        return {"round": self.object, "action": tally.close_round, "submit_label": _("Kiểm phiếu")}

    def get_success_url(self, result=None):
        return reverse("voting:round_results", args=[self.object.pk]) if result else round_url(self.object.pk)


class RoundCancelView(RoundActionView):
    form_class = forms.CancelForm
    page_title = _("Hủy vòng bỏ phiếu")
    success_message = _("Đã hủy vòng bỏ phiếu.")

    def get_form_object_kwargs(self):
        return {"round": self.object}


class ResultsView(ScopedObjectMixin, DetailView):
    """The count of a closed round (other rounds: back to their page)."""

    permission_required = "voting.view_round"
    template_name = "voting/rounds/results.html"
    context_object_name = "round"
    scope = staticmethod(queries.rounds_visible_to)

    def get_object(self, queryset=None):
        return getattr(self, "object", None) or super().get_object(queryset)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status != BallotRoundStatus.CLOSED:
            messages.info(request, _("Vòng bỏ phiếu chưa kiểm phiếu."))
            return redirect(round_url(self.object.pk))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        round_ = self.object
        kwargs.update(result=round_.result, runoff=round_.runoffs.order_by("id").first(), bloc_year=round_.bloc_year,
                      chosen=queries.chosen_departments(round_),
                      chosen_names=[row["name"] for row in round_.result.get("counts", []) if row["chosen"]])
        return super().get_context_data(**kwargs)


class MinutesView(ResultsView):
    """Biên bản kiểm phiếu: a page of its own, laid out for printing (the report pipeline renders it later)."""

    template_name = "voting/rounds/minutes.html"

    def get_context_data(self, **kwargs):
        kwargs["counters"] = self.request.user.get_full_name() or self.request.user.username
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("bloc-years/<int:pk>/rounds/", RoundListView.as_view(), name="round_list"),
    path("bloc-years/<int:pk>/rounds/new/", RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/open/", RoundOpenView.as_view(), name="round_open"),
    path("rounds/<int:pk>/close/", RoundCloseView.as_view(), name="round_close"),
    path("rounds/<int:pk>/cancel/", RoundCancelView.as_view(), name="round_cancel"),
    path("rounds/<int:pk>/results/", ResultsView.as_view(), name="round_results"),
    path("rounds/<int:pk>/minutes/", MinutesView.as_view(), name="round_minutes"),
    *ballots.urlpatterns,
]
