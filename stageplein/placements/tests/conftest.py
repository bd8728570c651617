import pytest


@pytest.fixture
def placement(world):
    return world.extra["placement"]


@pytest.fixture
def period(world):
    return world.extra["period"]
