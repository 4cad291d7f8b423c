from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("author/<slug:slug>/", views.author_detail, name="author"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("<int:year>/", views.archive_year, name="archive_year"),
    path("<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("<int:year>/<int:month>/<int:day>/<slug:slug>/", views.article_detail, name="article"),
]
