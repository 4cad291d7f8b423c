"""A WordPress export (WXR 1.0–1.2, Tools → Export) read as a stream of plain records, safely.

lxml parses with entities left unresolved, no DTD loading and no network, within libxml2's limits
on depth and text size; a document that carries a DTD is refused outright, since WordPress never
writes one and an XML bomb needs one. Each element under <channel> becomes a record and is then
dropped from the tree, so memory follows the largest post, not the size of the file.

libxml2 reports a namespace named by something other than an ASCII URI (an IRI such as
http://ëxample.com/, which plugins declare) as an error, where WordPress's own parsers read on. So
libxml2 runs in recovery mode, and any other error it logs still refuses the file, before the
record it is in is used: an element ends only once everything in it has been parsed.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from lxml import etree

WORDPRESS_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$|/modules/excerpt/$")
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
# Only the postmeta that the import uses is kept: page builders store megabytes in others.
KEPT_META = {"_thumbnail_id", "_wp_attached_file", "_wp_attachment_image_alt"}
# The address of the exported site, best first: its home (one site of a multisite network has
# its own), the WordPress installation, the feed's link.
SITE_ADDRESSES = ("wp:base_blog_url", "wp:base_site_url", "link")
TOLERATED_ERRORS = {etree.ErrorTypes.WAR_NS_URI, etree.ErrorTypes.WAR_NS_URI_RELATIVE}


class WXRError(Exception):
    """The file is not a WordPress export that can be imported; `line` says where, when known."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


@dataclass
class Site:
    """The exported site, given before its first post: WordPress ids are unique within it only."""

    address: str


@dataclass
class Author:
    login: str
    display_name: str


@dataclass
class Term:
    domain: str
    slug: str
    name: str


@dataclass
class Comment:
    id: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    content: str
    approved: str
    type: str
    parent: int


@dataclass
class Item:
    id: int
    type: str
    status: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    slug: str
    date: datetime | None
    modified: datetime | None
    comment_status: str
    sticky: bool
    password: str
    attachment_url: str
    line: int
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@lru_cache(maxsize=256)
def _name(tag):
    """`{http://wordpress.org/export/1.2/}post_id` → `wp:post_id`, whatever the WXR version."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if WORDPRESS_NAMESPACE.match(uri):
        return f"wp:{local}"
    if EXCERPT_NAMESPACE.search(uri):
        return f"excerpt:{local}"
    return f"{PREFIXES.get(uri, uri)}:{local}"


def _children(element):
    return {_name(child.tag): (child.text or "").strip() for child in element}


def _integer(text):
    return int(text) if text.isdigit() else 0


def _refuse_on_new_errors(log, seen):
    """The file is refused at the first error libxml2 logged since the `seen` first ones, unless
    it is one that WordPress's parsers let through; the number of errors seen so far."""
    for index in range(seen, len(log)):
        error = log[index]
        if error.level >= etree.ErrorLevels.ERROR and error.type not in TOLERATED_ERRORS:
            raise WXRError(f"not well-formed XML: {error.message}", error.line)
    return len(log)


def _moment(gmt, local):
    """WordPress keeps a UTC time and a site-local one; drafts have '0000-00-00 00:00:00' in UTC."""
    for value, zone in ((gmt, ZoneInfo("UTC")), (local, ZoneInfo(settings.TIME_ZONE))):
        if value and not value.startswith("0000"):
            try:
                return timezone.make_aware(datetime.strptime(value, "%Y-%m-%d %H:%M:%S"), zone)
            except ValueError:
                continue
    return None


class WXRReader:
    """Iterate over `Author` and `Item` records of the export read from the binary file `source`."""

    def __init__(self, source):
        self.source = source
        self.version = None
        self.site_addresses = {}
        self.site = None

    def __iter__(self):
        events = etree.iterparse(
            self.source, events=("start", "end"), resolve_entities=False, load_dtd=False,
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, recover=True,
        )
        depth = 0
        channel = None
        errors_seen = 0
        try:
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        self._check_document(element)
                    elif depth == 2 and element.tag == "channel":
                        channel = element
                    continue
                depth -= 1
                if channel is None or element.getparent() is not channel:
                    continue
                errors_seen = _refuse_on_new_errors(events.error_log, errors_seen)
                yield from self._records(element)
                channel.remove(element)
        except etree.XMLSyntaxError as error:
            raise WXRError(f"not well-formed XML: {error.msg}", error.lineno) from error
        _refuse_on_new_errors(events.error_log, errors_seen)
        if self.version is None:
            raise WXRError("this is not a WordPress export (WXR): it has no <wp:wxr_version>")

    def _records(self, element):
        record = self._record(element)
        if isinstance(record, Item) and self.site is None:
            address = next(filter(None, map(self.site_addresses.get, SITE_ADDRESSES)), "")
            self.site = Site(address)
            yield self.site
        if record is not None:
            yield record

    def _check_document(self, root):
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
            raise WXRError(
                "the file declares a DTD, which WordPress exports never do: refused, so that no "
                "entity is expanded (protection against XML bombs)", root.sourceline,
            )
        if root.tag != "rss":
            raise WXRError(f"this is not a WordPress export (WXR): the document is <{_name(root.tag)}>, "
                           "not <rss>", root.sourceline)

    def _record(self, element):
        name = _name(element.tag)
        if name == "wp:wxr_version":
            self.version = (element.text or "").strip()
            if not re.fullmatch(r"1\.\d+", self.version):
                raise WXRError(f"WXR version {self.version!r} is not supported (1.0 to 1.2 are)",
                               element.sourceline)
        elif name in SITE_ADDRESSES:
            self.site_addresses[name] = (element.text or "").strip()
        elif name == "wp:author":
            fields = _children(element)
            login = fields.get("wp:author_login", "")
            return Author(login=login, display_name=fields.get("wp:author_display_name") or login)
        elif name == "item":
            if self.version is None:
                raise WXRError("this is not a WordPress export (WXR): an <item> comes before any "
                               "<wp:wxr_version>; is it an ordinary RSS feed?", element.sourceline)
            return self._item(element)
        return None

    def _item(self, element):
        fields, terms, meta, comments = {}, [], {}, []
        for child in element:
            name = _name(child.tag)
            if name == "category":
                domain = child.get("domain", "")
                # WXR 1.0 called post tags "tag", as WordPress's importer still reads them.
                terms.append(Term("post_tag" if domain == "tag" else domain, child.get("nicename", ""),
                                  child.text or ""))
            elif name == "wp:postmeta":
                entry = _children(child)
                if entry.get("wp:meta_key") in KEPT_META:
                    meta.setdefault(entry["wp:meta_key"], entry.get("wp:meta_value", ""))
            elif name == "wp:comment":
                comments.append(self._comment(child))
            else:
                fields[name] = (child.text or "").strip()
        # WXR 1.0 writes each term twice, with and without its slug: the one with it counts.
        with_slug = {(term.domain, term.name) for term in terms if term.slug}
        terms = [term for term in terms if term.slug or (term.domain, term.name) not in with_slug]
        get = fields.get
        return Item(
            id=_integer(get("wp:post_id", "")), type=get("wp:post_type") or "post",
            status=get("wp:status", ""), title=get("title", ""), link=get("link", ""),
            creator=get("dc:creator", ""), content=get("content:encoded", ""),
            excerpt=get("excerpt:encoded", ""), slug=get("wp:post_name", ""),
            date=_moment(get("wp:post_date_gmt"), get("wp:post_date")),
            modified=_moment(get("wp:post_modified_gmt"), get("wp:post_modified")),
            comment_status=get("wp:comment_status", ""), sticky=get("wp:is_sticky") == "1",
            password=get("wp:post_password", ""), attachment_url=get("wp:attachment_url", ""),
            line=element.sourceline, terms=terms, meta=meta, comments=comments,
        )

    @staticmethod
    def _comment(element):
        get = _children(element).get
        return Comment(
            id=_integer(get("wp:comment_id", "")), author=get("wp:comment_author", ""),
            email=get("wp:comment_author_email", ""), url=get("wp:comment_author_url", ""),
            ip=get("wp:comment_author_IP", ""),
            date=_moment(get("wp:comment_date_gmt"), get("wp:comment_date")),
            content=get("wp:comment_content", ""), approved=get("wp:comment_approved", ""),
            type=get("wp:comment_type", ""), parent=_integer(get("wp:comment_parent", "")),
        )
