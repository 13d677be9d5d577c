"""Nominations API (filled in by its slice)."""


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
