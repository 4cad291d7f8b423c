from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from website import error_report_views, feeds, page_keys, preview_views, sitemaps, views
from website.comment_feeds import ArticleCommentsFeed, LatestCommentsFeed
from website.page_cache import public_page

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("author/<slug:slug>/", views.author_detail, name="author"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("preview/shared/<str:token>/", preview_views.guest_preview, name="guest_preview"),
    path("report-an-error/<int:article_id>/", error_report_views.report_error, name="report_error"),
    path("report-an-error/<int:article_id>/token/", error_report_views.reader_token,
         name="error_report_token"),
    # Feeds, sitemaps and robots.txt show published articles and comments, like the pages: the
    # page cache may keep them, named by what they show from their addresses alone.
    path("feeds/rss/", public_page(feeds.LatestArticlesFeed(), page_keys.site_feed), name="rss"),
    path("feeds/atom/", public_page(feeds.LatestArticlesFeed(atom=True), page_keys.site_feed), name="atom"),
    path("section/<slug:slug>/rss/", public_page(feeds.SectionFeed(), page_keys.section_feed),
         name="section_rss"),
    path("section/<slug:slug>/atom/", public_page(feeds.SectionFeed(atom=True), page_keys.section_feed),
         name="section_atom"),
    path("tag/<slug:slug>/rss/", public_page(feeds.TagFeed(), page_keys.tag_feed), name="tag_rss"),
    path("tag/<slug:slug>/atom/", public_page(feeds.TagFeed(atom=True), page_keys.tag_feed), name="tag_atom"),
    path("author/<slug:slug>/rss/", public_page(feeds.AuthorFeed(), page_keys.author_feed),
         name="author_rss"),
    path("author/<slug:slug>/atom/", public_page(feeds.AuthorFeed(atom=True), page_keys.author_feed),
         name="author_atom"),
    path("feeds/comments/rss/", public_page(LatestCommentsFeed(), page_keys.site_comments_feed),
         name="comments_rss"),
    path("feeds/comments/atom/", public_page(LatestCommentsFeed(atom=True), page_keys.site_comments_feed),
         name="comments_atom"),
    path("feeds/comments/<int:article_id>/rss/",
         public_page(ArticleCommentsFeed(), page_keys.article_comments_feed), name="article_comments_rss"),
    path("feeds/comments/<int:article_id>/atom/",
         public_page(ArticleCommentsFeed(atom=True), page_keys.article_comments_feed),
         name="article_comments_atom"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap, [page_keys.SITEMAPS]),
         {"sitemaps": sitemaps.SITEMAPS, "template_name": "articles/sitemap.xml"}, name="sitemap"),
    path("news-sitemap.xml", public_page(sitemap_views.sitemap, [page_keys.SITEMAPS]),
         {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "articles/news_sitemap.xml"},
         name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("<int:year>/", views.archive_year, name="archive_year"),
    path("<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("<int:year>/<int:month>/<int:day>/<slug:slug>/", views.article_detail, name="article"),
]
