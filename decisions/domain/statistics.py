"""The province's awards for the national database of emulation and commendation, as CSV and JSON.

The layout is a contract (docs/national-export.md): the fields, their names, order and types below change
only with a new SCHEMA_VERSION. CSV: UTF-8 with a byte-order mark, comma-separated, CRLF line ends, one
header row of the field names, empty cell for no value. JSON: UTF-8 without BOM, an object with
`schema_version`, `generated_at`, `province`, `filters`, `count` and `awards` (objects whose keys are the
fields in the same order, null for no value). Dates are ISO 8601 (YYYY-MM-DD). Only live awards are exported.
"""
import csv
import io
import json

from django.utils import timezone
from django.utils.text import slugify

from decisions.domain.queries.statistics import export_awards

SCHEMA_VERSION = "1.0"
FIELDS = [
    "award_id", "province_code", "province_name", "year", "award_type_code", "award_type_name",
    "recipient_kind", "person_name", "department_id", "department_name", "department_name_at_time",
    "current_department_id", "current_department_name", "bloc_name", "decision_reference", "decision_date",
    "source",
]
BOM = "\ufeff"


def export_records(filters):
    """One dict per live award, keys in FIELDS order (None for no value)."""
    awards, memberships, today = export_awards(filters)
    province = filters.province
    records = []
    for a in awards:
        department_id, year = a["department_id"], a["year"]
        name_then, bloc = memberships.get((department_id, year), (a["department__name"], None))
        current_id, current_name = today[department_id]
        records.append(dict(zip(FIELDS, [
            a["pk"], province.code, province.name, year, a["award_type__code"], a["award_type__name"],
            "individual" if a["person_name"] else "collective", a["person_name"] or None, department_id,
            a["department__name"], name_then, current_id, current_name, bloc, a["decision_reference"] or None,
            a["decided_on"].isoformat() if a["decided_on"] else None, a["source"],
        ])))
    return records


def export_csv(filters):
    """The CSV file's bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for record in export_records(filters):
        writer.writerow(["" if value is None else value for value in record.values()])
    return (BOM + buffer.getvalue()).encode("utf-8")


def export_document(filters):
    """The JSON document as a Python object."""
    records = export_records(filters)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "province": {"code": filters.province.code, "name": filters.province.name},
        "filters": filters.as_json(),
        "count": len(records),
        "awards": records,
    }


def export_json(filters):
    """The JSON file's bytes."""
    return json.dumps(export_document(filters), ensure_ascii=False, indent=1).encode("utf-8")


def export_filename(filters, extension):
    base = slugify(filters.province.code) or "tinh"
    years = ""
    if filters.year_from or filters.year_to:
        years = f"-{filters.year_from or ''}-{filters.year_to or ''}"
    return f"khen-thuong-{base}{years}.{extension}"
