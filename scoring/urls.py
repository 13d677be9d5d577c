from scoring.views import grid, pledges, ranking, scales, sheets

app_name = "scoring"
urlpatterns = [*scales.urlpatterns, *pledges.urlpatterns, *sheets.urlpatterns, *ranking.urlpatterns, *grid.urlpatterns]
