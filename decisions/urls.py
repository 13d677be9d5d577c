from decisions.views import disclosures, history, records, statistics

app_name = "decisions"
urlpatterns = [*disclosures.urlpatterns, *records.urlpatterns, *history.urlpatterns, *statistics.urlpatterns]
