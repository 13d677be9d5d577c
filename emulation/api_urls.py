"""The JSON API: /api/v1/… (versioned resources), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI).

The Swagger UI is served from drf-spectacular-sidecar and loads its start-up script from a URL of its
own (SpectacularSwaggerSplitView), so the strict Content-Security-Policy needs no inline script.
"""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from accounts.api import ObtainTokenView, UserViewSet
from awards import api as awards_api
from decisions import api as decisions_api
from notifications import api as notifications_api
from reports import api as reports_api
from scoring import api as scoring_api
from voting import api as voting_api
from blocs.api import BlocViewSet, BlocYearViewSet, ConferenceViewSet, DepartmentViewSet, MembershipViewSet, \
    ProvinceViewSet

router = SimpleRouter()
router.register("provinces", ProvinceViewSet, basename="province")
router.register("departments", DepartmentViewSet, basename="department")
router.register("blocs", BlocViewSet, basename="bloc")
router.register("bloc-years", BlocYearViewSet, basename="blocyear")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("conferences", ConferenceViewSet, basename="conference")
router.register("users", UserViewSet, basename="user")
scoring_api.register(router)
voting_api.register(router)
awards_api.register(router)
notifications_api.register(router)
reports_api.register(router)
decisions_api.register(router)

v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # No OPTIONS metadata: drf-spectacular would render it into the Swagger page template and fail.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", metadata_class=None), name="swagger-ui"),
]
