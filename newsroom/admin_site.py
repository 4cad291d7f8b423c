from django.conf import settings
from django.contrib import admin

from newsroom.staff_front_page import staff_front_page


class NewsroomAdminSite(admin.AdminSite):
    """The admin whose index is the newsroom's front page for staff: what waits for review, what
    goes out today and tomorrow, what came out today, and the comments (newsroom.staff_front_page).
    It carries the newsroom's name, not "Django administration"."""

    site_header = site_title = settings.NEWSROOM_SITE_NAME
    index_title = "Newsroom"

    def index(self, request, extra_context=None):
        context = {"desk": staff_front_page(request.user), **(extra_context or {})}
        return super().index(request, context)
