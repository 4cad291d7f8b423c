import random
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_content as demo
from articles.models import Article, Author, Byline, Correction, Picture, Section, Tag

EDITOR_USERNAME = "editor"


class Command(BaseCommand):
    help = "Fill an empty site with demo sections, authors, articles and an editor account (once)."

    def handle(self, *args, **options):
        if Section.objects.exists():
            self.stdout.write("Demo content already present; nothing to do.")
            self._print_login(password=None)
            return
        with transaction.atomic():
            password = self._create_editor()
            self._create_content()
        self.stdout.write(self.style.SUCCESS(
            f"Created {Article.objects.count()} demo articles in {Section.objects.count()} sections."
        ))
        self._print_login(password)

    def _create_editor(self):
        User = get_user_model()
        if User.objects.filter(username=EDITOR_USERNAME).exists():
            return None
        password = secrets.token_urlsafe(12)
        editor = User.objects.create_user(
            EDITOR_USERNAME, email="editor@newsroom.invalid", password=password,
            first_name="Demo", last_name="Editor", is_staff=True,
        )
        editor.groups.add(Group.objects.get(name="Editors"))
        return password

    def _print_login(self, password):
        if password:
            self.stdout.write(self.style.WARNING(
                f"\n  Admin login — user: {EDITOR_USERNAME}   password: {password}\n"
                "  (shown only this once; change it with: "
                f".venv/bin/python manage.py changepassword {EDITOR_USERNAME})\n"
            ))
        else:
            self.stdout.write(
                f"  Admin login — user: {EDITOR_USERNAME} (the password was printed when the demo "
                f"was created; set a new one with: .venv/bin/python manage.py changepassword "
                f"{EDITOR_USERNAME})"
            )

    def _create_content(self):
        rng = random.Random(2026)
        sections = {
            slug: Section.objects.create(name=name, slug=slug, description=description, position=i)
            for i, (name, slug, description) in enumerate(demo.SECTIONS)
        }
        authors = {
            slug: Author.objects.create(name=name, slug=slug, bio=bio)
            for name, slug, bio in demo.AUTHORS
        }
        tags = {name: Tag.objects.create(name=name, slug=name.lower()) for name in demo.TAGS}
        now = timezone.now()
        for index, (section, headline, standfirst, dateline, tag_names, author_slugs) in enumerate(
            demo.STORIES
        ):
            if index in (7, 19):
                status, publish_at = Article.Status.DRAFT, now
            elif index in (12, 24):
                status, publish_at = Article.Status.PUBLISHED, now + timedelta(days=2, hours=index)
            else:
                status, publish_at = Article.Status.PUBLISHED, now - timedelta(hours=5 + index * 9)
            caption, credit = demo.picture_caption(index)
            picture = SimpleUploadedFile(
                f"demo-{index}.jpg", demo.demo_picture(index).read(), content_type="image/jpeg"
            )
            article = Article.objects.create(
                headline=headline,
                standfirst=standfirst,
                body=demo.story_body(rng),
                section=sections[section],
                dateline=dateline,
                sources="Newsroom reporting" if index % 3 else "Newsroom reporting, County Press Agency",
                status=status,
                publish_at=publish_at,
                featured=index == 0,
                hero_picture=Picture.objects.create(
                    file=picture, alt_text=f"A drawn scene: {caption[0].lower()}{caption[1:]}",
                    caption=caption, credit=credit, keywords="demo drawing",
                ),
            )
            for position, slug in enumerate(author_slugs):
                Byline.objects.create(article=article, author=authors[slug], position=position)
            article.tags.set([tags[name] for name in tag_names])
            if index == 3:
                Correction.objects.create(
                    article=article, published_at=publish_at + timedelta(hours=3),
                    text="An earlier version of this story gave the wrong frequency for the service.",
                )
