"""URLs of the load test (emulation.settings.load): every normal URL, plus /load/ok/, a plain Django view that
answers "ok" through the whole middleware stack, for the framework's ceiling on the same machine."""
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from emulation.urls import handler404, urlpatterns as base_urlpatterns  # noqa: F401 (handler404 is read here)


@login_not_required
def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("load/ok/", ok, name="load_ok"), *base_urlpatterns]
