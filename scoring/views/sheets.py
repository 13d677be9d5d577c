"""Pages of the scoring app: sheets (filled in by its slice)."""

urlpatterns = []
