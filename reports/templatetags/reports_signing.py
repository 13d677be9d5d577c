"""The signatures panel of a report's page (reports/_signatures.html): slots, signatures, the signing form."""
from django import template

from reports.domain.queries.signing import signature_panel
from reports.forms.signing import SignForm

register = template.Library()


@register.inclusion_tag("reports/signing/_panel.html", takes_context=True)
def signatures_panel(context, report):
    user = context["request"].user
    panel = signature_panel(report=report, user=user)
    form = None
    if panel.can_sign:
        labels = {line.key: f"{line.position} – {line.department}" for line in panel.lines}
        form = SignForm(user=user, report=report, open_keys=panel.open_keys, labels=labels, auto_id="id_sign_%s")
    return {"report": report, "panel": panel, "form": form, "request": context["request"],
            "csrf_token": context.get("csrf_token")}
