from django.urls import reverse

from stageplein.core.access_matrix import Row

ROWS = {
    "home": Row(lambda w: reverse("home"), {"admin": 302}, default=200),
}
