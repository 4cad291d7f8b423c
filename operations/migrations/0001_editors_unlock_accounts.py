from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors lift a login lockout by deleting its access attempt (Axes › Access attempts).
LOCKOUT_PERMISSIONS = ["view_accessattempt", "delete_accessattempt", "view_accesslog"]


def let_editors_unlock_accounts(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editor_and_writer_groups"),
        ("axes", "0010_accessattemptexpiration"),
    ]
    operations = [migrations.RunPython(let_editors_unlock_accounts, migrations.RunPython.noop)]
