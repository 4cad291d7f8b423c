import datetime

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from comments import moderation
from comments.models import Comment
from website import metadata, page_keys
from website.comment_section import comment_context
from website.front_page import front_page, most_commented_shown
from website.page_cache import keep_until, kept_while_pages_are_not, public_page, shows
from website.pagination import page_of
from website.search_form import SearchForm
from website.sitemaps import SITEMAPS

RAIL_LENGTH = 4
RAIL_KEPT_SECONDS = 60
NAV_KEPT_SECONDS = 600


def navigation_sections():
    """The sections every page's navigation names, kept by each worker until one changes while
    the page cache is off (every change to a section forgets page_keys.NAV)."""
    return kept_while_pages_are_not("nav-sections", lambda: list(Section.objects.all()),
                                    seconds=NAV_KEPT_SECONDS)


def _render(request, template, context, status=200):
    """Every public page shows the section navigation."""
    if "nav_sections" not in context:
        context["nav_sections"] = navigation_sections()
    return shows(render(request, template, context, status=status), page_keys.NAV)


@public_page
def home(request):
    wordpress_id = request.GET.get("p", "")
    if wordpress_id.isdigit():  # an imported WordPress site's short link, /?p=123
        article = Article.objects.published().imported_from_wordpress(wordpress_id, request.get_host())
        if article is not None:
            return redirect(article, permanent=True)
    front = front_page()
    response = _render(request, "articles/home.html", {
        "nav_sections": front.sections,
        "lead": front.lead,
        "secondary": front.secondary,
        "latest": front.latest,
        "section_blocks": front.section_blocks,
        "most_commented": front.most_commented,
    })
    shown = [*([front.lead] if front.lead else []), *front.secondary, *front.latest,
             *(article for _, articles in front.section_blocks for article in articles)]
    return shows(response, page_keys.HOME, *page_keys.cards(shown),
                 *page_keys.most_commented(front.most_commented))


@public_page
def article_detail(request, year, month, day, slug):
    article = Article.objects.with_page_details().published().filter(slug=slug).first()
    if article is None:
        raise Http404("No article at this address")  # website.redirects may know where it went
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    # The comment form disappears by itself when comments close.
    closes = moderation.close_time(article) if moderation.comments_open(article) else None
    return keep_until(render_article(request, article), closes)


def article_rail(article):
    """(related stories, the section's newest), kept by each worker while the page cache is off:
    a story that goes live at its scheduled time joins them within RAIL_KEPT_SECONDS."""
    return kept_while_pages_are_not(
        f"article-rail-{article.pk}", lambda: Article.objects.published().rail_of(article, RAIL_LENGTH),
        seconds=RAIL_KEPT_SECONDS,
    )


def _headline_shown(story):
    """What a line of the rail shows of a story: its address, headline, date and comment count."""
    return story.pk, story.slug, story.headline, story.publish_at, getattr(story, "comment_count", None)


def render_article(request, article, preview=False, status=200, guest_preview=False, **comments):
    """The article page. `comments` are comment_context()'s options, for the private versions of
    the page that website.comment_views makes (a form brought back, the reader's own comments).
    `guest_preview`: read through a preview link (website.preview_views)."""
    related, section_newest = article_rail(article)
    most_commented = most_commented_shown()
    context = {
        "article": article,
        "related": related,
        "section_newest": section_newest,
        "most_commented": most_commented,
        # The rendered rail is kept under what it shows (each worker renders it once).
        "rail_version": [
            article.section.name,
            [(*_headline_shown(story), story.section.name) for story in related],
            [_headline_shown(story) for story in section_newest],
            [_headline_shown(story) for story in most_commented],
        ],
        "preview": preview,
        "guest_preview": guest_preview,
        "structured_data": [metadata.news_article(article), metadata.breadcrumbs(article)],
    }
    context.update(comment_context(request, article, **comments))
    response = _render(request, "articles/article_detail.html", context, status=status)
    return shows(
        response, page_keys.article(article.pk), page_keys.comments(article.pk),
        *(page_keys.author(byline["slug"]) for byline in article.byline_list),
        *(page_keys.tag(tag["slug"]) for tag in article.tag_list),
        # The rail: related stories (the newest of its section and of its tags), the section's
        # newest, the week's most commented.
        page_keys.section_list(article.section.slug),
        *(page_keys.tag_list(tag["slug"]) for tag in article.tag_list),
        *page_keys.headlines([*related, *context["section_newest"]]),
        *page_keys.most_commented(context["most_commented"]),
    )


@staff_member_required
def article_preview(request, pk):
    """Editors and writers see a draft or scheduled article as it will look."""
    article = get_object_or_404(Article.objects.with_page_details(), pk=pk)
    return render_article(request, article, preview=True)


def _listing(request, template, queryset, shown, counted=True, **context):
    cards = queryset.as_cards().with_comment_counts(Comment.objects.approved())
    page = page_of(cards, request.GET.get("page"), settings.NEWSROOM_PAGE_SIZE)
    context["page"] = page
    return shows(_render(request, template, context), *shown, *page_keys.cards(page.items, counted))


@public_page
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return _listing(request, "articles/section_detail.html",
                    Article.objects.published().filter(section=section).newest_first(),
                    [page_keys.section(slug), page_keys.section_list(slug)], section=section)


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, "articles/tag_detail.html",
                    Article.objects.published().filter(tags=tag).newest_first(),
                    [page_keys.tag(slug), page_keys.tag_list(slug)], tag=tag)


@public_page
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    return _listing(request, "articles/author_detail.html",
                    Article.objects.published().filter(bylines__author=author).newest_first(),
                    [page_keys.author(slug), page_keys.author_list(slug)], author=author)


def _month_range(year, month):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


@public_page
def archive_year(request, year):
    if not 1900 <= year <= 9999:
        raise Http404("No such year")
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz) if year < 9999 else None
    queryset = Article.objects.published().filter(publish_at__gte=start)
    if end:
        queryset = queryset.filter(publish_at__lt=end)
    return _listing(request, "articles/archive.html", queryset.newest_first(),
                    [page_keys.archive(start, month=False)], period=start, period_kind="year")


@public_page
def archive_month(request, year, month):
    if not (1900 <= year <= 9998 and 1 <= month <= 12):
        raise Http404("No such month")
    start, end = _month_range(year, month)
    queryset = Article.objects.published().filter(publish_at__gte=start, publish_at__lt=end)
    return _listing(request, "articles/archive.html", queryset.newest_first(),
                    [page_keys.archive(start)], period=start, period_kind="month")


@public_page
def search(request):
    sections = list(Section.objects.all())
    form = SearchForm(request.GET, sections)
    context = {"form": form, "query": form.query, "nav_sections": sections, "page_query": form.page_query()}
    if form.query:
        return _listing(request, "articles/search.html",
                        form.filter(Article.objects.published()).search(form.query), [page_keys.SEARCH],
                        counted=False, **context)
    context["page"] = None
    return _render(request, "articles/search.html", context)


@public_page
def robots_txt(request):
    # A custom admin path is meant to stay unknown: robots.txt would publish it.
    context = {"admin_path_is_default": settings.NEWSROOM_ADMIN_PATH == "admin/"}
    return render(request, "articles/robots.txt", context, content_type="text/plain; charset=utf-8")


@public_page
def sitemap_index(request):
    """The index of the sitemaps in website.sitemaps. Django's own index view names them on the
    host the request came in on, where the sitemaps use NEWSROOM_SITE_URL; and it would name an
    empty one (a new site has no tags yet), which is not a valid sitemap."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:
            continue
        location = metadata.absolute_url(reverse("articles:sitemap", args=[name]))
        last_mod = sitemap.get_latest_lastmod()
        entries += [
            {"location": location if page == 1 else f"{location}?p={page}", "last_mod": last_mod}
            for page in sitemap.paginator.page_range
        ]
    response = render(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return shows(response, page_keys.SITEMAPS)
