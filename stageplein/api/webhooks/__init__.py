"""Webhooks: events for the systems of schools, brokers and municipalities (docs/api.md)."""
