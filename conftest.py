import pytest
from django.test import Client

from tests.support.world import World, build_world


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Tasks run inline in tests so that their effects (e-mails, notifications) can be asserted.
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits (allauth) and cached figures live in the cache, which outlives a test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_as(world):
    """``client_as("coordinator")``: a test client signed in as that role of the world."""

    def make(role: str | None) -> Client:
        client = Client()
        if role and role != "anonymous":
            client.force_login(world.users[role])
        return client

    return make


@pytest.fixture
def transactional_world(transactional_db) -> World:
    """The world in a database that threads and a live server can see (committed data)."""
    from stageplein.core.reference_data import ensure_reference_data

    ensure_reference_data()
    return build_world()
