import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Byline, Correction, Picture, Section, Tag


def jpeg_upload(name="photo.jpg", size=(800, 450), colour=(200, 30, 30), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"staff{n}@newsroom.invalid")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.save()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PictureFactory(factory.django.DjangoModelFactory):
    """A picture in the media library (a plain red JPEG unless given a `file`)."""

    class Meta:
        model = Picture

    file = factory.LazyFunction(jpeg_upload)
    alt_text = "A red square"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n} about the town")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "What happened, in one sentence."
    body = "<p>The full story, in plain words.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misspelt a name."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.Comment"

    article = factory.SubFactory(ArticleFactory)
    author_name = factory.Sequence(lambda n: f"Reader {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = factory.Sequence(lambda n: f"A thoughtful remark number {n}.")
    status = "approved"


def form_token(article, age_seconds=30):
    """The token a comment form rendered `age_seconds` ago would carry."""
    import time

    from django.core import signing

    from comments.spam import TOKEN_SALT

    return signing.dumps({"article": article.pk, "issued": time.time() - age_seconds}, salt=TOKEN_SALT,
                         compress=False)


def comment_post(article, **overrides):
    data = {
        "body": "I was there and it was just as described.",
        "author_name": "Jo Reader",
        "author_email": "jo.reader@example.org",
        "author_url": "",
        "token": form_token(article),
        "parent": "",
        "homepage": "",
    }
    data.update(overrides)
    return data


def address_proof_cookie(email):
    """The cookie (a Morsel) by which a browser proves it confirmed `email`, as following the
    confirmation link gives it (website.address_proof)."""
    from django.http import HttpRequest, HttpResponse

    from website import address_proof

    response = HttpResponse()
    address_proof.remember(response, HttpRequest(), email)
    return response.cookies[address_proof.PROOF_COOKIE]


def prove_address(client, email):
    """Give the test client's browser the proof that it confirmed `email`."""
    cookie = address_proof_cookie(email)
    client.cookies[cookie.key] = cookie
    return client
