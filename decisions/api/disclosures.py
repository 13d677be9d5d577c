"""API of the public disclosure of proposed awards and its complaints (/api/v1/), with the pages' rules.

`disclosures/` lists the lists of the user's province (filters: year, status) and `disclosures/{id}/` reads one
with its entries; `disclosures/publish/` (the Board) publishes a year's approved nominations;
`disclosures/{id}/send-to-council/` (the Board) sends a list whose period has ended and whose complaints all
have answers. `complaints/` lists (filters: disclosure, entry, answered) and files one (officers and leaders
of a department of the province, while the list is open); `complaints/{id}/answer/` (the Board) answers with
the version read (409 if stale). `disclosure-settings/{province id}/` reads and sets the period's length.
"""
import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from blocs.models import Province
from decisions.domain import disclosures as services
from decisions.domain.queries import disclosures as queries
from decisions.enums import ComplaintKind, DisclosureStatus
from decisions.models import Complaint, DecisionSettings, Disclosure, DisclosureEntry
from emulation.api_base import (ChoiceField, CharField, DateField, IntegerField, ModelSerializer,
                                PrimaryKeyRelatedField, RulesViewSet, Serializer)

INVALID_FILTER = {"invalid_choice": _("Lựa chọn không hợp lệ hoặc không tồn tại.")}
STATUS_HELP = _("open | closed | sent (closed: thời hạn công khai đã hết)")


# --- shapes ---------------------------------------------------------------------------------------------------

class EntrySerializer(ModelSerializer):
    award_type_name = serializers.CharField(source="award_type.name", read_only=True)

    class Meta:
        model = DisclosureEntry
        fields = ["id", "position", "nomination", "award_type", "award_type_name", "department", "recipient_name",
                  "bloc_name"]
        read_only_fields = fields


class DisclosureSerializer(ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    status = serializers.SerializerMethodField(help_text=STATUS_HELP)
    status_label = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField(help_text=_("Còn nhận ý kiến, khiếu nại"))
    working_days_left = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = ["id", "province", "province_name", "year", "title", "published_on", "working_days", "closes_on",
                  "status", "status_label", "is_open", "working_days_left", "published_by", "sent_at", "sent_by",
                  "version"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, disclosure):
        return services.current_status(disclosure).value

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_label(self, disclosure):
        return str(services.current_status(disclosure).label)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_open(self, disclosure):
        return services.is_open(disclosure)

    @extend_schema_field(OpenApiTypes.INT)
    def get_working_days_left(self, disclosure):
        return services.working_days_left(disclosure)


class DisclosureDetailSerializer(DisclosureSerializer):
    entries = EntrySerializer(many=True, read_only=True)
    unanswered = serializers.SerializerMethodField(help_text=_("Số ý kiến, khiếu nại chưa được trả lời"))
    send_blockers = serializers.SerializerMethodField(help_text=_("Lý do chưa thể trình Hội đồng (rỗng: có thể)"))

    class Meta(DisclosureSerializer.Meta):
        fields = [*DisclosureSerializer.Meta.fields, "unanswered", "send_blockers", "entries"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_unanswered(self, disclosure):
        if not hasattr(disclosure, "unanswered"):
            disclosure.unanswered = queries.unanswered_count(disclosure)
        return disclosure.unanswered

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_send_blockers(self, disclosure):
        return [str(r) for r in services.send_blockers(disclosure, unanswered=self.get_unanswered(disclosure))]


class PublishSerializer(Serializer):
    province = PrimaryKeyRelatedField(queryset=Province.objects.none(), noun=_("Tỉnh"), required=False,
                                      help_text=_("Mặc định: tỉnh của Ban TĐKT"),
                                      scope=lambda context: queries.provinces_for_publishing(context["request"].user))
    year = IntegerField(min_value=services.MIN_YEAR, max_value=services.MAX_YEAR)
    published_on = DateField(required=False, help_text=_("Mặc định: hôm nay; không được sau hôm nay"))


class ComplaintSerializer(ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_("comment | complaint"))
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recipient_name = serializers.CharField(source="entry.recipient_name", read_only=True)
    award_type_name = serializers.CharField(source="entry.award_type.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    is_answered = serializers.BooleanField(read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", "disclosure", "entry", "recipient_name", "award_type_name", "kind", "kind_label",
                  "department", "department_name", "filed_by", "filed_at", "text", "is_answered", "answer",
                  "answered_by", "answered_at", "version"]
        read_only_fields = fields


class ComplaintCreateSerializer(Serializer):
    entry = PrimaryKeyRelatedField(queryset=DisclosureEntry.objects.none(), noun=_("Mục trong danh sách công khai"),
                                   scope=lambda context: queries.entries_visible_to(context["request"].user))
    kind = ChoiceField(choices=ComplaintKind.choices, default=ComplaintKind.COMMENT)
    text = CharField(max_length=services.TEXT_MAX)


class AnswerSerializer(Serializer):
    answer = CharField(max_length=services.TEXT_MAX)
    version = IntegerField(min_value=0, help_text=_("Phiên bản của ý kiến, khiếu nại đã đọc (409 nếu đã cũ)"))


class SettingsSerializer(ModelSerializer):
    disclosure_working_days = IntegerField(min_value=services.MIN_DAYS, max_value=services.MAX_DAYS)
    version = IntegerField(min_value=0, help_text=_("Phiên bản đã đọc (0: chưa có thiết lập); 409 nếu đã cũ"))

    class Meta:
        model = DecisionSettings
        fields = ["province", "disclosure_working_days", "version"]
        read_only_fields = ["province"]


# --- disclosures ----------------------------------------------------------------------------------------------

class DisclosureFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(error_messages={"invalid": _("Năm phải là một số nguyên.")})
    status = django_filters.ChoiceFilter(choices=DisclosureStatus.choices, error_messages=INVALID_FILTER,
                                         method="filter_status", help_text=STATUS_HELP)

    class Meta:
        model = Disclosure
        fields = ["year", "status"]

    def filter_status(self, queryset, name, value):
        """The status as it stands today: an open list past its closing day is closed."""
        ended = Q(status=DisclosureStatus.OPEN, closes_on__lt=timezone.localdate())
        if value == DisclosureStatus.OPEN:
            return queryset.filter(status=DisclosureStatus.OPEN).exclude(ended)
        if value == DisclosureStatus.CLOSED:
            return queryset.filter(Q(status=DisclosureStatus.CLOSED) | ended)
        return queryset.filter(status=value)


@extend_schema(tags=["disclosures"])
@extend_schema_view(
    list=extend_schema(summary=_("Danh sách đề nghị khen thưởng đã công khai của tỉnh (lọc theo năm, trạng thái)")),
    retrieve=extend_schema(summary=_("Một danh sách công khai với các đề nghị")),
)
class DisclosureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = DisclosureSerializer
    selector = staticmethod(queries.disclosures_visible_to)
    filterset_class = DisclosureFilter
    ordering_fields = ["year", "published_on", "id"]
    search_fields = ["title"]
    permission_rules = {"list": None, "retrieve": services.VIEW, "publish": services.MANAGE,
                        "send_to_council": services.MANAGE}

    def get_serializer_class(self):
        return DisclosureDetailSerializer if self.action == "retrieve" else DisclosureSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("entries__award_type")
        return queryset

    @extend_schema(request=PublishSerializer, responses={201: DisclosureDetailSerializer},
                   summary=_("Ban TĐKT công khai các đề nghị đã chấp thuận của một năm"))
    @action(detail=False, methods=["post"], filter_backends=[])
    def publish(self, request):
        data = self.validated(data=request.data, serializer_class=PublishSerializer)
        province = data.get("province") or queries.provinces_for_publishing(request.user).filter(
            pk=request.user.home_province_id).first()
        if province is None:
            raise serializers.ValidationError({"province": [_("Hãy chọn tỉnh.")]})
        self.check_object_permissions(request, province)
        disclosure = services.publish_disclosure(province=province, year=data["year"], user=request.user,
                                                 published_on=data.get("published_on"))
        return self.respond(DisclosureDetailSerializer, self.get_queryset().get(pk=disclosure.pk), status=201)

    @extend_schema(request=None, responses=DisclosureDetailSerializer,
                   summary=_("Ban TĐKT trình danh sách lên Hội đồng (sau thời hạn, khi mọi ý kiến đã được trả lời)"))
    @action(detail=True, methods=["post"], url_path="send-to-council", url_name="send-to-council", filter_backends=[])
    def send_to_council(self, request, pk=None):
        disclosure = services.send_to_council(disclosure=self.get_object(), user=request.user)
        return self.respond(DisclosureDetailSerializer, self.get_queryset().get(pk=disclosure.pk))


# --- complaints -----------------------------------------------------------------------------------------------

class ComplaintFilter(django_filters.FilterSet):
    disclosure = django_filters.ModelChoiceFilter(queryset=lambda request: queries.disclosures_visible_to(
        request.user), error_messages=INVALID_FILTER)
    entry = django_filters.ModelChoiceFilter(queryset=lambda request: queries.entries_visible_to(request.user),
                                             error_messages=INVALID_FILTER)
    answered = django_filters.ChoiceFilter(choices=[("true", "true"), ("false", "false")], method="filter_answered",
                                           error_messages=INVALID_FILTER)

    class Meta:
        model = Complaint
        fields = ["disclosure", "entry", "answered"]

    def filter_answered(self, queryset, name, value):
        return queryset.exclude(answer="") if value == "true" else queryset.filter(answer="")


@extend_schema(tags=["disclosures"])
@extend_schema_view(
    list=extend_schema(summary=_("Ý kiến, khiếu nại về các danh sách công khai (lọc theo danh sách, mục, "
                                 "đã trả lời)")),
    retrieve=extend_schema(summary=_("Một ý kiến, khiếu nại và câu trả lời")),
)
class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = ComplaintSerializer
    selector = staticmethod(queries.complaints_visible_to)
    filterset_class = ComplaintFilter
    ordering_fields = ["filed_at", "id"]
    search_fields = ["text", "answer", "department__name"]
    permission_rules = {"list": None, "retrieve": services.VIEW, "create": services.FILE,
                        "answer": services.MANAGE}

    @extend_schema(request=ComplaintCreateSerializer, responses={201: ComplaintSerializer},
                   summary=_("Gửi ý kiến, khiếu nại về một mục (cán bộ, thủ trưởng đơn vị; khi còn thời hạn)"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=ComplaintCreateSerializer)
        entry = data["entry"]
        self.check_object_permissions(request, entry.disclosure)
        complaint = services.file_complaint(disclosure=entry.disclosure, entry=entry, kind=data["kind"],
                                            text=data["text"], user=request.user)
        return self.respond(ComplaintSerializer, self.get_queryset().get(pk=complaint.pk), status=201)

    @extend_schema(request=AnswerSerializer, responses=ComplaintSerializer,
                   summary=_("Ban TĐKT trả lời (hoặc sửa câu trả lời) một ý kiến, khiếu nại"))
    @action(detail=True, methods=["post"], filter_backends=[])
    def answer(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(data=request.data, serializer_class=AnswerSerializer)
        services.answer_complaint(complaint=complaint, answer=data["answer"], expected_version=data["version"],
                                  user=request.user)
        return self.respond(ComplaintSerializer, self.get_queryset().get(pk=complaint.pk))


# --- the period's length --------------------------------------------------------------------------------------

@extend_schema(tags=["disclosures"])
class DisclosureSettingsViewSet(RulesViewSet):
    """`disclosure-settings/{province id}/`: every account of the province reads, the Board sets."""

    serializer_class = SettingsSerializer
    selector = staticmethod(queries.provinces_for_publishing)
    filter_backends = []
    pagination_class = None
    permission_rules = {"retrieve": services.VIEW, "update": services.MANAGE}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Province.objects.none()
        return self.selector(self.request.user)

    @extend_schema(responses=SettingsSerializer, summary=_("Thời hạn công khai của tỉnh (số ngày làm việc)"))
    def retrieve(self, request, pk=None):
        return self.respond(SettingsSerializer, services.settings_of(self.get_object()))

    @extend_schema(request=SettingsSerializer, responses=SettingsSerializer,
                   summary=_("Ban TĐKT đặt thời hạn công khai (số ngày làm việc, kèm phiên bản đã đọc)"))
    def update(self, request, pk=None):
        province = self.get_object()
        data = self.validated(data=request.data, serializer_class=SettingsSerializer)
        settings = services.update_settings(province=province, working_days=data["disclosure_working_days"],
                                            expected_version=data["version"], user=request.user)
        return self.respond(SettingsSerializer, settings)


def register(router):
    """Register this area's viewsets on the /api/v1/ router."""
    router.register("disclosures", DisclosureViewSet, basename="disclosure")
    router.register("complaints", ComplaintViewSet, basename="complaint")
    router.register("disclosure-settings", DisclosureSettingsViewSet, basename="disclosure-settings")
