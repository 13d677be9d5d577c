"""API of signing (/api/v1/), with the same rules as the pages.

`reports/{id}/sign/` signs a finished report in the caller's signer slot (passphrase, expected_version; 409 when
the version is stale, 403 without a slot); `signing-certificates/` lists and uploads (multipart: file,
passphrase) the caller's own certificates, `…/{id}/deactivate/` stops one, `…/issue-test/` issues one from the
province's test CA where the demo allows it; `verify/` takes a PDF (multipart, field `file`) and answers what
the verification page shows.
"""
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from emulation.api_base import CharField, IntegerField, ModelSerializer, RulesViewSet, Serializer
from reports.domain import certificates, signing, verification
from reports.domain.queries import signing as queries
from reports.domain.queries.documents import reports_visible_to
from reports.forms.signing import read_upload
from reports.models import Report, Signature, SigningCertificate
from reports.views.signing import hide_passphrases

UUID_REGEX = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
FILE_ERRORS = {"required": _("Hãy gửi tệp (trường file, multipart/form-data)."),
               "invalid": _("Cần một tệp tải lên (multipart/form-data)."), "empty": _("Tệp tải lên rỗng."),
               "no_name": _("Không đọc được tên tệp.")}
MULTIPART = [MultiPartParser, FormParser, JSONParser]


# --- shapes ---------------------------------------------------------------------------------------------------

class ReportSignSerializer(Serializer):
    passphrase = CharField(max_length=certificates.PASSPHRASE_MAX, trim_whitespace=False, write_only=True,
                           help_text=_("Mật khẩu của chứng thư số; chỉ dùng cho lần ký này, không được lưu"))
    expected_version = IntegerField(min_value=1, help_text=_("Phiên bản (version) của văn bản khi đọc"))
    field_name = CharField(required=False, allow_blank=True, max_length=80, default="",
                           help_text=_("Vị trí ký, ví dụ sig-leader, sig-member-12; để trống: vị trí đầu tiên "
                                       "bạn giữ mà chưa ký"))


class ReportSignedSerializer(ModelSerializer):
    slot_label = serializers.CharField(source="get_slot_display", read_only=True)
    report_version = serializers.IntegerField(source="report.version", read_only=True)
    signed_sha256 = serializers.CharField(source="report.signed_sha256", read_only=True)

    class Meta:
        model = Signature
        fields = ["report", "revision", "slot", "slot_label", "department", "field_name", "signer_name",
                  "signer_position", "signed_at", "sha256_after", "report_version", "signed_sha256"]
        read_only_fields = fields


class CertificateSerializer(ModelSerializer):
    class Meta:
        model = SigningCertificate
        fields = ["id", "subject", "issuer", "serial_number", "not_before", "not_after", "fingerprint", "is_test",
                  "is_active", "uploaded_at"]
        read_only_fields = fields


class CertificateUploadSerializer(Serializer):
    file = serializers.FileField(error_messages=FILE_ERRORS, help_text=_("Tệp PKCS#12 (.p12, .pfx)"))
    passphrase = CharField(required=False, allow_blank=True, default="", trim_whitespace=False,
                           max_length=certificates.PASSPHRASE_MAX, write_only=True,
                           help_text=_("Chỉ dùng để kiểm tra tệp mở được; không được lưu"))


class IssueTestCertificateSerializer(Serializer):
    passphrase = CharField(max_length=certificates.PASSPHRASE_MAX, trim_whitespace=False, write_only=True,
                           help_text=_("Mật khẩu bảo vệ chứng thư được cấp (ít nhất 8 ký tự)"))


class VerifyUploadSerializer(Serializer):
    file = serializers.FileField(error_messages=FILE_ERRORS, help_text=_("Tệp PDF cần kiểm tra"))


class SignatureCheckSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    signer_name = serializers.CharField()
    signer_subject = serializers.CharField()
    issuer = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    intact = serializers.BooleanField(help_text=_("Nội dung được ký không bị thay đổi (so khớp mã băm)"))
    valid = serializers.BooleanField(help_text=_("Chữ ký khớp với khóa công khai của chứng thư"))
    trusted = serializers.BooleanField(help_text=_("Chứng thư dẫn về một CA tin cậy của hệ thống"))
    revision = serializers.IntegerField(allow_null=True, help_text=_("Bản sửa đổi được ký, đếm từ 1 = bản gốc"))
    covers_whole_file = serializers.BooleanField()
    coverage = serializers.CharField()
    modification = serializers.CharField(help_text=_("Những gì thay đổi sau chữ ký này"))
    modified_after = serializers.BooleanField(help_text=_("Có thay đổi sau khi ký mà chữ ký không cho phép"))
    produced_by_system = serializers.BooleanField(help_text=_("Bản được ký đúng từng byte với bản hệ thống tạo"))
    error = serializers.CharField()
    ok = serializers.BooleanField()


class VerificationResultSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    readable = serializers.BooleanField()
    error = serializers.CharField()
    revisions = serializers.IntegerField()
    appended_bytes = serializers.IntegerField(help_text=_("Số byte thêm vào sau chữ ký cuối cùng"))
    issued = serializers.BooleanField(help_text=_("Tệp đúng từng byte với một văn bản hệ thống đã phát hành"))
    issued_revision = serializers.IntegerField(allow_null=True,
                                               help_text=_("Bản sau chữ ký thứ mấy; null: bản chưa ký"))
    report = serializers.SerializerMethodField(help_text=_("Mã văn bản, nếu bạn được xem văn bản đó"))
    report_title = serializers.SerializerMethodField()
    all_ok = serializers.BooleanField()
    signatures = SignatureCheckSerializer(many=True)

    @extend_schema_field(OpenApiTypes.UUID)
    def get_report(self, result):
        return str(result.report.pk) if result.report else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_report_title(self, result):
        return result.report.title if result.report else None


# --- views ----------------------------------------------------------------------------------------------------

@hide_passphrases
@extend_schema(tags=["reports"])
class ReportSigningViewSet(RulesViewSet):
    serializer_class = ReportSignSerializer
    selector = staticmethod(reports_visible_to)
    lookup_value_regex = UUID_REGEX
    permission_rules = {"sign": "reports.sign_report"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return self.selector(self.request.user)

    @extend_schema(request=ReportSignSerializer, responses={201: ReportSignedSerializer},
                   summary=_("Ký số văn bản đã tạo xong (PAdES, chữ ký hiển thị ở vị trí ký của bạn)"))
    @action(detail=True, methods=["post"], filter_backends=[])
    def sign(self, request, pk=None):
        report = self.get_object()
        data = self.validated(data=request.data)
        signature = signing.sign_report(report=report, user=request.user, passphrase=data["passphrase"],
                                        expected_version=data["expected_version"],
                                        field_name=data["field_name"] or None)
        return self.respond(ReportSignedSerializer, signature, status=201)


@hide_passphrases
@extend_schema(tags=["signing-certificates"])
@extend_schema_view(
    list=extend_schema(summary=_("Chứng thư số của tôi")),
    retrieve=extend_schema(summary=_("Một chứng thư số của tôi")),
)
class SigningCertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RulesViewSet):
    serializer_class = CertificateSerializer
    selector = staticmethod(queries.certificates_of)
    filter_backends = []
    parser_classes = MULTIPART
    permission_rules = {"list": None, "retrieve": None, "create": None, "deactivate": None, "issue_test": None}
    global_rules = {"list": "reports.manage_certificate", "retrieve": "reports.manage_certificate",
                    "create": "reports.manage_certificate", "deactivate": "reports.manage_certificate",
                    "issue_test": "reports.issue_test_certificate"}

    @extend_schema(request={"multipart/form-data": CertificateUploadSerializer},
                   responses={201: CertificateSerializer},
                   summary=_("Tải chứng thư số lên (PKCS#12); thay chứng thư đang dùng"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=CertificateUploadSerializer)
        content = read_upload(data["file"], certificates.PKCS12_MAX_BYTES)
        row = certificates.upload_certificate(user=request.user, data=content, passphrase=data["passphrase"])
        return self.respond(CertificateSerializer, row, status=201)

    @extend_schema(request=None, responses=CertificateSerializer, summary=_("Ngừng sử dụng một chứng thư số"))
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        row = certificates.deactivate_certificate(certificate=self.get_object(), user=request.user)
        return self.respond(CertificateSerializer, row)

    @extend_schema(request=IssueTestCertificateSerializer, responses={201: CertificateSerializer},
                   summary=_("Cấp chứng thư thử nghiệm từ CA thử nghiệm của tỉnh (không phải CA của Chính phủ)"))
    @action(detail=False, methods=["post"], url_path="issue-test", url_name="issue-test")
    def issue_test(self, request):
        data = self.validated(data=request.data, serializer_class=IssueTestCertificateSerializer)
        row = certificates.issue_test_certificate(user=request.user, passphrase=data["passphrase"])
        return self.respond(CertificateSerializer, row, status=201)


@extend_schema(tags=["verify"])
class VerifyViewSet(RulesViewSet):
    serializer_class = VerifyUploadSerializer
    parser_classes = MULTIPART
    permission_rules = {"create": None}
    global_rules = {"create": "reports.verify_file"}

    def get_queryset(self):
        return Report.objects.none()

    @extend_schema(request={"multipart/form-data": VerifyUploadSerializer}, responses=VerificationResultSerializer,
                   summary=_("Kiểm tra chữ ký số của một tệp PDF và tệp có do hệ thống phát hành không"))
    def create(self, request):
        data = self.validated(data=request.data, serializer_class=VerifyUploadSerializer)
        content = read_upload(data["file"], settings.REPORT_UPLOAD_MAX_BYTES)
        result = verification.verify_pdf(data=content, user=request.user)
        return self.respond(VerificationResultSerializer, result)


def register(router):
    router.register("reports", ReportSigningViewSet, basename="report-signing")
    router.register("signing-certificates", SigningCertificateViewSet, basename="signing-certificate")
    router.register("verify", VerifyViewSet, basename="verify")
