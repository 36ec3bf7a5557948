"""The one core both front doors use: each function is one unit of work in one transaction."""

from claims.services.triage import refresh_dirty
from db.engine import before_commit

before_commit(refresh_dirty)  # every write keeps the queue's priorities in step
