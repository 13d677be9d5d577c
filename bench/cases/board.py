"""The Board's dashboard on a province of 15 blocs x 12 members x 5 years with nominations in every state
(rows "[15x12]"), and of 2 blocs x 3 members (rows "[2x3]"); see bench/generate_awards.py. Target (issue 4):
p95 <= 200 ms with the same number of queries at both sizes. The proposal list export is timed beside it."""
from django.urls import reverse

from bench.generate_awards import awards_world
from bench.registry import case
from bench.timing import measure_get


@case("awards.board_dashboard", target=200.0)
def board_dashboard(world, options):
    awards_world(world)
    return measure_get(user=world.users["board"], url=reverse("awards:board_dashboard"), options=options)


@case("awards.board_dashboard.filtered", target=200.0)
def board_dashboard_filtered(world, options):
    awards_world(world)
    url = reverse("awards:board_dashboard") + "?year=2024&status=submitted&overdue=on"
    return measure_get(user=world.users["board"], url=url, options=options)


@case("awards.proposal_list_export", target=200.0)
def proposal_list_export(world, options):
    awards_world(world)
    return measure_get(user=world.users["board"], url=reverse("awards:board_export"), options=options)
