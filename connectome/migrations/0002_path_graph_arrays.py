"""PathGraph holds its node names and an int32 edge array instead of a JSON edge list.

The graphs are rebuilt by init_data_graph_precompute (populate_db rebuilds the database when
migrations change), so the old rows are dropped rather than converted.
"""

from django.db import migrations, models


def drop_graphs(apps, schema_editor):
    apps.get_model("connectome", "PathGraph").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("connectome", "0001_initial")]

    operations = [
        migrations.RunPython(drop_graphs, migrations.RunPython.noop),
        migrations.RemoveField("pathgraph", "edges"),
        migrations.AddField("pathgraph", "nodes", models.JSONField(default=list), preserve_default=False),
        migrations.AddField("pathgraph", "edges", models.BinaryField(default=b""), preserve_default=False),
    ]
