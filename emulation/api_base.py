"""REST framework plumbing shared by the apps' APIs (blocs/api.py, accounts/api.py).

Three things live here so that no view repeats them: the permission class that asks django-rules, the
base viewset (selectors give the queryset, so an object out of reach is a 404), and serializer fields whose
messages are Vietnamese (DRF's own Vietnamese catalogue covers only part of its messages).
"""
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, permissions, serializers, viewsets
from rest_framework.response import Response

NUL_MESSAGE = _("Không được chứa ký tự NUL.")
COMMON_MESSAGES = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
}
# Exceptions DRF raises with English text; a view's own messages are never replaced.
FRAMEWORK_MESSAGES = {
    exceptions.NotAuthenticated: _("Chưa đăng nhập: hãy gửi token (Authorization: Token …) "
                                   "hoặc đăng nhập."),
    exceptions.AuthenticationFailed: _("Thông tin xác thực không hợp lệ hoặc tài khoản đã bị khóa."),
    exceptions.ParseError: _("Dữ liệu gửi lên không đúng định dạng JSON."),
    exceptions.UnsupportedMediaType: _("Kiểu dữ liệu gửi lên không được hỗ trợ; hãy gửi JSON."),
    exceptions.NotAcceptable: _("Không thể trả về định dạng được yêu cầu trong tiêu đề Accept."),
}


class RulesPermission(permissions.BasePermission):
    """Ask django-rules, with the permission each view names per action.

    `view.permission_rules` maps every action to the permission checked against the object it acts on
    (for a creation, the parent the view passes to `check_object_permissions`), or to None when the
    selector's scope is the whole rule. `view.global_rules` adds permissions checked without an object.
    An action that `permission_rules` does not name is refused, so a new action cannot slip through.
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated) or view.action not in view.permission_rules:
            return False
        perm = view.global_rules.get(view.action)
        return perm is None or user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = view.permission_rules.get(view.action)
        return perm is None or request.user.has_perm(perm, obj)


class VietnameseErrorsMixin:
    """For APIViews: framework errors in Vietnamese, and a 404 that names nothing."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = exceptions.NotFound(_("Không tìm thấy."))
        elif type(exc) in FRAMEWORK_MESSAGES:
            exc = type(exc)(FRAMEWORK_MESSAGES[type(exc)])
        return super().handle_exception(exc)


class PageNumberPagination(pagination.PageNumberPagination):
    """A page number that is not a number is bad input (400); one past the end does not exist (404)."""

    invalid_page_message = _("Trang không tồn tại.")

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if str(number) not in self.last_page_strings and not str(number).isdigit():
            raise serializers.ValidationError({self.page_query_param: [_("Số trang phải là số nguyên dương.")]})
        return number


class SearchFilter(filters.SearchFilter):
    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except serializers.ValidationError:  # DRF refuses NUL characters, in English
            raise serializers.ValidationError({self.search_param: [NUL_MESSAGE]}) from None


class RulesViewSet(VietnameseErrorsMixin, viewsets.GenericViewSet):
    """Base of every API viewset: querysets from selectors, permissions from django-rules."""

    permission_classes = [RulesPermission]
    selector = None  # staticmethod(<things>_visible_to): the rows this user may see
    permission_rules = {}
    global_rules = {}
    filter_backends = [DjangoFilterBackend, SearchFilter, filters.OrderingFilter]
    pagination_class = PageNumberPagination
    metadata_class = None  # OPTIONS would describe forms to users who may not use them

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, only the model
            return self.get_serializer_class().Meta.model.objects.none()
        return self.selector(self.request.user)

    def validated(self, *args, serializer_class=None, extra_context=None, **kwargs):
        """Input checked by the action's serializer (or `serializer_class`): bad input raises a 400."""
        context = {**self.get_serializer_context(), **(extra_context or {})}
        serializer = (serializer_class or self.get_serializer_class())(*args, context=context, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, serializer_class, instance, status=200):
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=status)

    def respond_empty(self):
        return Response(status=204)


# --- Serializer fields with Vietnamese messages -------------------------------------------------------


class VietnameseMessages:
    default_error_messages = COMMON_MESSAGES


class CharField(VietnameseMessages, serializers.CharField):
    default_error_messages = {
        "blank": _("Trường này không được để trống."),
        "invalid": _("Giá trị phải là một chuỗi ký tự."),
        "max_length": _("Không được dài quá {max_length} ký tự."),
        "min_length": _("Cần ít nhất {min_length} ký tự."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(ProhibitNullCharactersValidator(message=NUL_MESSAGE))


class EmailField(CharField, serializers.EmailField):
    default_error_messages = {"invalid": _("Địa chỉ email không hợp lệ.")}


class SlugField(CharField, serializers.SlugField):
    default_error_messages = {
        "invalid": _("Chỉ được dùng chữ cái không dấu, chữ số, dấu gạch ngang và gạch dưới."),
    }


class IntegerField(VietnameseMessages, serializers.IntegerField):
    default_error_messages = {
        "invalid": _("Cần một số nguyên."),
        "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_string_length": _("Giá trị quá dài."),
    }


class BooleanField(VietnameseMessages, serializers.BooleanField):
    default_error_messages = {"invalid": _("Cần giá trị đúng hoặc sai (true/false).")}


class DateField(VietnameseMessages, serializers.DateField):
    default_error_messages = {
        "invalid": _("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."),
        "datetime": _("Cần một ngày, không kèm giờ."),
    }


class DateTimeField(VietnameseMessages, serializers.DateTimeField):
    default_error_messages = {
        "invalid": _("Thời điểm không hợp lệ; hãy dùng dạng ISO 8601."),
        "date": _("Cần ngày giờ, không chỉ ngày."),
    }


class ChoiceField(VietnameseMessages, serializers.ChoiceField):
    default_error_messages = {"invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ.")}


class PrimaryKeyRelatedField(VietnameseMessages, serializers.PrimaryKeyRelatedField):
    """A reference by id; `scope(context)` gives what exists for this request (else: 'không tồn tại')."""

    default_error_messages = {
        "does_not_exist": _("Đối tượng được chọn không tồn tại."),
        "incorrect_type": _("Mã không hợp lệ: cần một số nguyên."),
    }

    def __init__(self, *, scope=None, noun=None, **kwargs):
        self.scope = scope
        if noun is not None:
            kwargs.setdefault("error_messages", {})["does_not_exist"] = format_lazy(
                _("{noun} không tồn tại."), noun=noun)
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context) if self.scope else super().get_queryset()


VIETNAMESE_FIELDS = {
    serializers.CharField: CharField, serializers.EmailField: EmailField, serializers.SlugField: SlugField,
    serializers.IntegerField: IntegerField, serializers.BooleanField: BooleanField,
    serializers.DateField: DateField, serializers.DateTimeField: DateTimeField,
}


class Serializer(serializers.Serializer):
    default_error_messages = {"invalid": _("Dữ liệu gửi lên phải là một đối tượng JSON.")}


class ModelSerializer(serializers.ModelSerializer):
    """Fields built from the model speak Vietnamese; uniqueness and other rules are the domain's."""

    default_error_messages = Serializer.default_error_messages
    serializer_field_mapping = {
        model_field: VIETNAMESE_FIELDS.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }
    serializer_related_field = PrimaryKeyRelatedField
    serializer_choice_field = ChoiceField

    def get_validators(self):
        return []

    def get_fields(self):
        """`Meta.create_only_fields` are written once, on creation, and read-only afterwards."""
        fields = super().get_fields()
        if self.instance is not None:
            for name in getattr(self.Meta, "create_only_fields", ()):
                fields[name].read_only = True
        return fields
