"""The scoring app's API: each area registers its own viewsets."""
from scoring.api import pledges, ranking, scales, sheets


def register(router):
    for area in (scales, pledges, sheets, ranking):
        area.register(router)
