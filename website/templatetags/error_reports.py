from django import template

from website.error_report_form import ErrorReportForm

register = template.Library()


@register.inclusion_tag("articles/_error_report_form.html", takes_context=True)
def error_report_form(context, article):
    """The blank "Report an error" form of the shared article page: no query, no reader's data."""
    return {"article": article, "error_form": ErrorReportForm.blank(article), "blank": True,
            "user": context.get("user")}
