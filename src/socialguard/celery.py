"""The Celery application. Tasks live in each app's ``tasks.py``; see docs/architecture.md."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialguard.settings")

app = Celery("socialguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs, by readable name. Each is a sweeper that is safe to run twice.
app.conf.beat_schedule = {
    "verify the audit log's hash chains, nightly at 02:30": {
        "task": "audit.verify_chains",
        "schedule": crontab(hour=2, minute=30),
    },
    "send reminders, daily at 07:00": {
        "task": "people.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "sweep the inbox every 5 minutes": {"task": "inbox.sweep", "schedule": 300.0},
}
