from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from operations.media import serve_upload

urlpatterns = [
    path(settings.NEWSROOM_ADMIN_PATH, admin.site.urls),
    path("comments/", include("website.comment_urls")),
    path("", include("website.urls")),
]

if settings.NEWSROOM_SERVE_MEDIA:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_upload),
    ]

handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"
