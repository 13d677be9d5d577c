"""Secret ballots. The voter roll (who voted) and the ballots (what was chosen) share no key, no
timestamp and no insertion-ordered id, so no query can join them: ballots have random UUIDs and no time."""
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from voting.enums import BallotChannel, BallotRoundStatus, ElectionMethod, ElectionStatus, RoundPurpose


class BallotRound(models.Model):
    bloc_year = models.ForeignKey("blocs.BlocYear", on_delete=models.CASCADE, related_name="ballot_rounds")
    purpose = models.CharField(_("mục đích"), max_length=10, choices=RoundPurpose.choices)
    award_type = models.ForeignKey("awards.AwardType", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    title = models.CharField(_("tên vòng bỏ phiếu"), max_length=200)
    conference = models.ForeignKey("blocs.Conference", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    seats = models.PositiveSmallIntegerField(_("số đơn vị được chọn"), validators=[MinValueValidator(1)])
    choices_allowed = models.PositiveSmallIntegerField(_("số lựa chọn tối đa trên phiếu"),
                                                       validators=[MinValueValidator(1)])
    # Quorum and threshold are fractions of the TOTAL membership (configurable per province).
    quorum_numerator = models.PositiveSmallIntegerField(default=2)
    quorum_denominator = models.PositiveSmallIntegerField(default=3)
    threshold_numerator = models.PositiveSmallIntegerField(default=1)
    threshold_denominator = models.PositiveSmallIntegerField(default=2)
    electorate = models.PositiveSmallIntegerField(_("tổng số thành viên"), default=0)
    status = models.CharField(max_length=10, choices=BallotRoundStatus.choices, default=BallotRoundStatus.DRAFT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="runoffs",
                               verbose_name=_("vòng trước (bỏ phiếu lại)"))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["bloc_year", "id"]
        constraints = [
            models.CheckConstraint(name="round_award_type_iff_award",
                                   condition=Q(purpose="award", award_type__isnull=False)
                                   | (~Q(purpose="award") & Q(award_type__isnull=True))),
            models.CheckConstraint(name="round_fractions_positive",
                                   condition=Q(quorum_denominator__gt=0, threshold_denominator__gt=0)),
        ]

    def __str__(self):
        return self.title


class Candidate(models.Model):
    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="candidates")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "department"], name="candidate_once_per_round")]


class VoterRollEntry(models.Model):
    """That a member voted in a round (public at the count); never what it chose."""

    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="roll")
    department = models.ForeignKey("blocs.Department", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=BallotChannel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "department"], name="one_ballot_per_member")]


class Ballot(models.Model):
    """What one ballot chose; no voter, no time, a random id. `receipt_hash` lets a voter check it was counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=list)  # candidate ids; empty = blank ballot
    is_valid = models.BooleanField(default=True)
    receipt_hash = models.CharField(max_length=64, unique=True)


class VoteCount(models.Model):
    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="counts")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    votes = models.PositiveSmallIntegerField()
    chosen = models.BooleanField(default=False)
    tied_at_boundary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-votes", "candidate__position"]
        constraints = [models.UniqueConstraint(fields=["round", "candidate"], name="one_count_per_candidate")]


class Election(models.Model):
    """Election of next year's leader and deputy; closing it creates the next bloc-year."""

    bloc_year = models.OneToOneField("blocs.BlocYear", on_delete=models.CASCADE, related_name="election")
    method = models.CharField(max_length=10, choices=ElectionMethod.choices)
    leader_round = models.ForeignKey(BallotRound, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deputy_round = models.ForeignKey(BallotRound, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey("blocs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey("blocs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.OPEN)
    next_bloc_year = models.OneToOneField("blocs.BlocYear", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="elected_by")
    flag_handed_over_on = models.DateField(_("ngày bàn giao cờ luân lưu"), null=True, blank=True)
    flag_note = models.TextField(_("ghi chú bàn giao cờ luân lưu"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
