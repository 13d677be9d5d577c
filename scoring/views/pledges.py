"""Pages of the scoring app: pledges (filled in by its slice)."""

urlpatterns = []
