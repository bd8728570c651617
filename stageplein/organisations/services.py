from __future__ import annotations

from stageplein.accounts.models import User
from stageplein.organisations.models import Provider

PROVIDER_FIELDS = (
    "description",
    "website",
    "phone",
    "email",
    "weekly_intake_cap",
    "kvk_number",
    "iban",
    "account_holder",
    "postal_address",
)


def provider_update(*, provider: Provider, by: User, **fields: object) -> Provider:
    """A provider's contact (or the broker of its area) keeps its own details current. The
    change is recorded by django-auditlog where the model is registered."""
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save(update_fields=list(fields))
    return provider
