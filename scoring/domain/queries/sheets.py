"""Reads shared by the rounds, inspections and sheet pages, the API and the exporter; each filters by the
permission scopes of scoring/rules.py, so a row out of reach is simply absent (a 404)."""
from django.db.models import Count, Exists, OuterRef, Q

from blocs.models import BlocYear, Department
from blocs.rules import bloc_year_scope
from scoring.enums import RoundStatus, SheetKind, SheetStatus
from scoring.models import Criterion, Evidence, Inspection, ScoreEntry, ScoreSheet, ScoringRound
from scoring.rules import sheet_scope, visible_sheets


def _visible_years(user):
    return BlocYear.objects.filter(bloc_year_scope(user)).values("pk")


def rounds_visible_to(user):
    return ScoringRound.objects.filter(bloc_year__in=_visible_years(user)).select_related(
        "bloc_year__bloc__province", "finalised_by")


def rounds_of_bloc_year(*, user, bloc_year):
    """The bloc-year's rounds with their sheet counts (total and submitted), in one query."""
    return (rounds_visible_to(user).filter(bloc_year=bloc_year)
            .annotate(sheet_count=Count("sheets", distinct=True),
                      submitted_count=Count("sheets", filter=Q(sheets__status=SheetStatus.SUBMITTED),
                                            distinct=True))
            .order_by("kind"))


def inspections_visible_to(user):
    return Inspection.objects.filter(round__bloc_year__in=_visible_years(user)).select_related(
        "round__bloc_year__bloc", "inspector", "inspected")


def inspections_of_round(*, user, round):  # noqa: A002
    """The round's assignments with whether each cross sheet has points yet, in one query."""
    has_entries = ScoreEntry.objects.filter(
        sheet__round_id=OuterRef("round_id"), sheet__kind=SheetKind.CROSS,
        sheet__scored_id=OuterRef("inspected_id"), sheet__scorer_id=OuterRef("inspector_id"))
    return (inspections_visible_to(user).filter(round=round).annotate(started=Exists(has_entries))
            .order_by("inspected__name", "inspector__name"))


def inspection_load(inspections, members):
    """Per member: how many it inspects and by how many it is inspected, from rows already fetched."""
    load = {m.pk: {"department": m, "inspects": 0, "inspected_by": 0} for m in members}
    for inspection in inspections:
        load.setdefault(inspection.inspector_id, {"department": inspection.inspector, "inspects": 0,
                                                  "inspected_by": 0})["inspects"] += 1
        load.setdefault(inspection.inspected_id, {"department": inspection.inspected, "inspects": 0,
                                                  "inspected_by": 0})["inspected_by"] += 1
    return sorted(load.values(), key=lambda row: row["department"].name)


def members_of(bloc_year):
    return Department.objects.filter(memberships__bloc_year=bloc_year).order_by("name")


def sheets_visible_to(user):
    return visible_sheets(user).select_related(
        "round__bloc_year__bloc__province", "scored", "scorer")


def sheets_for_cells(user):
    """sheets_visible_to for the grid's JSON endpoints, joined to the round only: a cell save is a third of
    the year-end rush's requests, and the page's seven-table join cost it more to plan than to run."""
    return visible_sheets(user).select_related("round", "scorer")  # scorer: the edit rule


def sheets_of_round(*, user, round):  # noqa: A002
    """The sheets of a round this user may see, with how many cells hold points, in one query."""
    return (sheets_visible_to(user).filter(round=round)
            .annotate(filled=Count("entries", filter=Q(entries__points__isnull=False)))
            .order_by("kind", "scored__name", "scorer__name"))


def sheets_to_score(*, user):
    """Draft sheets of open rounds that the user's department fills (for the dashboard)."""
    if not user.is_authenticated or not getattr(user, "department_id", None):
        return ScoreSheet.objects.none()
    return sheets_visible_to(user).filter(scorer_id=user.department_id, status=SheetStatus.DRAFT,
                                          round__status=RoundStatus.OPEN)


def sheet_criteria(*, sheet):
    """Every criterion of the sheet's scale in display order (groups before their children)."""
    criteria = list(Criterion.objects.filter(scale__bloc_year=sheet.round.bloc_year_id).order_by("position", "id"))
    return _tree_order(criteria)


def _tree_order(criteria):
    children = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    ordered = []

    def walk(parent_id, level):
        for c in children.get(parent_id, []):
            c.depth, c.is_leaf = level, c.pk not in children
            ordered.append(c)
            walk(c.pk, level + 1)

    walk(None, 0)
    return ordered


def sheet_rows(*, sheet):
    """[(criterion, entry or None)] for the whole scale; each entry's files are in `entry.evidence_files`, in
    upload order. At most 3 queries. The files are read by sheet and handed out here: prefetch_related cost a
    sixty-cell sheet 6 ms of CPU even with no file at all."""
    criteria = sheet_criteria(sheet=sheet)
    entries = {e.criterion_id: e for e in ScoreEntry.objects.filter(sheet=sheet).select_related("updated_by")}
    files = {}
    if entries:
        for evidence in Evidence.objects.filter(entry__sheet=sheet).order_by("uploaded_at", "id"):
            files.setdefault(evidence.entry_id, []).append(evidence)
    for entry in entries.values():
        entry.evidence_files = files.get(entry.pk, [])
    return [(c, entries.get(c.pk)) for c in criteria]


def evidence_visible_to(user):
    return Evidence.objects.filter(entry__sheet__in=ScoreSheet.objects.filter(sheet_scope(user)).values("pk")) \
        .select_related("entry__sheet__round__bloc_year__bloc", "entry__criterion", "uploaded_by")


def evidence_of_cell(*, sheet, criterion):
    return (Evidence.objects.filter(entry__sheet=sheet, entry__criterion=criterion)
            .select_related("uploaded_by").order_by("uploaded_at", "id"))
