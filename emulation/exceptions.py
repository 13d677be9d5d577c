from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """A change based on a stale version: the caller must reload and decide (HTTP 409)."""
