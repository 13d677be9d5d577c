"""HTML → PDF with WeasyPrint in the Decree 30/2020 layout (reports/templates/reports/documents/)."""
import os
import time
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

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


class OfflineFetcher(URLFetcher):
    """The documents are rendered from the app's own files only: a worker on a provincial intranet must not
    reach out (and a text a secretariat typed must not make it fetch anything). data: URLs and files inside
    the project pass; every other URL is refused and the rendering goes on without it."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"})

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(Path(settings.BASE_DIR).resolve()):
                raise ValueError(f"outside the application: {url}")
        return super().fetch(url, headers)


def html_to_document(html):
    fonts, fetcher = FontConfiguration(), OfflineFetcher()
    return HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher)], font_config=fonts)


def render_pdf(*, kind, context):
    """Return (pdf bytes, page count, signature boxes)."""
    document = html_to_document(render_html(kind=kind, context=context))
    pdf = document.write_pdf()
    _injected_faults()
    return pdf, len(document.pages), signature_boxes(document)


def _injected_faults():
    """The worker tests' faults (settings that only emulation.settings.test defines): a pause between the
    rendering and the storing of the file, and an OSError for as many renderings as the flag file says (a
    number; anything else means once)."""
    flag = getattr(settings, "REPORTS_TEST_FAIL_ONCE_FLAG", "")
    if flag and os.path.exists(flag):
        text = Path(flag).read_text().strip()
        left = int(text) - 1 if text.isdigit() else 0
        if left > 0:
            Path(flag).write_text(str(left))
        else:
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
