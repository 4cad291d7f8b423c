from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What running the site needs beyond its content: security headers, safe serving of uploads,
    a health check, backups, and logs that keep readers' addresses out."""

    name = "operations"
    verbose_name = "Operations"
