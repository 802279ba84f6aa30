"""Governance packs: plain data in, PDF out. Never imports Qt or the database."""
