"""Triage: a trained check-worthiness model (``scorer``), its explanations and the queue's priority.

Not the database schema (that is ``claims.models``): the learned model lives in ``scorer``.
"""
