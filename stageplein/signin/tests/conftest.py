import pytest

from stageplein.signin import services
from tests.support.oidc import oidc_provider  # noqa: F401 - the session fixture
from tests.support.people import make_student


@pytest.fixture
def issue(world):
    """A fresh card for a student of the world's school; returns the code printed on it."""

    def make(student=None) -> str:
        student = student or world.classmate
        [card] = services.cards_issue(actor=world.users["coordinator"], students=[student])
        return card.code

    return make


@pytest.fixture
def no_email_student(world):
    """A student imported without an e-mail address (the case the cards are for)."""
    student = make_student(world.school, "1003", first_name="Noor", last_name="Zonder")
    student.user.email = None
    student.user.set_unusable_password()
    student.user.save()
    return student
