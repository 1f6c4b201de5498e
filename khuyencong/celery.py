import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")

app = Celery("khuyencong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules named for their area (proposals/tasks_monitoring.py, ...) are not "tasks.py".
app.autodiscover_tasks(related_name="tasks_monitoring")
