from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        # Each reports/domain/documents*.py registers its builders (contexts.BUILDERS) on import.
        import importlib
        import pkgutil

        from reports import domain

        for info in pkgutil.iter_modules(domain.__path__):
            if info.name.startswith("documents"):
                importlib.import_module(f"reports.domain.{info.name}")
