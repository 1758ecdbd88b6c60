"""Accounts: organisations, users, logging in and out, passwords."""
