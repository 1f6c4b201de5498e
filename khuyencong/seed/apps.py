from django.apps import AppConfig


class SeedConfig(AppConfig):
    """An app only so that ``load_demo`` and ``seed_scale`` are management commands."""

    name = "khuyencong.seed"
    label = "seed"
    verbose_name = "Seed data"
