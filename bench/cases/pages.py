"""Pages everyone opens first: the dashboard per role and a bloc-year page (target p95 <= 100 ms)."""
from django.urls import reverse

from bench.registry import case
from bench.timing import measure_get


@case("dashboard.board", target=100.0)
def dashboard_board(world, options):
    return measure_get(user=world.users["board"], url=reverse("dashboard"), options=options)


@case("dashboard.secretariat", target=100.0)
def dashboard_secretariat(world, options):
    return measure_get(user=world.users["secretariat"], url=reverse("dashboard"), options=options)


@case("dashboard.leader", target=100.0)
def dashboard_leader(world, options):
    return measure_get(user=world.users["leader"], url=reverse("dashboard"), options=options)


@case("dashboard.officer", target=100.0)
def dashboard_officer(world, options):
    return measure_get(user=world.users["officer"], url=reverse("dashboard"), options=options)


@case("bloc_year.board", target=100.0)
def bloc_year_board(world, options):
    url = reverse("blocs:bloc_year_detail", args=[world.bloc_years[0].pk])
    return measure_get(user=world.users["board"], url=url, options=options)
