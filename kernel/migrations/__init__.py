"""The database schema as Alembic revisions: the released schema, then each change since."""
