"""The media library: pictures become objects of their own. Every hero image (with its alt text,
caption and credit) and every picture an import stored moves into the library, the articles
point at them, and the library notes which bodies show them."""

import articles.images
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from articles.pictures import IMG_SOURCE, RENDITION_SUFFIX, picture_key


def move_heroes_into_the_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Picture = apps.get_model("articles", "Picture")
    ImportedImage = apps.get_model("articles", "ImportedImage")
    pictures = {}
    for article in Article.objects.exclude(hero_image="").exclude(hero_image__isnull=True).order_by("pk"):
        key = picture_key(article.hero_image.name)
        picture = pictures.get(key)
        if picture is None:
            picture = pictures[key] = Picture.objects.create(
                file=article.hero_image.name, key=key, width=article.hero_width, height=article.hero_height,
                renditions=article.hero_renditions, alt_text=article.hero_alt, caption=article.hero_caption,
                credit=article.hero_credit,
            )
        article.hero_picture = picture
        article.save(update_fields=["hero_picture"])
    for image in ImportedImage.objects.order_by("pk"):
        key = picture_key(image.name)
        if key not in pictures:
            pictures[key] = Picture.objects.create(
                file=image.name, key=key, width=image.width, height=image.height, renditions=image.renditions,
                keywords=image.source[:300],
            )
    for article in Article.objects.filter(body__icontains="<img").only("pk", "body"):
        shown = {RENDITION_SUFFIX.sub("", source.split(settings.MEDIA_URL, 1)[1])
                 for source in IMG_SOURCE.findall(article.body) if settings.MEDIA_URL in source}
        article.body_pictures.set([pictures[key] for key in shown if key in pictures])


def give_groups_the_library(apps, schema_editor):
    """Writers upload, describe and pick pictures; editors may also delete unused ones."""
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    library = Permission.objects.filter(content_type__app_label="articles", content_type__model="picture")
    for group in Group.objects.filter(name="Writers"):
        group.permissions.add(*library.exclude(codename="delete_picture"))
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*library)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0014_error_reports'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='Picture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', articles.images.PictureField(help_text='JPEG, PNG, WebP or GIF. It is stored without its metadata (place, camera).', upload_to='library/', validators=[articles.images.validate_image])),
                ('key', models.CharField(editable=False, max_length=200, unique=True)),
                ('width', models.PositiveIntegerField(editable=False, null=True)),
                ('height', models.PositiveIntegerField(editable=False, null=True)),
                ('renditions', models.JSONField(default=list, editable=False)),
                ('crops', models.JSONField(default=list, editable=False)),
                ('alt_text', models.CharField(help_text='What the picture shows, for readers who cannot see it.', max_length=250)),
                ('caption', models.CharField(blank=True, max_length=300)),
                ('credit', models.CharField(blank=True, help_text='Who made it, e.g. “Ann Reader/Newsroom”.', max_length=150)),
                ('keywords', models.CharField(blank=True, help_text='Words to find it by in the library.', max_length=300)),
                ('focal_x', models.PositiveSmallIntegerField(default=50, help_text='Where the subject is, from the left edge (0) to the right (100): crops keep it in view.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='focal point across (%)')),
                ('focal_y', models.PositiveSmallIntegerField(default=50, help_text='From the top (0) to the bottom (100).', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='focal point down (%)')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['-uploaded_at', '-id'],
                'indexes': [models.Index(fields=['-uploaded_at', '-id'], name='picture_newest_idx')],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='body_pictures',
            field=models.ManyToManyField(blank=True, editable=False, related_name='in_bodies', to='articles.picture'),
        ),
        migrations.AddField(
            model_name='article',
            name='hero_picture',
            field=models.ForeignKey(blank=True, help_text='A picture of the media library, found by its caption, credit or keywords (upload new ones there first, or with the +). Its alt text, caption and credit show with it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hero_of', to='articles.picture', verbose_name='hero picture'),
        ),
            migrations.RunPython(move_heroes_into_the_library, migrations.RunPython.noop),
        migrations.RunPython(give_groups_the_library, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='article',
            name='hero_alt',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_caption',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_credit',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_height',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_image',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_renditions',
        ),
        migrations.RemoveField(
            model_name='article',
            name='hero_width',
        ),
    ]
