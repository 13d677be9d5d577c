"""The form renderer: Django's, with the select widget drawn by one template.

Django's select.html includes a template for each option, and that one includes the attributes' template:
two template loads per option. The Board's dashboard filters have some forty options, and those includes
were a sixth of its rendering time. templates/forms/ comes first in the renderer's directories and holds a
select.html that writes each option inline, to the same markup (a Select's option has no attribute but
`selected`).
"""
from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend({
            "APP_DIRS": True,
            "DIRS": [Path(settings.BASE_DIR) / "templates" / "forms", Path(django.forms.__file__).parent / "templates"],
            "NAME": "djangoforms",
            "OPTIONS": {},
        })
