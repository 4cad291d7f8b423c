"""Which cached pages show what, and how to forget them when it changes.

Every change a reader could see (an article saved or published, a comment approved, removed
or edited) calls `pages_changed(article)`. The whole-page cache is built on this module.
"""


def pages_changed(article):
    """The pages showing `article` (its own page, listings, feeds) must be rebuilt."""
