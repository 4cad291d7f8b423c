from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from comments import reader_mail  # noqa: F401  (connects the receivers that mail readers)
