from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; the API answers 401/403 itself, so it is left to DRF."""

    exempt_prefixes = ("/api/", "/static/", "/i18n/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.exempt_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class CookieOrDefaultLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language: the browser's Accept-Language is ignored,
    so an English-configured office PC still shows the Vietnamese interface by default."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
