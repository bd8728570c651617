from django.dispatch import Signal

# Sent when a task left RUNNING by a dead worker is queued again (gave_up=False) or, after
# TASK_MAX_ATTEMPTS, marked failed (gave_up=True). Apps whose records track the task (a
# matching round, an export, an import) put them back in the queue or show them as failed.
# Arguments: task_path, args, kwargs, gave_up.
task_lost = Signal()
