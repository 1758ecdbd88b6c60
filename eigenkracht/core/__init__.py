"""Shared building blocks: column types, time helpers, errors, pagination."""
