"""API of ballot rounds (/api/v1/ballot-rounds/): list, read, create, open, close, cancel, cast a ballot
(answers the receipt code, once), record a paper ballot, verify a receipt, read the result.

Reads go through voting/domain/queries, writes through voting/domain; permissions are the voting.* rules.
A ballot is never readable: the round shows who voted (the roll) and, once closed, the counts.
"""
import django_filters
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from awards.models import AwardType
from blocs.domain.queries import bloc_years_visible_to, conferences_visible_to, departments_visible_to, \
    provinces_visible_to
from blocs.models import BlocYear, Conference, Department
from emulation.api_base import BooleanField, CharField, ChoiceField, IntegerField, PrimaryKeyRelatedField, \
    RulesViewSet, Serializer, VietnameseMessages
from voting.domain import ballots, rounds, tally
from voting.domain.queries import rounds as queries
from voting.domain.receipts import display
from voting.enums import BallotRoundStatus, RoundPurpose

INVALID_CHOICE = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}


class ListField(VietnameseMessages, serializers.ListField):
    default_error_messages = {
        "not_a_list": _("Cần một danh sách."),
        "empty": _("Danh sách không được để trống."),
        "min_length": _("Danh sách cần ít nhất {min_length} phần tử."),
        "max_length": _("Danh sách không được quá {max_length} phần tử."),
    }


def fraction_field(default, help_text):
    return ListField(child=IntegerField(min_value=0, max_value=1000), min_length=2, max_length=2, required=False,
                     default=list(default), help_text=help_text)


# --- shapes ---------------------------------------------------------------------------------------------

class CandidateSerializer(Serializer):
    id = serializers.IntegerField()
    department = serializers.IntegerField(source="department_id")
    name = serializers.SerializerMethodField(help_text=_("Tên đơn vị trong năm thi đua."))
    position = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, candidate):
        return self.context.get("names", {}).get(candidate.department_id, candidate.department.name)


class RollSerializer(Serializer):
    department = serializers.IntegerField(source="department_id")
    name = serializers.CharField()
    channel = serializers.CharField(allow_null=True, help_text=_("online, paper; null: chưa bỏ phiếu."))


class RoundSerializer(Serializer):
    id = serializers.IntegerField()
    bloc_year = serializers.IntegerField(source="bloc_year_id")
    purpose = serializers.CharField()
    purpose_label = serializers.CharField(source="get_purpose_display")
    award_type = serializers.IntegerField(source="award_type_id", allow_null=True)
    title = serializers.CharField()
    conference = serializers.IntegerField(source="conference_id", allow_null=True)
    seats = serializers.IntegerField()
    choices_allowed = serializers.IntegerField()
    quorum = serializers.SerializerMethodField()
    threshold = serializers.SerializerMethodField()
    electorate = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    voted_count = serializers.IntegerField(required=False)
    candidates = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_quorum(self, round_):
        return [round_.quorum_numerator, round_.quorum_denominator]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_threshold(self, round_):
        return [round_.threshold_numerator, round_.threshold_denominator]

    @extend_schema_field(CandidateSerializer(many=True))
    def get_candidates(self, round_):
        names = {m.department_id: m.name_at_time for m in round_.bloc_year.memberships.all()}
        return CandidateSerializer(round_.candidates.all(), many=True, context={"names": names}).data


class RoundDetailSerializer(RoundSerializer):
    roll = serializers.SerializerMethodField(help_text=_("Mọi đơn vị thành viên và việc bỏ phiếu (không có lựa chọn)."))
    result = serializers.SerializerMethodField(help_text=_("Kết quả kiểm phiếu (null khi chưa kiểm phiếu)."))

    @extend_schema_field(RollSerializer(many=True))
    def get_roll(self, round_):
        return RollSerializer(queries.round_state(round=round_).roll, many=True).data

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, round_):
        return round_.result if round_.status == BallotRoundStatus.CLOSED else None


class RoundCreateSerializer(Serializer):
    bloc_year = PrimaryKeyRelatedField(queryset=BlocYear.objects.none(), noun=_("Năm thi đua"),
                                       scope=lambda context: bloc_years_visible_to(context["request"].user))
    purpose = ChoiceField(choices=RoundPurpose.choices)
    title = CharField(max_length=rounds.TITLE_MAX)
    seats = IntegerField(min_value=1, max_value=1000)
    choices_allowed = IntegerField(min_value=1, max_value=1000)
    candidates = ListField(child=PrimaryKeyRelatedField(
        queryset=Department.objects.none(), noun=_("Đơn vị ứng cử"),
        scope=lambda context: departments_visible_to(context["request"].user)), required=False, max_length=200,
        help_text=_("Mã các đơn vị ứng cử, theo thứ tự; hoặc dùng `top`."))
    top = IntegerField(min_value=1, max_value=1000, required=False,
                       help_text=_("Lấy N đơn vị đứng đầu bảng xếp hạng tổng kết năm làm ứng cử viên."))
    award_type = PrimaryKeyRelatedField(queryset=AwardType.objects.none(), noun=_("Hình thức khen thưởng"),
                                        required=False, allow_null=True,
                                        scope=lambda context: AwardType.objects.filter(
                                            province__in=provinces_visible_to(context["request"].user)))
    conference = PrimaryKeyRelatedField(queryset=Conference.objects.none(), noun=_("Hội nghị"), required=False,
                                        allow_null=True,
                                        scope=lambda context: conferences_visible_to(context["request"].user))
    quorum = fraction_field(rounds.DEFAULT_QUORUM, _("Tỷ lệ tham gia tối thiểu [tử số, mẫu số] (mặc định [2, 3])."))
    threshold = fraction_field(rounds.DEFAULT_THRESHOLD,
                               _("Ngưỡng trúng cử trên tổng số thành viên [tử số, mẫu số] (mặc định [1, 2])."))

    def validate(self, attrs):
        if ("candidates" in attrs) == ("top" in attrs):
            raise serializers.ValidationError({"candidates": [_("Cần đúng một trong hai: `candidates` hoặc `top`.")]})
        return attrs


class CancelSerializer(Serializer):
    reason = CharField(required=False, allow_blank=True, max_length=500, default="")


class CastSerializer(Serializer):
    choices = ListField(child=IntegerField(min_value=1, max_value=2**62), max_length=200, allow_empty=True,
                        help_text=_("Mã các ứng cử viên (candidate id) được chọn; danh sách rỗng là phiếu trắng."))


class ReceiptSerializer(Serializer):
    receipt = serializers.CharField(help_text=_("Mã biên nhận, chỉ trả về một lần."))


class PaperBallotSerializer(CastSerializer):
    department = PrimaryKeyRelatedField(queryset=Department.objects.none(), noun=_("Đơn vị"),
                                        scope=lambda context: departments_visible_to(context["request"].user))
    valid = BooleanField(required=False, default=True, help_text=_("false: phiếu không hợp lệ."))


class VerifySerializer(Serializer):
    code = CharField(max_length=40)


class VerifiedSerializer(Serializer):
    counted = serializers.BooleanField(help_text=_("Phiếu có mã này nằm trong hòm phiếu của vòng."))


class ResultSerializer(Serializer):
    round = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    closed_at = serializers.DateTimeField()
    result = serializers.JSONField()
    chosen = serializers.SerializerMethodField(help_text=_("Đơn vị được chọn, kể cả qua các vòng bỏ phiếu lại."))

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_chosen(self, round_):
        return [d.pk for d in queries.chosen_departments(round_)]


class RoundFilter(django_filters.FilterSet):
    bloc_year = django_filters.ModelChoiceFilter(queryset=lambda request: bloc_years_visible_to(request.user),
                                                 error_messages=INVALID_CHOICE)
    status = django_filters.ChoiceFilter(choices=BallotRoundStatus.choices, error_messages=INVALID_CHOICE)
    purpose = django_filters.ChoiceFilter(choices=RoundPurpose.choices, error_messages=INVALID_CHOICE)


# --- views ----------------------------------------------------------------------------------------------

@extend_schema(tags=["ballot-rounds"])
class BallotRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = RoundSerializer
    selector = staticmethod(queries.rounds_visible_to)
    permission_rules = {"list": None, "retrieve": "voting.view_round", "create": "voting.manage_round",
                        "open": "voting.manage_round", "close": "voting.manage_round",
                        "cancel": "voting.manage_round", "cast": "voting.cast_ballot",
                        "paper_ballot": "voting.manage_round", "verify_receipt": "voting.view_round",
                        "results": "voting.view_round"}
    filterset_class = RoundFilter
    search_fields = ["title"]
    ordering_fields = ["id", "title", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return queries.rounds_visible_to(self.request.user).none()
        return queries.with_counts(self.selector(self.request.user)).prefetch_related(
            "candidates__department", "bloc_year__memberships").order_by("id")

    def get_serializer_class(self):
        return RoundDetailSerializer if self.action == "retrieve" else RoundSerializer

    @extend_schema(request=RoundCreateSerializer, responses={201: RoundDetailSerializer},
                   summary=_("Tạo vòng bỏ phiếu (nháp) với danh sách ứng cử"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=RoundCreateSerializer)
        bloc_year = data.pop("bloc_year")
        self.check_object_permissions(request, bloc_year)
        top = data.pop("top", None)
        candidates = data.pop("candidates", None)
        if top is not None:
            candidates = rounds.candidates_from_ranking(bloc_year=bloc_year, top=top)
        created = rounds.create_round(bloc_year=bloc_year, candidates=candidates, user=request.user,
                                      quorum=tuple(data.pop("quorum")), threshold=tuple(data.pop("threshold")), **data)
        return self._state(created, status=201)

    @extend_schema(request=None, responses=RoundDetailSerializer, summary=_("Mở bỏ phiếu"))
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._state(rounds.open_round(round=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=RoundDetailSerializer, summary=_("Kết thúc bỏ phiếu và kiểm phiếu"))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._state(tally.close_round(round=self.get_object(), user=request.user))

    @extend_schema(request=CancelSerializer, responses=RoundDetailSerializer, summary=_("Hủy vòng bỏ phiếu"))
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        round_ = self.get_object()
        data = self.validated(data=request.data, serializer_class=CancelSerializer)
        return self._state(rounds.cancel_round(round=round_, reason=data["reason"], user=request.user))

    @extend_schema(request=CastSerializer, responses={201: ReceiptSerializer},
                   summary=_("Bỏ phiếu thay mặt đơn vị của mình (một lần); trả mã biên nhận một lần"))
    @action(detail=True, methods=["post"])
    def cast(self, request, pk=None):
        round_ = self.get_object()
        if not rules.has_perm("voting.cast_ballot", request.user, round_):  # superusers have no department
            raise PermissionDenied(_("Chỉ cán bộ của đơn vị thành viên mới bỏ phiếu thay mặt đơn vị."))
        data = self.validated(data=request.data, serializer_class=CastSerializer)
        code = ballots.cast_ballot(round=round_, user=request.user, choices=data["choices"])
        response = self.respond(ReceiptSerializer, {"receipt": display(code)}, status=201)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=PaperBallotSerializer, responses={201: RoundDetailSerializer},
                   summary=_("Thư ký ghi nhận phiếu giấy của một đơn vị thành viên"))
    @action(detail=True, methods=["post"], url_path="paper-ballots", url_name="paper-ballots")
    def paper_ballot(self, request, pk=None):
        round_ = self.get_object()
        data = self.validated(data=request.data, serializer_class=PaperBallotSerializer)
        ballots.record_paper_ballot(round=round_, department=data["department"], choices=data["choices"],
                                    valid=data["valid"], user=request.user)
        return self._state(round_, status=201)

    @extend_schema(request=VerifySerializer, responses=VerifiedSerializer,
                   summary=_("Kiểm tra mã biên nhận: phiếu có nằm trong hòm phiếu không"))
    @action(detail=True, methods=["post"], url_path="verify-receipt", url_name="verify-receipt")
    def verify_receipt(self, request, pk=None):
        round_ = self.get_object()
        data = self.validated(data=request.data, serializer_class=VerifySerializer)
        return self.respond(VerifiedSerializer, {"counted": ballots.verify_receipt(round=round_, code=data["code"])})

    @extend_schema(responses=ResultSerializer, summary=_("Kết quả kiểm phiếu"))
    @action(detail=True, methods=["get"], filter_backends=[])
    def results(self, request, pk=None):
        round_ = self.get_object()
        if round_.status != BallotRoundStatus.CLOSED:
            raise ValidationError(_("Vòng bỏ phiếu chưa kiểm phiếu."))
        return self.respond(ResultSerializer, round_)

    def _state(self, round_, status=200):
        fresh = self.get_queryset().get(pk=round_.pk)
        return self.respond(RoundDetailSerializer, fresh, status=status)


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("ballot-rounds", BallotRoundViewSet, basename="ballotround")
