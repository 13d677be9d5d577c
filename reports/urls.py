from reports.views import documents, jobs, signing

app_name = "reports"
urlpatterns = [*documents.urlpatterns, *signing.urlpatterns, *jobs.urlpatterns]
