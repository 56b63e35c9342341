"""The data layer: models, engine, migrations, audit, queries, backup. Imports nothing of ours."""
