"""An article's history as an editor reads it (django-reversion keeps the revisions): each
revision labelled by who saved it, when to the second and which fields changed, and any two
compared word by word. Corrections are not in revisions (see articles.admin): a restore never
touches them."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Author, Byline, Picture, Section, Tag

# What a revision is compared by: the fields an editor writes, in the form's order.
COMPARED_FIELDS = [
    "headline", "slug", "standfirst", "body", "hero_picture", "embargo_until",
    "section", "tags", "dateline", "sources", "status", "publish_at", "featured", "top_story_position",
    "comments_enabled", "comments_close_at", "comments_moderation", "comments_note", "meta_description",
]
AUTHORS = "authors"
# Words, tags and spaces: a change inside a paragraph shows as the words that changed.
TOKENS = re.compile(r"<[^>]*>|\w+|\s+|[^\w\s]")
CONTEXT = 80  # characters of unchanged text kept either side of a change
BLOCK_ENDS = re.compile(r"(?<=</p>)|(?<=</h[1-6]>)|(?<=</li>)|(?<=</blockquote>)|(?<=</figure>)|(?<=\n)")
WORDS = re.compile(r"\w+")
REWRITTEN = 0.4  # below this share of words kept, a paragraph is shown as removed and added whole


@dataclass
class Revision:
    version: Version
    number: int  # 1 for the first
    values: dict
    changed: list = field(default_factory=list)

    @property
    def id(self):
        return self.version.pk

    @property
    def saved_at(self):
        return timezone.localtime(self.version.revision.date_created)

    @property
    def saved_by(self):
        user = self.version.revision.user
        return (user.get_full_name() or user.get_username()) if user else "unknown"

    @property
    def what_changed(self):
        return f"changed {', '.join(self.changed)}" if self.changed else "no change to the text"

    @property
    def label(self):
        """Never the same for two revisions: who, when to the second, and what changed."""
        return f"#{self.number}, {self.saved_by}, {self.saved_at:%-d %b %Y %H:%M:%S}: {self.what_changed}"

    @property
    def comment(self):
        return self.version.revision.get_comment()


@dataclass
class FieldChange:
    name: str
    segments: list  # (kind, text): kind is "same", "removed" or "added"


def field_label(name):
    return AUTHORS if name == AUTHORS else str(Article._meta.get_field(name).verbose_name)


def article_history(article_id):
    """The article's revisions, newest first, each with what changed since the one before: six
    queries, however many revisions."""
    versions = list(
        Version.objects.get_for_object_reference(Article, article_id)
        .select_related("revision__user").order_by("-revision__date_created", "-pk")
    )
    bylines = _bylines_by_revision([version.revision_id for version in versions])
    revisions = []
    for number, version in zip(range(len(versions), 0, -1), versions, strict=True):
        saved = version.field_dict
        values = {name: saved.get(Article._meta.get_field(name).attname) for name in COMPARED_FIELDS}
        values[AUTHORS] = bylines.get(version.revision_id, [])
        revisions.append(Revision(version, number, values))
    _name_sections_and_tags(revisions)
    for newer, older in zip(revisions, revisions[1:], strict=False):
        newer.changed = [field_label(name) for name in _changed(older, newer)]
    if revisions:
        revisions[-1].changed = ["everything (first revision)"]
    return revisions


def _name_sections_and_tags(revisions):
    """Sections, tags and hero pictures by name, as the editor chose them (ids mean nothing to a
    reader)."""
    pictures = dict(Picture.objects.filter(pk__in={r.values["hero_picture"] for r in revisions} - {None})
                    .values_list("pk", "caption"))
    sections = dict(Section.objects.filter(pk__in={r.values["section"] for r in revisions})
                    .values_list("pk", "name"))
    tags = dict(Tag.objects.filter(pk__in={tag for r in revisions for tag in r.values["tags"] or []})
                .values_list("pk", "name"))
    for revision in revisions:
        revision.values["section"] = sections.get(revision.values["section"], revision.values["section"])
        if revision.values["hero_picture"] is not None:
            picture = revision.values["hero_picture"]
            revision.values["hero_picture"] = pictures.get(picture) or f"picture #{picture}"
        chosen = revision.values["tags"] or []
        revision.values["tags"] = sorted(tags.get(tag, f"tag #{tag}") for tag in chosen)


def _bylines_by_revision(revision_ids):
    rows = {}
    for version in Version.objects.get_for_model(Byline).filter(revision_id__in=revision_ids):
        byline = version.field_dict
        rows.setdefault(version.revision_id, []).append((byline.get("position", 0), byline["author_id"]))
    names = dict(Author.objects.filter(pk__in={author for row in rows.values() for _, author in row})
                 .values_list("pk", "name"))
    return {revision: [names.get(author, f"author #{author}") for _, author in sorted(row)]
            for revision, row in rows.items()}


def compare(older, newer):
    """What changed from revision `older` to `newer`, field by field."""
    return [FieldChange(field_label(name), word_diff(_as_text(older.values[name]), _as_text(value)))
            for name, value in newer.values.items() if name in _changed(older, newer)]


def _changed(older, newer):
    return [name for name in newer.values if newer.values[name] != older.values[name]]


def _as_text(value):
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def word_diff(old, new):
    """`old` to `new` as runs of unchanged, removed and added text: paragraph by paragraph, then
    word by word inside a paragraph that was edited rather than rewritten; long unchanged runs
    shortened."""
    old_blocks, new_blocks = BLOCK_ENDS.split(old), BLOCK_ENDS.split(new)
    segments = []
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed, added = old_blocks[old_start:old_end], new_blocks[new_start:new_end]
        if operation == "equal":
            segments.append(("same", "".join(removed)))
        elif len(removed) == len(added):
            for before, after in zip(removed, added, strict=True):
                segments += _edited(before, after)
        else:
            segments += [("removed", "".join(removed)), ("added", "".join(added))]
    segments = _joined([segment for segment in segments if segment[1]])
    return [_shortened(segment, index, len(segments)) for index, segment in enumerate(segments)]


def _edited(old, new):
    """One paragraph: word by word, unless so little is left that it reads as rewritten."""
    old_tokens, new_tokens = TOKENS.findall(old), TOKENS.findall(new)
    words_kept = difflib.SequenceMatcher(None, WORDS.findall(old), WORDS.findall(new), autojunk=False).ratio()
    if words_kept < REWRITTEN:
        return [("removed", old), ("added", new)]
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            segments.append(("same", "".join(old_tokens[old_start:old_end])))
            continue
        segments.append(("removed", "".join(old_tokens[old_start:old_end])))
        segments.append(("added", "".join(new_tokens[new_start:new_end])))
    return segments


def _joined(segments):
    """Neighbouring runs of one kind as one."""
    joined = []
    for kind, text in segments:
        if joined and joined[-1][0] == kind:
            joined[-1] = (kind, joined[-1][1] + text)
        else:
            joined.append((kind, text))
    return joined


def _shortened(segment, index, count):
    kind, text = segment
    if kind != "same" or len(text) <= 2 * CONTEXT:
        return segment
    head = text[:CONTEXT] if index > 0 else ""
    tail = text[-CONTEXT:] if index < count - 1 else ""
    return kind, f"{head} … {tail}".strip()
