"""Permission-matrix entries contributed by each area (tests/matrix/pages_*.py and api_*.py).

Each module defines PAGE_MATRIX (same shape as tests/test_permission_matrix.MATRIX) and/or API_MATRIX
(same shape as tests/api/test_permission_matrix.MATRIX); the matrix tests merge them, so a new URL is
covered by adding a module next to the code that adds it.
"""
import importlib
import pkgutil


def collect(attribute):
    merged = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        entries = getattr(module, attribute, {})
        clash = set(entries) & set(merged)
        assert not clash, f"URL names declared twice in the permission matrix: {clash}"
        merged.update(entries)
    return merged
