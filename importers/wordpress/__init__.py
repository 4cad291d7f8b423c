"""Moving a WordPress site to Newsroom: `manage.py import_wordpress EXPORT.xml` (see README)."""
