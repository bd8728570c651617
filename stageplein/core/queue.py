"""Priorities in the one task queue that every worker shares (docs/deployment.md).

django-tasks-db's workers claim the ready task with the highest priority first. Without
priorities the queue is first come, first served: a broker who starts a round behind a
mailing to a whole region, or behind a school's import of 900 invitations, watched the
progress bar stand still for minutes (124 s in a production-settings run on the twenty
pilots, behind 7,500 queued e-mails).
"""

# Someone is waiting on the page for these: a broker's or a school's matching round (and
# its confirmation), an export, an import.
WAITED_FOR = 50
