"""Ballot pages: a member's ballot (and the receipt shown once), paper ballots entered by the secretariat,
and the receipt check.

Secrecy: the receipt code appears only in the response to the vote (no redirect, no session, no message,
never in a URL, so no access log holds it); the check posts the code for the same reason.
"""
import rules
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from emulation.views_base import DomainFormView, ScopedObjectMixin
from voting import forms
from voting.domain import ballots as services
from voting.domain.queries import rounds as queries
from voting.domain.receipts import display
from voting.enums import BallotRoundStatus


def may_cast(user, round_):
    """The rule itself, not `user.has_perm`: a superuser has every permission but no department to vote for."""
    return rules.has_perm("voting.cast_ballot", user, round_)


def voter_context(user, round_, state):
    """What a member's staff sees of its own ballot: may it vote, has its department voted, and how."""
    own = next((row for row in state.roll if row.department_id == user.department_id), None)
    may_vote = may_cast(user, round_)
    return {
        "own_row": own if may_vote else None,
        "can_vote": may_vote and round_.status == BallotRoundStatus.OPEN and own is not None and own.channel is None,
    }


class VoteView(DomainFormView):
    """GET: the ballot (or the department's voting state); POST: casts it and answers with the receipt."""

    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "voting.cast_ballot"
    form_class = forms.BallotForm
    template_name = "voting/rounds/vote.html"
    page_title = gettext_lazy("Phiếu bầu")

    def has_permission(self):
        return super().has_permission() and may_cast(self.request.user, self.object)

    def get_form_object_kwargs(self):
        return {"round": self.object, "names": queries.names_at_time(self.object.bloc_year_id)}

    def get_context_data(self, **kwargs):
        state = queries.round_state(round=self.object)
        kwargs.update(round=self.object, bloc_year=self.object.bloc_year, state=state,
                      **voter_context(self.request.user, self.object, state))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        code = form.save()
        if form.errors:
            return self.form_invalid(form)
        response = self.response_class(request=self.request, template="voting/rounds/receipt.html", context={
            "round": self.object, "code": display(code)})
        add_never_cache_headers(response)
        return response

    def get_success_url(self, result=None):
        return reverse("voting:round_detail", args=[self.object.pk])


class PaperBallotView(DomainFormView):
    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "voting.manage_round"
    form_class = forms.PaperBallotForm
    template_name = "voting/rounds/paper.html"
    page_title = gettext_lazy("Ghi nhận phiếu giấy")

    def get_form_object_kwargs(self):
        return {"round": self.object, "names": queries.names_at_time(self.object.bloc_year_id)}

    def get_context_data(self, **kwargs):
        kwargs.update(round=self.object, bloc_year=self.object.bloc_year, state=queries.round_state(round=self.object))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        form.save()
        if form.errors:
            return self.form_invalid(form)
        name = form.fields["department"].label_from_instance(form.cleaned_data["department"])
        messages.success(self.request, _("Đã ghi nhận phiếu giấy của %(dept)s.") % {"dept": name})
        return redirect("voting:round_paper", self.object.pk)

    def get_success_url(self, result=None):
        return reverse("voting:round_detail", args=[self.object.pk])


class ReceiptCheckView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """Anyone who sees the round may check a receipt code; the answer is only "in the box" or not."""

    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "voting.view_round"
    form_class = forms.ReceiptForm
    template_name = "voting/rounds/receipt_check.html"

    def form_valid(self, form):
        found = services.verify_receipt(round=self.object, code=form.cleaned_data["code"])
        response = self.render_to_response(self.get_context_data(form=forms.ReceiptForm(), checked=True,
                                                                 found=found))
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        kwargs.setdefault("round", self.object)
        kwargs.setdefault("bloc_year", self.object.bloc_year)
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("rounds/<int:pk>/vote/", VoteView.as_view(), name="round_vote"),
    path("rounds/<int:pk>/paper/", PaperBallotView.as_view(), name="round_paper"),
    path("rounds/<int:pk>/receipt/", ReceiptCheckView.as_view(), name="receipt_check"),
]
