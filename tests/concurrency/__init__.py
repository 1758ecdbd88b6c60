"""Real concurrency: the app served on 127.0.0.1 in threads, many requests fired at once.

Every other test runs inside one rolled-back transaction, which a served app cannot share;
these tests commit for real, in a database of their own (see ``conftest.py``).
"""
