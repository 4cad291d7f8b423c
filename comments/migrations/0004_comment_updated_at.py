import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_comment_wordpress_id")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
