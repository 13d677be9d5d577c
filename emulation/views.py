"""The dashboard: what waits for the signed-in user, by role."""
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from django.views.generic import TemplateView

from blocs.domain import queries
from awards.domain.queries.nominations import nominations_waiting_for
from scoring.domain.queries import dashboard as scoring_queries
from voting.domain.queries.rounds import rounds_to_vote


class DashboardView(TemplateView):
    template_name = "dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        open_years = list(queries.open_bloc_years(user=user)[:50])
        kwargs.update(
            open_years=open_years,
            needing_setup=[by for by in open_years
                           if self._needs_setup(by) and user.has_perm("blocs.change_blocyear", by)],
            upcoming_conferences=list(queries.upcoming_conferences(user=user)[:20]),
            provinces=list(queries.provinces_visible_to(user)[:10]),
            own_department=user.department,
            pledges_to_sign=list(scoring_queries.pledges_to_sign(user)[:20]),
            targets_to_register=list(scoring_queries.targets_to_register(user)[:20]),
            sheets_to_fill=list(scoring_queries.sheets_to_fill(user)[:50]),
            amendments_to_decide=list(scoring_queries.amendments_to_decide(user)[:20]),
            rounds_to_vote=list(rounds_to_vote(user).select_related("bloc_year__bloc")[:20]),
            # Only what the list shows: with the selector's eight-table join PostgreSQL spent 17 ms planning it.
            nominations_waiting=list(nominations_waiting_for(user).select_related(None).select_related(
                "bloc_year__bloc", "award_type", "department")[:30]),
        )
        return super().get_context_data(**kwargs)

    @staticmethod
    def _needs_setup(bloc_year):
        return not bloc_year.leader_id or not bloc_year.deputy_id or bloc_year.member_count < 2


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def page_not_found(request, exception):
    """An API client gets JSON for an address no route matches, as for every other API error."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Không tìm thấy.")}, status=404)
    return defaults.page_not_found(request, exception)
