from django.core.management.base import BaseCommand

from stageplein.placements.services import placements_request_renewal


class Command(BaseCommand):
    help = (
        "Send each provider a renewal link for placements that nobody confirmed for "
        "PLACEMENT_STALE_AFTER_DAYS (R-PLACE-7). Safe to run daily from cron: a placement gets "
        "one link per staleness."
    )

    def handle(self, *args, **options):
        sent = placements_request_renewal()
        self.stdout.write(f"Sent {sent} renewal link(s).")
