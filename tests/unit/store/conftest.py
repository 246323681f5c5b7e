"""The store's tests use the databases of tests/conftest.py (SQLite and PostgreSQL)."""
