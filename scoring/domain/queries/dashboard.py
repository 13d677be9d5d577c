"""What scoring work waits for a user, for the dashboard."""
from accounts.enums import Role
from blocs.domain.queries import bloc_years_visible_to
from scoring.enums import AmendmentStatus, PledgeStatus, RoundStatus, SheetStatus
from scoring.models import Pledge, ScaleAmendment, ScoreSheet
from scoring.rules import sheet_scope


def pledges_to_sign(user):
    """Open pledges of the user's bloc-years that its department (as leader) has not signed yet."""
    if user.role != Role.LEADER or not user.department_id:
        return Pledge.objects.none()
    return (Pledge.objects.filter(status=PledgeStatus.OPEN, bloc_year__in=bloc_years_visible_to(user),
                                  bloc_year__memberships__department_id=user.department_id)
            .exclude(signatures__department_id=user.department_id)
            .select_related("bloc_year__bloc").distinct())


def targets_to_register(user):
    if user.role not in (Role.OFFICER, Role.LEADER) or not user.department_id:
        return Pledge.objects.none()
    return (Pledge.objects.filter(status=PledgeStatus.OPEN, bloc_year__in=bloc_years_visible_to(user),
                                  bloc_year__memberships__department_id=user.department_id)
            .exclude(registrations__department_id=user.department_id)
            .select_related("bloc_year__bloc").distinct())


def sheets_to_fill(user):
    """Draft sheets of open rounds that the user's department fills (the secretariat: its bloc's)."""
    sheets = ScoreSheet.objects.filter(sheet_scope(user), round__status=RoundStatus.OPEN,
                                       status=SheetStatus.DRAFT)
    if user.role in (Role.OFFICER, Role.LEADER):
        sheets = sheets.filter(scorer_id=user.department_id)
    elif user.role != Role.SECRETARIAT:
        return ScoreSheet.objects.none()
    return sheets.select_related("round__bloc_year__bloc", "scored", "scorer").order_by("round_id", "scored__name")


def amendments_to_decide(user):
    if not (user.is_superuser or user.role == Role.BOARD):
        return ScaleAmendment.objects.none()
    return ScaleAmendment.objects.filter(
        status=AmendmentStatus.REQUESTED, scale__bloc_year__in=bloc_years_visible_to(user),
    ).select_related("scale__bloc_year__bloc")
