"""WordPress records (see `reader`) turned into Newsroom's sections, authors, tags, articles and
comments; importing the same export again updates what the last import made.

Posts and comments map by their WordPress id within the exported site (`wordpress_site`: ids of
two sites are unrelated), categories and tags by slug, authors by the slug of their display name.
Featured images are attached at the end, since an attachment may come after the post that shows it.

Imports made before the site was recorded left it empty. A later import claims such an article
when it is recognisably the same post (same id, and the same slug or headline), with its
comments, and from then on the pictures recorded without a site: an import of another site
whose ids happen to match leaves them alone.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import reset_queries
from django.utils import timezone
from django.utils.text import slugify

from articles.html import sanitize_html
from articles.models import Article, ArticleRedirect, Author, Byline, Section, Tag, wordpress_site
from importers.wordpress import reader
from importers.wordpress.comments import import_comments
from importers.wordpress.content import article_body, plain_text
from importers.wordpress.media import upload_path

STATUS_FROM_WORDPRESS = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,  # WordPress's "Pending Review": a writer submitted it
    "private": Article.Status.DRAFT,
}
DEFAULT_CATEGORY = "Uncategorized"
SKIPPED_TYPES = {"attachment": "attachment", "page": "page", "nav_menu_item": "nav menu item"}
IMPORTED_FIELDS = [
    "wordpress_site", "headline", "slug", "standfirst", "body", "status", "publish_at", "section_id",
    "comments_enabled", "featured", "updated_at",
]
# A plain permalink (/?p=123, /index.php?page_id=7) names the post in its query, not its path.
PLAIN_PERMALINK_QUERY = re.compile(r"(?:^|&)(?:p|page_id|attachment_id)=\d")


@dataclass
class Attachment:
    path: str
    alt: str
    caption: str


@dataclass
class Summary:
    articles: Counter = field(default_factory=Counter)  # by status
    comments: Counter = field(default_factory=Counter)  # by status
    created: Counter = field(default_factory=Counter)  # by kind: "articles", "comments", "tags"…
    updated: Counter = field(default_factory=Counter)  # by kind; the others were left unchanged
    authors: set = field(default_factory=set)
    sections: set = field(default_factory=set)
    tags: set = field(default_factory=set)
    redirects: int = 0
    redirects_of_others: int = 0  # old paths that already lead to an article of another site
    password_protected: int = 0
    skipped: Counter = field(default_factory=Counter)  # by a singular noun: "page", "pingback"…


def _slug(*candidates, fallback):
    """An ASCII slug (the URL patterns take no other) from the first candidate that has one."""
    for candidate in candidates:
        slug = slugify(unquote(candidate or ""))
        if slug:
            return slug
    return f"{fallback}-{hashlib.md5(repr(candidates).encode(), usedforsecurity=False).hexdigest()[:8]}"


def _base_slug(item):
    return _slug(item.slug, item.title, fallback="post")[:190]


def _is_slug_for(slug, base):
    """`slug` is what `unique_slug` makes of `base`: itself, or itself with a number."""
    return slug == base or (slug or "").removeprefix(f"{base}-").isdigit()


def main_category(terms):
    """The post's first category that is not WordPress's default one; else that default."""
    categories = [term for term in terms if term.domain == "category"]
    chosen = [term for term in categories if _slug(term.slug, term.name, fallback="") != "uncategorized"]
    if chosen or categories:
        return (chosen or categories)[0]
    return reader.Term("category", "uncategorized", DEFAULT_CATEGORY)


class WordPressImporter:
    def __init__(self, uploads):
        self.uploads = uploads
        self.summary = Summary()
        self.authors = {}
        self.author_names = {}
        self.sections = {}
        self.tags = {}
        self.attachments = {}
        self.featured = []
        self.site = ""
        self.home_path = ""
        self.untouched = set()  # articles found as the last import left them

    def run(self, records):
        for record in records:
            if isinstance(record, reader.Site):
                self.site = self.uploads.site = wordpress_site(record.address)
                self.home_path = unquote("/" + self.site.partition("/")[2]).rstrip("/")
            elif isinstance(record, reader.Author):
                self.author_names[record.login] = record.display_name
            elif record.type == "post":
                self.import_post(record)
            elif record.type == "attachment":
                self.remember_attachment(record)
            else:
                self.summary.skipped[SKIPPED_TYPES.get(record.type, f"“{record.type}” item")] += 1
            if settings.DEBUG:
                reset_queries()  # the query log would otherwise hold every INSERT of a long import
        self.attach_featured_images()
        return self.summary

    def import_post(self, item):
        status = STATUS_FROM_WORDPRESS.get(item.status)
        if status is None:
            self.summary.skipped[f"{item.status or 'unknown'} post"] += 1
            return
        if item.password:
            status = Article.Status.DRAFT  # its text was never public: it stays unpublished
            self.summary.password_protected += 1
        article = self.find_article(item)
        created = article.pk is None
        before = [getattr(article, name) for name in IMPORTED_FIELDS]
        article.wordpress_site = self.site
        article.headline = self.headline(item)
        article.slug = self.unique_slug(article, item)
        article.standfirst = plain_text(item.excerpt, keep_breaks=False)[:600]
        body = article_body(item.content, lambda url: self.uploads.url_for(url, article.headline))
        article.body = sanitize_html(body)  # as saving would: an unchanged post compares equal
        article.status = status
        article.publish_at = item.date or article.publish_at or timezone.now()
        if status == Article.Status.REVIEW:  # waiting since WordPress last saw it change
            article.submitted_at = article.submitted_at or item.modified or article.publish_at
        article.section = self.section_for(item.terms)
        article.comments_enabled = item.comment_status != "closed"
        article.featured = item.sticky
        article.updated_at = updated_at = item.modified or article.publish_at
        changed = created or before != [getattr(article, name) for name in IMPORTED_FIELDS]
        if changed:
            article.save()
            # Newsroom sets `updated_at` on every save; the import keeps WordPress's time.
            Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
            article.updated_at = updated_at
        tags = self.tags_for(item.terms)
        if created or {tag.pk for tag in tags} != set(article.tags.values_list("pk", flat=True)):
            article.tags.set(tags)
            changed = True
        changed = self.set_byline(article, item.creator) or changed
        self.add_redirect(article, item.link)
        comments = import_comments(article, item.comments, self.site)
        self.count(article, comments, created, changed)
        if item.meta.get("_thumbnail_id", "").isdigit():
            self.featured.append((article.pk, int(item.meta["_thumbnail_id"])))

    def find_article(self, item):
        """The article an earlier import made of `item`, or a new one (see the module's docstring)."""
        article = Article.objects.filter(wordpress_site=self.site, wordpress_id=item.id).first()
        if article is None and self.site:
            unrecorded = Article.objects.filter(wordpress_site="", wordpress_id=item.id).first()
            same_post = unrecorded and (
                unrecorded.headline == self.headline(item) or _is_slug_for(unrecorded.slug, _base_slug(item))
            )
            if same_post:
                article = unrecorded
                self.uploads.claims_unrecorded = True
        return article or Article(wordpress_site=self.site, wordpress_id=item.id)

    @staticmethod
    def headline(item):
        return plain_text(item.title, keep_breaks=False)[:200] or f"Untitled post {item.id}"

    def count(self, article, comments, created, changed):
        if article.status == Article.Status.DRAFT:
            self.summary.articles["draft"] += 1
        elif article.status == Article.Status.REVIEW:
            self.summary.articles["ready for review"] += 1
        else:
            self.summary.articles["scheduled" if article.is_scheduled else "published"] += 1
        if created:
            self.summary.created["articles"] += 1
        elif changed:
            self.summary.updated["articles"] += 1
        else:
            self.untouched.add(article.pk)
        self.summary.comments.update(comments.statuses)
        self.summary.created["comments"] += comments.new
        self.summary.updated["comments"] += comments.updated
        self.summary.skipped.update(comments.skipped)

    def unique_slug(self, article, item):
        base = _base_slug(item)
        if _is_slug_for(article.slug, base):
            return article.slug  # what an earlier import chose
        slug, number = base, 1
        while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def section_for(self, terms):
        return self.term(Section, self.sections, main_category(terms), "sections")

    def tags_for(self, terms):
        main = main_category(terms)
        return [
            self.term(Tag, self.tags, term, "tags") for term in terms
            if term is not main and (term.domain == "post_tag" or (
                term.domain == "category" and _slug(term.slug, term.name, fallback="") != "uncategorized"
            ))
        ]

    def term(self, model, cache, term, kind):
        """The section or tag for a WordPress category or tag, found by its slug as WordPress
        finds terms: two categories may share a name ("News" under Sport, "News" under Politics)."""
        name = plain_text(term.name, keep_breaks=False)[:80] or term.slug
        slug = _slug(term.slug, name, fallback="topic")[:80]
        if slug not in cache:
            found = model.objects.filter(slug=slug).first()
            if found is None:
                found = model.objects.create(name=self.unique_name(model, name, slug), slug=slug)
                self.summary.created[kind] += 1
            cache[slug] = found
        getattr(self.summary, kind).add(cache[slug].pk)
        return cache[slug]

    @staticmethod
    def unique_name(model, name, slug):
        """`name`, or "News (news-sport)" when another section or tag already has that name."""
        candidate, number = name, 1
        while model.objects.filter(name=candidate).exists():
            number += 1
            suffix = f" ({slug[:40]})" if number == 2 else f" ({slug[:40]} {number})"
            candidate = f"{name[:80 - len(suffix)]}{suffix}"
        return candidate

    def set_byline(self, article, login):
        if not login:
            return
        if login not in self.authors:
            name = plain_text(self.author_names.get(login) or login, keep_breaks=False)[:120]
            slug = _slug(name, login, fallback="author")[:120]
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                author = Author.objects.create(name=name, slug=slug)
                self.summary.created["authors"] += 1
            self.authors[login] = author
        author = self.authors[login]
        self.summary.authors.add(author.pk)
        if list(article.bylines.values_list("author_id", flat=True)) == [author.pk]:
            return False
        article.bylines.all().delete()
        Byline.objects.create(article=article, author=author)
        return True

    def add_redirect(self, article, link):
        """The post's old permalink (/2019/03/05/slug/, /slug/, /archives/123) leads to the
        article, unless that path already leads to an article of another site."""
        parts = urlsplit(link)
        path = unquote(parts.path)
        where = path.removesuffix("index.php").rstrip("/")
        if where in {"", self.home_path} or PLAIN_PERMALINK_QUERY.search(parts.query):
            return  # the old site's home page: the post's address is its query (/?p=123)
        if len(path) > 500 or path == article.get_absolute_url():
            return
        earlier = ArticleRedirect.objects.filter(old_path=path).select_related("article").first()
        if earlier is None:
            ArticleRedirect.objects.create(old_path=path, article=article)
        elif earlier.article.wordpress_site != self.site:
            self.summary.redirects_of_others += 1
            return
        elif earlier.article_id != article.pk:
            earlier.article = article
            earlier.save(update_fields=["article"])
        self.summary.redirects += 1

    def remember_attachment(self, item):
        self.summary.skipped["attachment"] += 1
        path = item.meta.get("_wp_attached_file") or upload_path(item.attachment_url)
        if path:
            alt = item.meta.get("_wp_attachment_image_alt") or item.title
            self.attachments[item.id] = Attachment(path, plain_text(alt, keep_breaks=False),
                                                   plain_text(item.excerpt, keep_breaks=False))

    def attach_featured_images(self):
        for article_pk, attachment_id in self.featured:
            article = Article.objects.get(pk=article_pk)
            attachment = self.attachments.get(attachment_id)
            if attachment is None:
                self.uploads.note_missing(f"attachment #{attachment_id} (not in the export)",
                                          f"featured image of “{article.headline}”")
                continue
            image = self.uploads.image(attachment.path, f"featured image of “{article.headline}”")
            if image is None:
                continue
            picture = self.uploads.library_picture(image)
            if not picture.alt_text:
                picture.alt_text = (attachment.alt or article.headline)[:250]
                picture.caption = attachment.caption[:300]
                picture.save(update_fields=["alt_text", "caption", "updated_at"])
            if article.hero_picture_id == picture.pk:
                continue
            if article.pk in self.untouched:
                self.untouched.discard(article.pk)
                self.summary.updated["articles"] += 1
            article.hero_picture = picture
            article.save(update_fields=["hero_picture"])
