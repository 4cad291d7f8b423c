"""Old addresses of articles (a changed slug or date, an imported site's permalinks) keep working.

Like django.contrib.redirects' fallback middleware: only a response that is already "not found"
is looked up in `ArticleRedirect`, so no URL pattern is shadowed and APPEND_SLASH still works.
"""

from django.http import HttpResponsePermanentRedirect

from articles.models import ArticleRedirect


class OldAddressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        article = ArticleRedirect.objects.target_of(request.path)
        if article is None:
            return response
        return HttpResponsePermanentRedirect(article.get_absolute_url())
