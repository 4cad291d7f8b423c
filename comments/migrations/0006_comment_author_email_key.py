import unicodedata

from django.db import migrations, models


def email_key(email):
    """comments.models.email_key as it was when this migration was written."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


def key_every_address(apps, schema_editor):
    comments = apps.get_model("comments", "Comment").objects.using(schema_editor.connection.alias)
    batch = []
    for comment in comments.only("id", "author_email").order_by("id").iterator(chunk_size=2000):
        comment.author_email_key = email_key(comment.author_email)
        batch.append(comment)
        if len(batch) == 2000:
            comments.bulk_update(batch, ["author_email_key"])
            batch = []
    comments.bulk_update(batch, ["author_email_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_comment_wordpress_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="author_email_key",
            field=models.CharField(default="", editable=False, max_length=800),
        ),
        migrations.RunPython(key_every_address, migrations.RunPython.noop),
        # The old index was on the address as typed, which no lookup can use case-insensitively.
        migrations.RemoveIndex(model_name="comment", name="comment_email_idx"),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["author_email_key"], name="comment_email_key_idx"),
        ),
    ]
