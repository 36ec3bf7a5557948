"""Alembic environment: runs on the connection `db.migrate` hands over."""

from alembic import context

from claims.models import metadata  # the one allowed back-edge: the schema lives with the domain

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through db.migrate, which supplies a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
