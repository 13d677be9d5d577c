from awards.views import board, nominations, rules_quotas

app_name = "awards"
urlpatterns = [*rules_quotas.urlpatterns, *nominations.urlpatterns, *board.urlpatterns]
