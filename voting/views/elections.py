"""Election pages (filled in by its slice)."""

urlpatterns = []
