"""Pages of the scoring app: ranking (filled in by its slice)."""

urlpatterns = []
