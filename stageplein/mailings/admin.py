from functools import partial

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stageplein.mailings.models import Mailing, MailingRecipient
from stageplein.mailings.tasks import send_mailing


class RecipientInline(admin.TabularInline):
    model = MailingRecipient
    raw_id_fields = ["user"]
    readonly_fields = ["user", "status", "sent_at", "error"]
    extra = 0
    can_delete = False


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "broker", "school", "audience", "status", "sent_count", "total"]
    list_filter = ["status", "audience"]
    raw_id_fields = ["broker", "school", "created_by"]
    inlines = [RecipientInline]
    actions = ["retry_failed"]

    @admin.action(description=_("Send again to recipients whose e-mail failed"))
    def retry_failed(self, request, queryset):

        for mailing in queryset:
            failed = mailing.recipients.filter(status=MailingRecipient.Status.FAILED)
            if failed.update(status=MailingRecipient.Status.PENDING, error=""):
                Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
                transaction.on_commit(partial(send_mailing.enqueue, mailing.pk))
