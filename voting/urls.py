from voting.views import elections, rounds

app_name = "voting"
urlpatterns = [*rounds.urlpatterns, *elections.urlpatterns]
