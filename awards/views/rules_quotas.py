"""Award types, rule sets, eligibility and quota pages (filled in by its slice)."""

urlpatterns = []
