"""Quotas: how many units of a bloc-year the Board lets be proposed for each award type.

The quota row is the lock: `set_quota` and `reserve_quota_place` both take it FOR UPDATE, so two approvals
racing for the last place, or an approval racing a reduction, are serialised and one of them is refused.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from awards.domain.queries.rules import SUBMITTED_STATUSES
from awards.enums import NominationStatus
from awards.models import AwardType, Nomination, Quota
from blocs.enums import Phase
from blocs.models import BlocYear
from emulation.exceptions import ConflictError

MAX_PLACES = 100


@dataclass(frozen=True)
class QuotaUsage:
    award_type: AwardType
    quota: Quota | None
    places: int | None  # None: the Board has set no quota
    submitted: int  # sent to the Board and still alive (approved included)
    approved: int

    @property
    def remaining(self):
        return None if self.places is None else max(self.places - self.approved, 0)

    @property
    def version(self):
        return self.quota.version if self.quota else 0


def set_quota(*, bloc_year, award_type, places, expected_version, user):
    """Set a bloc-year's places for an award type (the Board); never fewer than the nominations already
    approved. `expected_version` is the quota's version as read (0 or None when there was none): 409 if stale."""
    _check_places(places)
    if award_type.province_id != bloc_year.bloc.province_id:
        raise ValidationError(_("Hình thức khen thưởng không thuộc tỉnh của khối."))
    if bloc_year.phase == Phase.CLOSED:
        raise ValidationError(_("Năm thi đua %(year)s đã kết thúc, không thể thay đổi chỉ tiêu.")
                              % {"year": bloc_year.year})
    with transaction.atomic():
        quota = Quota.objects.select_for_update().filter(bloc_year=bloc_year, award_type=award_type).first()
        if (quota.version if quota else 0) != (expected_version or 0):
            raise ConflictError(_("Chỉ tiêu “%(award)s” vừa được người khác cập nhật; hãy tải lại trang và thử "
                                  "lại.") % {"award": award_type.name})
        approved = _approved(bloc_year, award_type)
        if places < approved:
            raise ValidationError(
                _("Không thể giảm chỉ tiêu “%(award)s” xuống %(places)s: đã chấp thuận %(approved)s đề nghị.")
                % {"award": award_type.name, "places": places, "approved": approved})
        return _write(quota, bloc_year, award_type, places, user)


def _check_places(places):
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        raise ValidationError(_("Số lượng phải là số nguyên từ 0 đến %(max)s.") % {"max": MAX_PLACES})


def _write(quota, bloc_year, award_type, places, user):
    old = {"places": quota.places, "version": quota.version} if quota else None
    if quota is None:
        try:
            with transaction.atomic():
                quota = Quota.objects.create(bloc_year=bloc_year, award_type=award_type, places=places)
        except IntegrityError as exc:  # another request created it first
            raise ConflictError(_("Chỉ tiêu “%(award)s” vừa được người khác đặt; hãy tải lại trang và thử lại.")
                                % {"award": award_type.name}) from exc
    else:
        quota.places, quota.version = places, quota.version + 1
        quota.save(update_fields=["places", "version"])
    record_event(actor=user, event_type="quota.set", obj=quota, old_value=old,
                 new_value={"bloc_year": bloc_year.pk, "award_type": award_type.code, "places": places,
                            "version": quota.version})
    return quota


def _approved(bloc_year, award_type):
    return Nomination.objects.filter(bloc_year=bloc_year, award_type=award_type,
                                     status=NominationStatus.APPROVED).count()


def reserve_quota_place(*, bloc_year, award_type):
    """Take a place for one more approval; call it INSIDE the approval's transaction, before marking the
    nomination approved. Locks the quota row until that transaction ends; refused when no place is left."""
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_quota_place must run inside the approval's transaction.atomic().")
    quota = Quota.objects.select_for_update().filter(bloc_year=bloc_year, award_type=award_type).first()
    if quota is None:
        raise ValidationError(_("Ban Thi đua - Khen thưởng chưa giao chỉ tiêu “%(award)s” cho khối năm %(year)s.")
                              % {"award": award_type.name, "year": bloc_year.year})
    approved = _approved(bloc_year, award_type)
    if approved >= quota.places:
        raise ValidationError(
            _("Đã hết chỉ tiêu “%(award)s” của khối năm %(year)s: %(places)s suất, đã chấp thuận %(approved)s.")
            % {"award": award_type.name, "year": bloc_year.year, "places": quota.places, "approved": approved})
    return quota


def quota_usage(*, bloc_year):
    """Per award type of the province: places (None when not set), submitted, approved, remaining."""
    return quota_usage_many(bloc_years=[bloc_year])[bloc_year.pk]


def quota_usage_many(*, bloc_years):
    """`quota_usage` for several bloc-years in four queries: {bloc-year id: [QuotaUsage]}."""
    ids = [by.pk for by in bloc_years]
    provinces = dict(BlocYear.objects.filter(pk__in=ids).values_list("pk", "bloc__province_id"))
    types = list(AwardType.objects.filter(province_id__in=set(provinces.values())).order_by("position", "name"))
    quotas = {(q.bloc_year_id, q.award_type_id): q for q in Quota.objects.filter(bloc_year_id__in=ids)}
    counts = {(row["bloc_year_id"], row["award_type_id"]): row for row in Nomination.objects.filter(
        bloc_year_id__in=ids).values("bloc_year_id", "award_type_id").annotate(
        submitted=Count("pk", filter=Q(status__in=SUBMITTED_STATUSES)),
        approved=Count("pk", filter=Q(status=NominationStatus.APPROVED)))}
    usage = {}
    for by_id in ids:
        rows = []
        for award_type in (t for t in types if t.province_id == provinces[by_id]):
            quota, count = quotas.get((by_id, award_type.pk)), counts.get((by_id, award_type.pk), {})
            rows.append(QuotaUsage(award_type=award_type, quota=quota, places=quota.places if quota else None,
                                   submitted=count.get("submitted", 0), approved=count.get("approved", 0)))
        usage[by_id] = rows
    return usage
