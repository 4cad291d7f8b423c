from django.db import migrations


def forget_corrections_in_revisions(apps, schema_editor):
    """Corrections are no longer part of an article's revisions (articles/admin.py): the copies
    that older revisions kept would roll a published correction back on restore."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    correction = ContentType.objects.filter(app_label="articles", model="correction").first()
    if correction is not None:
        Version.objects.filter(content_type=correction).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_wordpress_site"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]
    operations = [migrations.RunPython(forget_corrections_in_revisions, migrations.RunPython.noop)]
