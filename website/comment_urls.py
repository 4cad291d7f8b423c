from django.urls import path

from website import comment_views as views

app_name = "comments"
urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
]
