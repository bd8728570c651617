"""R-PLACE-8: offers past their deadline go to the next on the waiting list; seats freed by a
change the services do not see (a provider raising a period's capacity) are offered."""

from stageplein.applications.services.waiting_list import waiting_list_offer_everywhere
from stageplein.reminders.scheduler import Job, register

register(Job("waiting_list_offers", 6, lambda now: waiting_list_offer_everywhere(now=now)))
