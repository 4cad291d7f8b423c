from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path(settings.NEWSROOM_ADMIN_PATH, admin.site.urls),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.NEWSROOM_SERVE_MEDIA:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"
