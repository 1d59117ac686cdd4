"""The "editor" group: may correct claims, people, organisations, briefings, figures,
memberships and articles' dates, and read imports and redirects; no users, groups or permissions.

Permissions are normally created after migrations run (post_migrate), so a fresh
database would not have them yet: create them here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "editor"

# model -> actions the editor may take. No "delete" on claims, articles, briefings, people or
# organisations: reject a claim, merge a duplicate; nothing an import found is destroyed.
PERMISSIONS = {
    "claim": ["view", "add", "change"],
    "figure": ["view", "add", "change", "delete"],
    "person": ["view", "add", "change"],
    "organisation": ["view", "add", "change"],
    "membership": ["view", "add", "change", "delete"],
    "briefing": ["view", "add", "change"],
    "article": ["view", "change"],
    "personredirect": ["view"],
    "organisationredirect": ["view"],
    "importrun": ["view"],
}


def create_editor_group(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    app_config.models_module = True  # a migration AppConfigStub has none, and create_permissions needs one
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    permissions = list(Permission.objects.filter(content_type__app_label="archive", codename__in=wanted))
    missing = set(wanted) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing for the editor group: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
