from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMISSIONS = [
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.delete_article",  # drafts only: published work is guarded in the admin
    "articles.add_byline", "articles.change_byline", "articles.delete_byline", "articles.view_byline",
    "articles.add_correction", "articles.change_correction", "articles.view_correction",
    "articles.view_section", "articles.view_author", "articles.add_tag", "articles.view_tag",
]
EDITOR_APPS = ["articles"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.set([permission(p) for p in WRITER_PERMISSIONS])
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
