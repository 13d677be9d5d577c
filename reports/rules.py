"""Who may see, request, write, sign and verify reports.

A report about a bloc-year (or one of its ballot rounds) is seen by whoever sees that bloc-year; the
province-wide summary by the province's Board; a decision document by every account of the province (the
decision is public). Signing needs one of the signer slots the document names (`held_slots`).
"""
import rules
from django.conf import settings
from django.db.models import Q

from accounts.enums import Role
from blocs.models import BlocYear, Membership, Province
from blocs.rules import (NOTHING, bloc_year_of, bloc_year_scope, can_view_bloc_year, is_board_member,
                         is_board_of_province, is_secretariat_of_bloc, is_superuser)
from reports.enums import ReportKind, SignatureSlot


def report_scope(user):
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    scope = Q(bloc_year__in=BlocYear.objects.filter(bloc_year_scope(user)).values("pk"))
    if user.home_province_id:
        scope |= Q(kind=ReportKind.DECISION, province_id=user.home_province_id)
    if user.role == Role.BOARD:
        scope |= Q(kind=ReportKind.PROVINCE_SUMMARY, province_id=user.province_id)
    return scope


def report_text_scope(user):
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    scope = Q(bloc_year__in=BlocYear.objects.filter(bloc_year_scope(user)).values("pk"))
    if user.role == Role.BOARD:
        scope |= Q(bloc_year__isnull=True, province_id=user.province_id)
    return scope


def _province_of(obj):
    if isinstance(obj, Province):
        return obj
    if isinstance(obj, tuple):  # (province, year): the subject of a province-wide document
        return obj[0]
    return getattr(obj, "province", None)


@rules.predicate
def sees_report(user, report):
    if report is None or not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if report.bloc_year_id:
        return can_view_bloc_year.test(user, report.bloc_year)
    if report.kind == ReportKind.DECISION:
        return report.province_id == user.home_province_id
    return user.role == Role.BOARD and report.province_id == user.province_id


@rules.predicate
def leads_a_member(user, obj):
    """A department leader whose department is a member of the bloc-year the object is about."""
    bloc_year = bloc_year_of(obj) if obj is not None else None
    return (bloc_year is not None and user.is_authenticated and user.is_active and user.role == Role.LEADER
            and Membership.objects.filter(bloc_year=bloc_year, department_id=user.department_id).exists())


@rules.predicate
def board_of_subject(user, obj):
    province = _province_of(obj) if obj is not None else None
    if province is None:
        bloc_year = bloc_year_of(obj) if obj is not None else None
        province = bloc_year.bloc.province if bloc_year else None
    return province is not None and is_board_of_province.test(user, province)


@rules.predicate
def secretariat_of_subject(user, obj):
    bloc_year = bloc_year_of(obj) if obj is not None else None
    return bloc_year is not None and is_secretariat_of_bloc.test(user, bloc_year)


@rules.predicate
def may_sign_something(user):
    return user.is_authenticated and user.is_active and user.role in (Role.LEADER, Role.BOARD)


BOARD_SLOTS = frozenset({SignatureSlot.BOARD, SignatureSlot.AUTHORITY})
DEPARTMENT_SLOTS = frozenset({SignatureSlot.LEADER, SignatureSlot.DEPUTY, SignatureSlot.MEMBER})


def slot_key(signer):
    """The signature box of a document signer: "sig-<slot>", or "sig-member-<department id>"."""
    if signer.get("slot") == SignatureSlot.MEMBER:
        return f"sig-{signer['slot']}-{signer.get('department_id')}"
    return f"sig-{signer.get('slot')}"


def held_slots(user, report):
    """The signer entries of the report's document that this user holds: the leader of the entry's
    department for leader, deputy and member slots; a Board member of the province for board and authority."""
    if report is None or not (user.is_authenticated and user.is_active):
        return []
    signers = (report.context or {}).get("document", {}).get("signers", [])
    return [signer for signer in signers if _holds(user, report, signer)]


def _holds(user, report, signer):
    slot = signer.get("slot")
    if slot in DEPARTMENT_SLOTS:
        return (user.role == Role.LEADER and user.department_id is not None
                and signer.get("department_id") == user.department_id)
    if slot in BOARD_SLOTS:
        return user.role == Role.BOARD and user.province_id == report.province_id
    return False


@rules.predicate
def holds_signer_slot(user, report):
    return bool(held_slots(user, report))


@rules.predicate
def demo_ca_enabled(user):
    """The province's test CA issues certificates on request only in DEBUG (the demo) or where settings allow."""
    return bool(getattr(settings, "SIGNING_TEST_CA", settings.DEBUG))


@rules.predicate
def is_active_account(user):
    return user.is_authenticated and user.is_active


rules.add_perm("reports.view_report", sees_report)  # object: a report (download included)
# object: the subject (bloc-year, ballot round, (province, year) tuple, award decision)
rules.add_perm("reports.request_report", is_superuser | secretariat_of_subject | board_of_subject | leads_a_member)
rules.add_perm("reports.edit_text", is_superuser | secretariat_of_subject | board_of_subject)
# object: a report; only the holder of one of its document's signer slots (a superuser holds none)
rules.add_perm("reports.sign_report", sees_report & holds_signer_slot)
rules.add_perm("reports.manage_certificate", is_superuser | may_sign_something)
rules.add_perm("reports.issue_test_certificate", may_sign_something & demo_ca_enabled)
rules.add_perm("reports.verify_file", is_active_account)
rules.add_perm("reports.view_jobs", is_superuser | is_board_member)
