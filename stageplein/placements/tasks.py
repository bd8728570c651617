from django.tasks import task

from stageplein.placements.services import placements_request_renewal


@task()
def request_placement_renewals() -> int:
    """R-PLACE-7, run daily (cron calls the management command of the same name, which
    enqueues or runs this): renewal links for placements that just went stale."""
    return placements_request_renewal()
