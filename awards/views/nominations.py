"""Nomination pages (filled in by its slice)."""

urlpatterns = []
