from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emulation import views

handler404 = "emulation.views.page_not_found"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("api/", include("emulation.api_urls")),
    path("", include("blocs.urls")),
    path("scoring/", include("scoring.urls")),
    path("voting/", include("voting.urls")),
    path("awards/", include("awards.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("decisions/", include("decisions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
