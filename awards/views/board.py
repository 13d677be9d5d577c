"""The Board's dashboard pages (filled in by its slice)."""

urlpatterns = []
