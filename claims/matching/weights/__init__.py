"""Fitted weights shipped with the matcher (see README.md here)."""
