import pytest

from municipalities.services import import_register


@pytest.fixture
def register(db):
    """The full shipped register (445 rows)."""
    return import_register()
