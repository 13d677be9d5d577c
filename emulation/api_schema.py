"""OpenAPI post-processing: the error answers every endpoint can give, documented once.

Each view documents its success; the errors come from DRF and the domain for every endpoint alike (a missing
or bad token, an object outside the user's scope answered 404, a refused input 400, a stale version 409), so
they are added here rather than on 170 operations.
"""
ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "additionalProperties": True,
         "description": "Thông báo lỗi (tiếng Việt) và, khi có, chi tiết kèm theo."}
ERRORS = {
    "400": "Dữ liệu không hợp lệ: từng trường sai kèm thông báo.",
    "401": "Chưa xác thực.",
    "403": "Không có quyền thực hiện thao tác này.",
    "404": "Không tìm thấy (hoặc nằm ngoài phạm vi của người dùng).",
    "409": "Xung đột: dữ liệu đã được người khác thay đổi, hoặc trạng thái không cho phép thao tác.",
    "429": "Tài khoản tạm khóa sau nhiều lần đăng nhập sai (django-axes).",
}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result
