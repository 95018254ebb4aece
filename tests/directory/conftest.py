import pytest

from .factories import make_helpline


@pytest.fixture
def helpline(db):
    return make_helpline()
