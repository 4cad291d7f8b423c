from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from articles.html import sanitize_html
from articles.images import PictureField, store_new_upload, validate_image
from articles.json_lists import JSONList, parse_datetime
from articles.pictures import Picture
from articles.review import ReviewWorkflow, new_preview_secret
from articles.search import full_text_search, highlight, index_article
from operations.mail import send_later


def wordpress_site(address):
    """A WordPress site as imports record it, from its address or a host name: the same site
    whatever the scheme, port, "www." or final slash (https://www.old.example/news/ →
    old.example/news)."""
    try:
        parts = urlsplit(address if "//" in address else f"//{address}")
    except ValueError:
        return address.strip().lower()[:200]
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"[:200]


class SectionQuerySet(models.QuerySet):
    def with_newest_article_ids(self, count):
        """Each section with the ids of its `count` newest published articles: one query, which
        reads them through the section index however large the archive."""
        newest = Article.objects.published().filter(section=OuterRef("pk")).newest_first()[:count]
        return self.annotate(newest_article_rows=JSONList(newest, id=F("id")))


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the navigation.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])

    @property
    def newest_article_ids(self):
        """From `with_newest_article_ids()`."""
        return [row["id"] for row in self.newest_article_rows]

class Author(models.Model):
    """A public byline. It may belong to a staff account, but need not (agency writers)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)
    photo = PictureField(upload_to="authors/", blank=True, validators=[validate_image])
    photo_renditions = models.JSONField(default=list, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="author_profile",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        stored = store_new_upload(self.photo, "authors")
        if stored:
            self.photo_renditions = stored.renditions
        elif not self.photo:
            self.photo_renditions = []
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True, help_text="Shown under the tag's heading.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", args=[self.slug])


def published_rule(now):
    """Public at `now`: published, with a publish time that has come and no embargo still running."""
    return Q(status=Article.Status.PUBLISHED, publish_at__lte=now) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now))


def scheduled_rule(now):
    """Published, but not public yet at `now`: its publish time or its embargo's end is still to come."""
    return Q(status=Article.Status.PUBLISHED) & (Q(publish_at__gt=now) | Q(embargo_until__gt=now))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see (`published_rule`): every page, list, feed, sitemap and search
        asks this, and nothing else."""
        return self.filter(published_rule(timezone.now()))

    def scheduled(self):
        return self.filter(scheduled_rule(timezone.now()))

    def waiting_for_review(self):
        return self.filter(status=Article.Status.REVIEW).order_by("submitted_at", "id")

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def newest_first(self):
        return self.order_by("-publish_at", "-id")

    def with_bylines(self):
        """Section and authors in the same query: what every list of articles shows."""
        bylines = Byline.objects.filter(article=OuterRef("pk")).order_by("position", "id")
        authors_changed = (
            bylines.order_by().values("article").annotate(at=Max("author__updated_at")).values("at")
        )
        return self.select_related("section", "hero_picture").annotate(
            byline_rows=JSONList(bylines, name=F("author__name"), slug=F("author__slug")),
            authors_updated_at=Subquery(authors_changed),
        )

    def as_cards(self):
        """What a list of articles shows of each: never the body, which can be a long read."""
        return self.with_bylines().defer("body")

    def top_stories(self, count):
        """The head of the home page, the lead first: featured stories in the order editors gave
        them (`top_story_position`), those without a position newest first after them."""
        return self.filter(featured=True).order_by(
            F("top_story_position").asc(nulls_last=True), "-publish_at", "-id"
        )[:count]

    def with_comment_counts(self, comments):
        """Each article with `comment_count`: how many of `comments` are on it. `comments` is a
        queryset of the comments app (approved ones, say), which articles does not import."""
        counts = (comments.filter(article=OuterRef("pk")).order_by().values("article")
                  .annotate(count=Count("pk")).values("count"))
        return self.annotate(comment_count=Coalesce(Subquery(counts), 0))

    def most_commented(self, comments, limit):
        """The `limit` articles with the most of `comments`, most first, each with its
        `comment_count` of them: one query, which counts only the comments given."""
        busiest = (comments.filter(article__in=self.values("pk")).order_by().values("article")
                   .annotate(count=Count("pk")).order_by("-count").values("article")[:limit])
        return (self.filter(pk__in=busiest).select_related("section", "hero_picture").defer("body")
                .with_comment_counts(comments).order_by("-comment_count", "-publish_at", "-id"))

    def with_page_details(self):
        """Everything the article page shows about the article, in one query."""
        tags = Tag.objects.filter(articles=OuterRef("pk")).order_by("name")
        corrections = Correction.objects.filter(article=OuterRef("pk")).order_by("published_at", "id")
        bylines = Byline.objects.filter(article=OuterRef("pk")).order_by("position", "id")
        # One list of bylines serves both the byline under the headline and the authors' profiles.
        return self.select_related("section").annotate(
            byline_rows=JSONList(bylines, name=F("author__name"), slug=F("author__slug"),
                                 bio=F("author__bio"), photo=F("author__photo")),
            tag_rows=JSONList(tags, name=F("name"), slug=F("slug")),
            correction_rows=JSONList(
                corrections, kind=F("kind"), text=F("text"), published_at=F("published_at")
            ),
        )

    def newest_in_section_of(self, article, limit):
        """The section's newest stories but `article`, read newest first through the section index."""
        return (self.filter(section_id=article.section_id).exclude(pk=article.pk)
                .select_related("section", "hero_picture").defer("body").newest_first()[:limit])

    def sharing_a_tag_with(self, article, limit):
        """The newest stories but `article` that share one of its tags, read newest first."""
        tag_slugs = [tag["slug"] for tag in article.tag_list]
        if not tag_slugs:
            return self.none()
        shares_a_tag = Exists(
            Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag__slug__in=tag_slugs)
        )
        return (self.exclude(pk=article.pk).filter(shares_a_tag)
                .select_related("section", "hero_picture").defer("body").newest_first()[:limit])

    def rail_of(self, article, count=4):
        """The article page's rail, in two queries whatever the archive's size: (related, the
        section's newest). Related: up to `count` stories that share a tag or the section with
        `article`, those sharing a tag first, then newest first. The section's newest: the next
        `count` stories of its section that are not related."""
        sharing = list(self.sharing_a_tag_with(article, count))
        section_newest = list(self.newest_in_section_of(article, 2 * count))
        # Only the newest `count` of each kind can be related. A story of the section that shares
        # a tag but is not among the newest `count` sharing one is older than all of them, so it
        # ranks below them whether or not it is marked as sharing.
        sharing_ids = {story.pk for story in sharing}
        candidates = sharing + [story for story in section_newest[:count] if story.pk not in sharing_ids]
        related = sorted(candidates, reverse=True,
                         key=lambda story: (story.pk in sharing_ids, story.publish_at, story.pk))[:count]
        return related, [story for story in section_newest if story not in related][:count]

    def search(self, query):
        """Articles matching `query`, best first, each with its `search_snippet` (articles.search)."""
        return full_text_search(self, query)

    def imported_from_wordpress(self, post_id, host):
        """The article imported from WordPress post `post_id`. When several imported sites had
        one, the site that the request's `host` names comes first (its old domain now leads
        here), then the site imported first."""
        site = wordpress_site(host)
        on_this_host = Q(wordpress_site=site) | Q(wordpress_site__startswith=f"{site}/")
        return (
            self.filter(wordpress_id=post_id)
            .order_by(Case(When(on_this_host, then=0), default=1), "pk")
            .first()
        )

    def next_publish_times(self, count):
        """When the next `count` scheduled articles go live, soonest first: the later of the
        publish time and the embargo's end (pages listing articles must expire then)."""
        goes_public = Greatest("publish_at", Coalesce("embargo_until", "publish_at"))
        return list(self.scheduled().annotate(goes_public_at=goes_public).order_by("goes_public_at")
                    .values_list("goes_public_at", flat=True)[:count])


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def __init__(self):
        super().__init__()
        self._page_details = None

    def with_page_details(self):
        """`ArticleQuerySet.with_page_details()` on this manager's articles. Building its
        annotations takes longer than running the query, so the manager builds them once and each
        page starts from a copy (every queryset method that refines it makes a copy)."""
        if self._page_details is None:
            self._page_details = self.get_queryset().with_page_details()
        return self._page_details.all()


class CommentModeration(models.TextChoices):
    """Which readers' comments on an article wait for a moderator."""

    SITE_DEFAULT = "", "The site's rule (NEWSROOM_COMMENT_APPROVE_RETURNING)"
    HOLD_ALL = "hold-all", "Every comment is held for a moderator"
    TRUSTED = "trusted", "Trusted commenters (with an approved comment) are published at once"


class Article(ReviewWorkflow, models.Model):
    CommentModeration = CommentModeration

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Ready for review"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the URL.")
    standfirst = models.TextField(
        max_length=600, blank=True, help_text="The summary under the headline."
    )
    body = models.TextField(blank=True)
    hero_picture = models.ForeignKey(
        Picture, verbose_name="hero picture", null=True, blank=True, on_delete=models.PROTECT,
        related_name="hero_of",
        help_text="A picture of the media library, found by its caption, credit or keywords "
                  "(upload new ones there first, or with the +). Its alt text, caption and credit show "
                  "with it.",
    )
    body_pictures = models.ManyToManyField(Picture, related_name="in_bodies", blank=True, editable=False)
    dateline = models.CharField(max_length=100, blank=True, help_text="Where the story was reported.")
    sources = models.CharField(
        max_length=300, blank=True, help_text="Outlets and agencies credited, e.g. “Reuters, AP”."
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish time", default=timezone.now,
        help_text="A time in the future schedules the article: it stays hidden until then.",
    )
    embargo_until = models.DateTimeField(
        "embargo until", null=True, blank=True,
        help_text="Nothing of the article is public before this time, whatever its status; "
                  "it cannot be scheduled earlier.",
    )
    review_note = models.TextField(
        "editor's note", blank=True, help_text="Why an editor sent it back to its writer.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    preview_secret = models.CharField(max_length=32, default=new_preview_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comments_enabled = models.BooleanField("comments open", default=True)
    comments_close_at = models.DateTimeField(
        "comments close at", null=True, blank=True,
        help_text="Comments close by themselves at this time. Empty: the site's rule "
                  "(NEWSROOM_COMMENT_CLOSE_AFTER_DAYS).",
    )
    comments_moderation = models.CharField(
        "comment moderation", max_length=10, choices=CommentModeration.choices,
        default=CommentModeration.SITE_DEFAULT, blank=True,
    )
    comments_note = models.CharField(
        "note above the comments", max_length=300, blank=True,
        help_text="Shown to readers above the comments, e.g. “Comments close at 6 pm. Please keep it civil.”",
    )
    featured = models.BooleanField(
        "top story", default=False, help_text="Among the top stories at the head of the home page."
    )
    top_story_position = models.PositiveSmallIntegerField(
        "top story order", null=True, blank=True,
        help_text="For a top story: 1 leads the home page, 2, 3 and 4 follow it. Top stories "
                  "without a number come after the numbered ones, newest first.",
    )
    meta_description = models.CharField(
        max_length=300, blank=True, help_text="For search engines; the standfirst when empty."
    )
    wordpress_site = models.CharField(
        "WordPress site", max_length=200, blank=True, default="", editable=False,
        help_text="The site it was imported from (see `wordpress_site()`); empty if not recorded.",
    )
    wordpress_id = models.PositiveBigIntegerField(
        "WordPress post ID", null=True, blank=True, editable=False,
        help_text="The post this article was imported from: old ?p= links and re-imports find it.",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_article", "Can publish and unpublish articles")]
        constraints = [  # a post id is unique within its site only
            models.UniqueConstraint(fields=["wordpress_id", "wordpress_site"], name="unique_wordpress_post"),
        ]
        # Each public list reads its page straight off one of these, in `newest_first()` order
        # (the id breaks ties), and stops: no sort, whatever the size of the archive.
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="article_public_idx"),
            models.Index(fields=["section", "status", "-publish_at", "-id"], name="article_section_idx"),
            models.Index(fields=["status", "-publish_at", "-id"], condition=models.Q(featured=True),
                         name="article_featured_idx"),
            # `scheduled()` (a publish time or an embargo end to come) reads both this and the public index.
            models.Index(fields=["embargo_until"], condition=models.Q(embargo_until__isnull=False),
                         name="article_embargo_idx"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        local = timezone.localtime(self.publish_at)
        return reverse(
            "articles:article",
            kwargs={"year": local.year, "month": local.month, "day": local.day, "slug": self.slug},
        )

    @property
    def is_published(self):
        """The same decision as `published()`, for an article already loaded."""
        return self.status == self.Status.PUBLISHED and self.goes_public_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.goes_public_at > timezone.now()

    @property
    def is_embargoed(self):
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def preview_state(self):
        """What a preview says of the article: whether, and when, readers may see it."""
        if self.is_published:
            return "Published — readers can see it."
        if self.is_embargoed:
            end = timezone.localtime(self.embargo_until)
            return f"Embargoed until {end:%d %B %Y, %H:%M} — not published."
        if self.status == self.Status.PUBLISHED:
            return f"Scheduled for {timezone.localtime(self.publish_at):%d %B %Y, %H:%M} — not published."
        if self.status == self.Status.REVIEW:
            return "Draft, ready for review — not published."
        return "Draft — not published."

    @property
    def goes_public_at(self):
        """When readers may first see it once published: its publish time, or its embargo's end."""
        return max(self.publish_at, self.embargo_until or self.publish_at)

    @property
    def description(self):
        return self.meta_description or self.standfirst

    @property
    def modified_at(self):
        """When readers last saw it change: an article saved before its publish time is new then."""
        return max(self.updated_at, self.publish_at)

    @property
    def search_snippet(self):
        """The passage that matched, with the words marked, on results of `search()`."""
        return highlight(getattr(self, "search_excerpt", ""))

    @property
    def search_title(self):
        """The headline with the words that matched marked, on results of `search()`."""
        return highlight(getattr(self, "search_headline", "")) or self.headline

    # The lists below come from `with_bylines()` / `with_page_details()` when the queryset
    # asked for them, and fall back to one query each otherwise (admin, previews).
    @cached_property
    def byline_list(self):
        if hasattr(self, "byline_rows"):
            return self.byline_rows
        return list(
            self.bylines.order_by("position", "id").values(name=F("author__name"), slug=F("author__slug"))
        )

    @property
    def card_version(self):
        """Changes whenever anything a card of this article shows does: the article, its section,
        its picture, one of its authors or its comment count (fragments of cards are cached under it)."""
        picture_changed = self.hero_picture.updated_at if self.hero_picture_id else None
        parts = [self.pk, self.updated_at, self.section.updated_at, picture_changed,
                 getattr(self, "authors_updated_at", None), getattr(self, "comment_count", None),
                 *(author["slug"] for author in self.byline_list)]
        return ":".join(str(part) for part in parts)

    @cached_property
    def author_profiles(self):
        """The byline's authors as the end of the article presents them: name, bio, photo."""
        # `with_page_details()` reads the bios and photos with the bylines; `with_bylines()` does not.
        from_page_details = hasattr(self, "byline_rows") and all("bio" in row for row in self.byline_rows)
        rows = self.byline_rows if from_page_details else list(
            self.bylines.order_by("position", "id").values(name=F("author__name"), slug=F("author__slug"),
                                                           bio=F("author__bio"), photo=F("author__photo"))
        )
        return [{**row, "photo_url": default_storage.url(row["photo"]) if row["photo"] else None}
                for row in rows]

    @cached_property
    def tag_list(self):
        if hasattr(self, "tag_rows"):
            return self.tag_rows
        return list(self.tags.order_by("name").values("name", "slug"))

    @cached_property
    def correction_list(self):
        rows = self.correction_rows if hasattr(self, "correction_rows") else list(
            self.corrections.order_by("published_at", "id").values("kind", "text", "published_at")
        )
        for row in rows:
            if isinstance(row["published_at"], str):
                row["published_at"] = parse_datetime(row["published_at"])
        return rows

    @cached_property
    def hero(self):
        """The hero picture as `<picture>` needs it: srcsets, fallback, intrinsic size."""
        return self.hero_picture.sources if self.hero_picture_id else None

    @cached_property
    def share_image(self):
        """The hero picture as link previews and feed readers take it: one file, with its size."""
        return self.hero_picture.share_image if self.hero_picture_id else None

    def clean(self):
        if self.hero_picture_id and not self.hero_picture.alt_text.strip():
            raise ValidationError({"hero_picture": "This picture has no alt text yet: describe it in the "
                                                   "media library first, for readers who cannot see it."})
        if not self.slug and self.headline:
            self.slug = slugify(self.headline)[:200]
        embargoed_publish = (self.status == self.Status.PUBLISHED and self.embargo_until and self.publish_at
                             and self.publish_at < self.embargo_until)
        if embargoed_publish:
            end = timezone.localtime(self.embargo_until)
            raise ValidationError({"publish_at": f"The embargo runs until {end:%d %B %Y, %H:%M}: "
                                                 "schedule the article for then or later."})

    def save(self, *args, **kwargs):
        """Stored clean (sanitised body, a slug), with its old address kept as a redirect, the
        library's pictures in its body noted, and indexed for search. (Cached pages: website.invalidation.)"""
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = slugify(self.headline)[:200] or "article"
        previous = self._previous_state()
        super().save(*args, **kwargs)
        self._keep_old_address(previous)
        self.body_pictures.set(Picture.objects.shown_in(self.body))
        index_article(self, using=self._state.db)

    def _keep_old_address(self, previous):
        """A published article that moved (new slug or date) redirects from where it was."""
        was_public = previous is not None and previous.status == self.Status.PUBLISHED
        previous_url = previous.get_absolute_url() if was_public else None
        if previous_url and previous_url != self.get_absolute_url():
            ArticleRedirect.objects.update_or_create(old_path=previous_url, defaults={"article": self})
        if self.is_published:  # a draft or a scheduled story at an old address must not end its redirect
            ArticleRedirect.objects.filter(old_path=self.get_absolute_url()).delete()

    def _previous_state(self):
        if not self.pk:
            return None
        return Article.objects.filter(pk=self.pk).only("slug", "publish_at", "status", "section_id").first()

    def publish(self, when=None):
        """Published now, or at `when`; never before its embargo ends (it is scheduled for then)."""
        self.status = self.Status.PUBLISHED
        if when is not None:
            self.publish_at = when
        elif self.publish_at > timezone.now():
            self.publish_at = timezone.now()
        if self.embargo_until and self.publish_at < self.embargo_until:
            self.publish_at = self.embargo_until
        self.review_note = ""
        self.save()

    def unpublish(self):
        self.status = self.Status.DRAFT
        self.save()


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_author_per_article")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.published_at:%Y-%m-%d}"


class ArticleRedirectQuerySet(models.QuerySet):
    def target_of(self, path):
        """The published article that used to live at `path`, with or without its final slash."""
        paths = [path, path.removesuffix("/") if path.endswith("/") else f"{path}/"]
        old = self.filter(old_path__in=paths).select_related("article").first()
        return old.article if old and old.article.is_published else None


class ArticleRedirect(models.Model):
    """An old path of an article (changed slug or date, imported site) that now redirects."""

    old_path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")

    objects = ArticleRedirectQuerySet.as_manager()

    def __str__(self):
        return f"{self.old_path} → {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class ImportedImage(models.Model):
    """A picture from an imported site's uploads, stored once through the image pipeline:
    importing again reuses it instead of storing another copy."""

    wordpress_site = models.CharField(
        max_length=200, blank=True, default="", help_text="The site it came from; empty if not recorded."
    )
    source = models.CharField(max_length=500, help_text="Its path in the old uploads folder.")
    name = models.CharField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    renditions = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "wordpress_site"], name="unique_imported_image"),
        ]

    def __str__(self):
        return self.source


class ErrorReportQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ErrorReport.Status.NEW)


class ErrorReport(models.Model):
    """A reader's report of an error in a story, and how an editor turns one into a correction. It
    holds what the reader says is wrong and, if they chose to leave one, their address: private
    (never on a page, a feed or in a log), used once to tell them their report led to a correction.
    The form that sends a report is the public site's (website.error_report_views)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CORRECTED = "corrected", "Corrected"
        DISMISSED = "dismissed", "Dismissed"
        SPAM = "spam", "Spam"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="error_reports")
    text = models.TextField("what is wrong", max_length=2000)
    reader_email = models.EmailField(
        "reader's address", blank=True,
        help_text="Private: only to tell the reader when their report becomes a correction.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now)
    correction = models.OneToOneField(
        Correction, null=True, blank=True, on_delete=models.SET_NULL, related_name="error_report",
        help_text="The correction this report became.",
    )
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="error_report_status_idx")]

    def __str__(self):
        return f"Error report on “{self.article}”"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def publish_correction(self, text, by, kind=Correction.Kind.CORRECTION):
        """One step: the article's correction is published, this report is closed, and the reader
        who left an address is told (once the correction is stored)."""
        with transaction.atomic():
            self.correction = Correction.objects.create(article=self.article, kind=kind, text=text)
            self._close(self.Status.CORRECTED, by)
        if self.reader_email:
            transaction.on_commit(lambda: send_later(self._correction_notice()))
        return self.correction

    def dismiss(self, by):
        self._close(self.Status.DISMISSED, by)

    def _close(self, status, by):
        self.status = status
        self.handled_by = by
        self.handled_at = timezone.now()
        self.save()

    def _correction_notice(self):
        address = f"{settings.NEWSROOM_SITE_URL}{self.article.get_absolute_url()}"
        body = (
            f"Thank you for telling us about an error in “{self.article.headline}”.\n\n"
            f"We have corrected the story and published this note under it:\n\n"
            f"{self.correction.get_kind_display()}: {self.correction.text}\n\n{address}\n\n"
            f"— {settings.NEWSROOM_SITE_NAME}\n"
        )
        return EmailMessage(f"Corrected: {self.article.headline}", body, to=[self.reader_email])
