import pytest

from tests.scoring.demo.loading import demo  # noqa: F401 — a fixture


@pytest.fixture
def loaded(demo, db):  # noqa: F811
    return demo
