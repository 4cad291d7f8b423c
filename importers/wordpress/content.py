"""WordPress post and comment text turned into what Newsroom stores.

A classic-editor post is stored as WordPress's editor left it: paragraphs are blank lines, which
WordPress turns into <p> only when it shows the post (`wpautop`), and shortcodes such as [caption]
are expanded at the same moment. Block-editor posts are already HTML, between `<!-- wp:… -->`
comments. Both come out as HTML that `Article.save()` passes through the one sanitizer.
"""

import re
from html import escape, unescape

import nh3

# "<![CDATA[ … ]]>" in a post is text (the export escapes it as "]]]]><![CDATA[>"); an HTML
# parser would take it for a comment and drop what it says.
CDATA_SECTION = re.compile(r"<!\[CDATA\[.*?\]\]>", re.DOTALL)
CDATA_OPENING = re.compile(r"<!\[CDATA\[")
BLOCK_EDITOR_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# WordPress's own list (wp-includes/formatting.php, wpautop).
BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    r"area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|"
    r"header|footer|nav|figure|figcaption|details|menu|summary)"
)
# Kept whole while paragraphs are made, as WordPress keeps <pre>: no <p> or <br> inside them.
KEPT_WHOLE = re.compile(r"<(pre|figure|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
KEPT_PLACEHOLDER = re.compile(r'<pre data-kept="(\d+)"></pre>')

CAPTION = re.compile(r"\[caption\b([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
CAPTIONED_MEDIA = re.compile(
    r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.DOTALL | re.IGNORECASE
)
SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# Media shortcodes go with what they enclose (a URL, fallback markup); others keep their text.
MEDIA_SHORTCODES = "gallery|playlist|audio|video|embed|wp_caption|caption"
ENCLOSING_SHORTCODE = re.compile(r"\[([A-Za-z][\w-]*)(\s[^\]]*)?\](.*?)\[/\1\]", re.DOTALL)
# "[sic]" or "[read more]" in prose is not a shortcode: only known names, or ones with key=value.
LONE_SHORTCODE = re.compile(
    rf"\[(?:(?:{MEDIA_SHORTCODES})\b[^\]]*|[A-Za-z][\w-]*\s[^\]]*=[^\]]*|[A-Za-z][\w-]*\s*/)\]"
)
IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
LINK_TAG = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp)$", re.IGNORECASE)


def article_body(content, image_url=None):
    """The HTML of a post's body; `image_url(url)` may give a new address for a picture (an
    <img>, or a link to the full-size file, as WordPress puts around captioned images)."""
    from_block_editor = BLOCK_EDITOR_COMMENT.search(content)
    # Comments are WordPress's markers (blocks, <!--more-->, <!--nextpage-->), never shown: gone
    # before paragraphs are made, a marker on a line of its own leaves no empty <p> behind.
    html = strip_shortcodes(captions_to_figures(HTML_COMMENT.sub("", cdata_as_text(content))))
    if not from_block_editor:  # the block editor writes its own paragraphs
        html = wpautop(html)
    if image_url is not None:
        html = IMAGE_TAG.sub(lambda tag: _moved(tag.group(0), "src", image_url), html)
        html = LINK_TAG.sub(lambda tag: _moved(tag.group(0), "href", image_url, IMAGE_FILE), html)
    return html


def cdata_as_text(html):
    """What looks like a CDATA section, markers included, shown as the text it is."""
    html = CDATA_SECTION.sub(lambda section: escape(section.group(0), quote=False), html)
    return CDATA_OPENING.sub("&lt;![CDATA[", html)


def captions_to_figures(html):
    """[caption …]<img …> Words[/caption] → <figure><img …><figcaption>Words</figcaption></figure>."""

    def figure(match):
        attributes = shortcode_attributes(match.group(1))
        media = CAPTIONED_MEDIA.match(match.group(2))
        image, words = (media.group(1), media.group(2).strip()) if media else (match.group(2).strip(), "")
        words = words or attributes.get("caption", "")
        caption = f"<figcaption>{words}</figcaption>" if words else ""
        return f"<figure>{image}{caption}</figure>"

    return CAPTION.sub(figure, html)


def shortcode_attributes(text):
    return {
        name.lower(): next(value for value in values if value is not None)
        for name, *values in SHORTCODE_ATTRIBUTE.findall(text or "")
    }


def strip_shortcodes(html):
    def enclosing(match):
        if re.fullmatch(MEDIA_SHORTCODES, match.group(1), re.IGNORECASE):
            return ""
        return strip_shortcodes(match.group(3))

    return LONE_SHORTCODE.sub("", ENCLOSING_SHORTCODE.sub(enclosing, html))


def wpautop(text):
    """WordPress's paragraphs: blank-line-separated text → <p>, single newlines → <br>."""
    if not text.strip():
        return ""
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f'<pre data-kept="{len(kept) - 1}"></pre>'

    text = KEPT_WHOLE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"<[^>]*>", lambda tag: tag.group(0).replace("\n", " "), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    paragraphs = (part.strip("\n") for part in re.split(r"\n\s*\n", text))
    text = "".join(f"<p>{part}</p>\n" for part in paragraphs if part.strip())
    for pattern, replacement in (
        (rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1"),
        (r"<p>(<li.+?)</p>", r"\1"),
        (r"<p><blockquote([^>]*)>", r"<blockquote\1><p>"),
        (r"</blockquote></p>", r"</p></blockquote>"),
        (rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1"),
        (rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1"),
        (r"(?<!<br>)\s*\n(?!$)", "<br>\n"),
        (rf"(</?{BLOCKS}[^>]*>)\s*<br>", r"\1"),
        (r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1"),
    ):
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return KEPT_PLACEHOLDER.sub(lambda placeholder: kept[int(placeholder.group(1))], text).strip()


def _moved(tag, attribute, new_url_for, only=None):
    value = re.search(rf"""\s{attribute}\s*=\s*(["'])(.*?)\1""", tag, re.IGNORECASE | re.DOTALL)
    if value is None:
        return tag
    url = unescape(value.group(2))
    if only is not None and not only.search(url.split("?")[0]):
        return tag
    new_url = new_url_for(url)
    return tag if new_url is None else f"{tag[:value.start(2)]}{new_url}{tag[value.end(2):]}"


def plain_text(html, keep_breaks=True):
    """Text a reader typed, from WordPress HTML: tags dropped, line breaks and paragraphs kept."""
    text = re.sub(r"<br\s*/?>[ \t]*\n?", "\n", cdata_as_text(html or ""), flags=re.IGNORECASE)
    text = re.sub(r"</(?:p|div|blockquote|h[1-6]|pre)\s*>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</li\s*>", "\n", text, flags=re.IGNORECASE)
    text = unescape(nh3.clean(text, tags=set()))
    if not keep_breaks:
        return " ".join(text.split())
    text = re.sub(r"[ \t]+\n", "\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
