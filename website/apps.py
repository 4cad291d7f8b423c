from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Public website"

    def ready(self):
        from website import invalidation  # noqa: F401  (connects the receivers that forget pages)
