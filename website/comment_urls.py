from django.urls import path

from website import comment_edits
from website import comment_views as views

app_name = "comments"
urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("posted/<int:comment_id>/", views.posted, name="posted"),
    path("reader/<int:article_id>/", views.reader_state, name="reader"),
    path("report/<int:comment_id>/", views.report_comment, name="report"),
    path("<int:comment_id>/", views.permalink, name="permalink"),
    path("<int:comment_id>/edit/", comment_edits.edit_comment, name="edit"),
    path("yours/<int:article_id>/", comment_edits.own_comments, name="yours"),
]
