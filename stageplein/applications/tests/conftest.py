import pytest

from stageplein.applications.tests.factories import many_students


@pytest.fixture
def waiting(world):
    """The world's student's reaction, waiting for the provider."""
    return world.application


@pytest.fixture
def accepted(world):
    """The world's student's reaction that the provider accepted: waits for the school."""
    return world.accepted_application


@pytest.fixture
def students(world):
    def make(n: int, prefix: str = "s", **extra):
        return many_students(world.school, n, prefix=prefix, **extra)

    return make
