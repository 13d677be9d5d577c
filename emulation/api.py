"""API-wide behaviour: domain errors become 400 (or 409 for a stale version) with Vietnamese messages."""
from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from emulation.exceptions import ConflictError


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        code = status.HTTP_409_CONFLICT if isinstance(exc, ConflictError) else status.HTTP_400_BAD_REQUEST
        return Response({"detail": " ".join(exc.messages)}, status=code)
    return drf_exception_handler(exc, context)
