"""How much memory and time `import_wordpress` needs for a large export.

Writes a WordPress export of about --size MB (posts in every status, each with threaded comments,
categories, tags, an author) to a throwaway folder, imports it into a throwaway SQLite database
with `manage.py import_wordpress`, as a user would, and prints the importer's peak resident memory
(its own ru_maxrss, from wait4) and the time taken. Target: under 300 MB for 50 MB, and about the
same for any size (the export is streamed). Several sizes: --size 10 --size 50.

    .venv/bin/python bench/import_memory.py [--size MB ...] [--keep]
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

PROJECT = Path(__file__).resolve().parent.parent
TARGET_MB = 300
STATUSES = ["publish"] * 16 + ["draft", "pending", "private", "future"]
COMMENT_STATUSES = ["1"] * 12 + ["0", "0", "spam", "trash"]
WORDS = [
    "council", "bridge", "river", "market", "school", "budget", "mayor", "street", "station", "harbour",
    "festival", "library", "weather", "police", "hospital", "election", "park", "museum", "football",
    "theatre", "farmers", "village", "traffic",
]

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench Gazette</title><link>https://bench.example</link><description></description>
	<language>en-GB</language><wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example</wp:base_site_url>
	<wp:base_blog_url>https://bench.example</wp:base_blog_url>
"""


def sentence(rng, words=14):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author_block(number):
    return (f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(f'writer{number}')}"
            f"</wp:author_login><wp:author_display_name>{cdata(f'Writer Number {number}')}"
            "</wp:author_display_name></wp:author>\n")


def comment_block(rng, comment_id, parent_id, day):
    text = f"{sentence(rng, 30)}\n\n{sentence(rng, 20)}"
    return f"""		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author>{cdata(f"Reader {comment_id % 997}")}</wp:comment_author>
			<wp:comment_author_email>reader{comment_id % 997}@example.org</wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>
			<wp:comment_date>{day} 12:{comment_id % 60:02d}:00</wp:comment_date>
			<wp:comment_date_gmt>{day} 11:{comment_id % 60:02d}:00</wp:comment_date_gmt>
			<wp:comment_content>{cdata(text)}</wp:comment_content>
			<wp:comment_approved>{rng.choice(COMMENT_STATUSES)}</wp:comment_approved>
			<wp:comment_type>comment</wp:comment_type>
			<wp:comment_parent>{parent_id}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""


def post_block(rng, post_id, next_comment_id):
    status = rng.choice(STATUSES)
    year = 2099 if status == "future" else rng.randint(2010, 2023)
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = f"story-{post_id}-{rng.choice(WORDS)}"
    paragraphs = "\n\n".join(sentence(rng, 40) for _ in range(8))
    content = f"{paragraphs}\n\n[caption id=\"\" width=\"300\"]<img src=\"https://bench.example/wp-content/" \
              f"uploads/{year}/01/photo-{post_id}.jpg\" alt=\"\" /> A caption[/caption]"
    comments, comment_ids = [], []
    for _ in range(rng.randint(4, 16)):
        parent = rng.choice(comment_ids) if comment_ids and rng.random() < 0.4 else 0
        comments.append(comment_block(rng, next_comment_id, parent, day))
        comment_ids.append(next_comment_id)
        next_comment_id += 1
    categories = rng.sample(range(20), 2)
    tags = rng.sample(range(200), 3)
    terms = "".join(
        [f'\t\t<category domain="category" nicename="section-{c}">{cdata(f"Section {c}")}</category>\n'
         for c in categories]
        + [f'\t\t<category domain="post_tag" nicename="topic-{t}">{cdata(f"Topic {t}")}</category>\n'
           for t in tags]
    )
    item = f"""	<item>
		<title>{escape(sentence(rng, 7))}</title>
		<link>https://bench.example/{day.replace("-", "/")}/{slug}/</link>
		<dc:creator>{cdata(f"writer{post_id % 10}")}</dc:creator>
		<content:encoded>{cdata(content)}</content:encoded>
		<excerpt:encoded>{cdata(sentence(rng, 20))}</excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date>{day} 10:00:00</wp:post_date>
		<wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>
		<wp:comment_status>open</wp:comment_status>
		<wp:post_name>{slug}</wp:post_name>
		<wp:status>{status}</wp:status>
		<wp:post_type>post</wp:post_type>
		<wp:post_password></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{terms}{"".join(comments)}	</item>
"""
    return item, next_comment_id


def write_export(path, megabytes, seed=9):
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024
    posts = comments = 0
    next_comment_id = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.writelines(author_block(number) for number in range(10))
        while out.tell() < target:
            posts += 1
            item, after = post_block(rng, posts, next_comment_id)
            comments += after - next_comment_id
            next_comment_id = after
            out.write(item)
        out.write("</channel>\n</rss>\n")
    return posts, comments


def manage(env, *args, capture=True):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True,
                          capture_output=capture, text=True)


def measure(megabytes, keep):
    folder = Path(tempfile.mkdtemp(prefix="newsroom-import-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}", MEDIA_ROOT=str(folder / "media"),
               NEWSROOM_VAR_DIR=str(folder))
    try:
        manage(env, "migrate", "--noinput")
        export = folder / "export.xml"
        posts, comments = write_export(export, megabytes)
        size = export.stat().st_size / (1024 * 1024)
        print(f"\n== {size:.1f} MB export: {posts} posts, {comments} comments", flush=True)
        started = time.perf_counter()
        importer = subprocess.Popen([sys.executable, "manage.py", "import_wordpress", str(export)],
                                    cwd=PROJECT, env=env, stdout=subprocess.PIPE, text=True)
        output = importer.stdout.read()
        _, status, usage = os.wait4(importer.pid, 0)
        elapsed = time.perf_counter() - started
        importer.returncode = os.waitstatus_to_exitcode(status)
        print("\n".join(line for line in output.splitlines() if not line.startswith("    ")))
        if importer.returncode:
            raise SystemExit(f"import failed with exit code {importer.returncode}")
        peak = usage.ru_maxrss / 1024  # kilobytes on Linux
        verdict = "OK" if peak < TARGET_MB else f"OVER the {TARGET_MB} MB target"
        print(f"peak memory {peak:.0f} MB ({verdict}); time {elapsed:.1f} s "
              f"({posts / elapsed:.0f} posts/s, {size / elapsed:.2f} MB/s)")
        return size, peak, elapsed
    finally:
        if keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="export size in MB (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the export and the database")
    options = parser.parse_args()
    results = [measure(size, options.keep) for size in options.size or [50]]
    print("\nsize MB   peak MB   seconds")
    for size, peak, elapsed in results:
        print(f"{size:7.1f}   {peak:7.0f}   {elapsed:7.1f}")


if __name__ == "__main__":
    main()
