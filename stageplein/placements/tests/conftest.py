import pytest


@pytest.fixture
def placement(world):
    return world.placement


@pytest.fixture
def period(world):
    return world.period
