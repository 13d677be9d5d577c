"""Ballot round pages (filled in by its slice)."""

urlpatterns = []
