from django.urls import path

from website import comment_edits, commenter_views
from website import comment_views as views

app_name = "comments"
urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("posted/<int:comment_id>/", views.posted, name="posted"),
    path("reader/<int:article_id>/", views.reader_state, name="reader"),
    path("report/<int:comment_id>/", views.report_comment, name="report"),
    path("<int:comment_id>/", views.permalink, name="permalink"),
    path("<int:comment_id>/edit/", comment_edits.edit_comment, name="edit"),
    path("confirm/<str:token>/", commenter_views.confirm, name="confirm"),
    path("mail/<str:token>/", commenter_views.mail_settings, name="mail_settings"),
    path("mail/<str:token>/unsubscribe/", commenter_views.unsubscribe, name="unsubscribe"),
    path("yours/<int:article_id>/", comment_edits.own_comments, name="yours"),
]
