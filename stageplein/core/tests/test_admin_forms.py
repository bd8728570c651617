"""No admin form of ours lists a whole table that grows with the platform (users, students,
placements …) in a drop-down: such a relation is a raw id, an autocomplete or read-only. With
drop-downs of all 138,000 users the add page of an application took 28 s on the twenty pilots."""

from django.contrib import admin
from django.forms import ModelChoiceField

# Tables that stay small whatever the platform's size: one row per region, municipality,
# sector, model or sign-on provider.
REFERENCE = {
    "geo.Region",
    "geo.Municipality",
    "organisations.Sector",
    "contenttypes.ContentType",
    "socialaccount.SocialApp",
}


def forms_of(model_admin, request):
    """The admin's own form and its inlines' forms, each with the field that is no choice (an
    inline's link to the object it sits in)."""
    yield model_admin, model_admin.get_form(request), None
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        yield inline, formset.form, formset.fk.name


def test_no_admin_form_offers_a_growing_table_as_a_drop_down(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    listed = []
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("stageplein."):
            continue
        for owner, form, parent in forms_of(model_admin, request):
            for name, field in form.base_fields.items():
                if name == parent or not isinstance(field, ModelChoiceField):
                    continue
                assert field.queryset is not None
                checked += 1
                target = field.queryset.model._meta.label
                if target in REFERENCE:
                    continue
                if name in owner.raw_id_fields or name in owner.autocomplete_fields:
                    continue
                listed.append(f"{type(owner).__name__}.{name} -> {target}")
    assert checked > 20  # the check reaches the forms at all
    assert listed == [], "relations offered as a drop-down of a whole table:\n" + "\n".join(listed)
