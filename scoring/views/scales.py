"""Pages of the scoring app: scales (filled in by its slice)."""

urlpatterns = []
