"""HTML → PDF with WeasyPrint in the Decree 30/2020 layout (reports/templates/reports/documents/)."""
import os
import time
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "reports" / "documents" / "decree30.css"
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (96 per inch); PDF user space is in points (72 per inch)
SIGNATURE_BOX_PREFIX = "sig-"


def render_html(*, kind, context):
    """The document as HTML, always in Vietnamese: it is an official paper whatever the requester reads."""
    from reports.domain import charts

    with translation.override("vi"):
        return render_to_string(f"reports/documents/{kind}.html",
                                {"doc": context, "document": context["document"],
                                 "charts": charts.charts_for(kind=kind, context=context)})


def html_to_document(html):
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(STYLESHEET.parent)).render(
        stylesheets=[CSS(filename=str(STYLESHEET), font_config=fonts)], font_config=fonts)


def render_pdf(*, kind, context):
    """Return (pdf bytes, page count, signature boxes)."""
    document = html_to_document(render_html(kind=kind, context=context))
    pdf = document.write_pdf()
    _injected_faults()
    return pdf, len(document.pages), signature_boxes(document)


def _injected_faults():
    """The worker tests' faults (settings that only emulation.settings.test defines): a pause between the
    rendering and the storing of the file, and a one-time OSError."""
    flag = getattr(settings, "REPORTS_TEST_FAIL_ONCE_FLAG", "")
    if flag and os.path.exists(flag):
        os.remove(flag)
        raise OSError(f"injected transient fault ({flag})")
    delay = getattr(settings, "REPORTS_TEST_RENDER_DELAY", 0)
    if delay:
        time.sleep(delay)


def signature_boxes(document):
    """Where each empty signature box (an element with id "sig-…") landed: page index and the box in PDF
    points from the bottom-left corner, the coordinates pyHanko wants for a visible signature field."""
    boxes = {}
    for index, page in enumerate(document.pages):
        for anchor, (x1, y1, x2, y2) in page.anchors.items():
            if anchor.startswith(SIGNATURE_BOX_PREFIX) and anchor not in boxes:
                box = [x1, page.height - y2, x2, page.height - y1]
                boxes[anchor] = {"page": index, "box": [round(v * PX_TO_PT, 2) for v in box]}
    return boxes
