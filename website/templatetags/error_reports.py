from django import template
from django.utils.functional import SimpleLazyObject

from website.error_report_form import ErrorReportForm

register = template.Library()


@register.inclusion_tag("articles/_error_report_form.html", takes_context=True)
def error_report_form(context, article):
    """The blank "Report an error" form of the shared article page: no query, no reader's data.
    Each worker keeps its rendered fields, so the form is built only when they are rendered."""
    token = ErrorReportForm.shared_token(article)
    return {"article": article, "error_form": SimpleLazyObject(lambda: ErrorReportForm.blank(article, token)),
            "report_token": token, "blank": True, "user": context.get("user")}
