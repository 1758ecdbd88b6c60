"""A stranger cannot lock a member of staff out (issue 16, finding 6).

The hostile stranger typed 24 wrong passwords for a real address, and its owner got 429 with
the right password. Failures now count per (account, address) and per address: the
stranger's address is paused for that account (and, after many failures, for every account),
the owner signs in from their own address all the same. There is no per-account ceiling:
any ceiling that refuses the right password is a lock a stranger can close (docs/operations
.md, "Sessions and limits").

Hostile input: the same account written with capitals and spaces counts as one; an address
of 254 characters, control characters, slashes that would look like another counter's key
and an unknown address count like any other and never give a 500.

Production refuses to start with counters that each process keeps apart (in memory) unless
it runs as one process; ``test_shared_limits`` shows the counters shared through Redis.
"""

from __future__ import annotations

import pytest

from config import ProductionConfig
from tests.factories import PASSWORD

STRANGER = "203.0.113.66"
OWNER = "192.0.2.10"
WRONG = "wrong password, guessed"


def attempt(client, email: str, password: str, address: str) -> int:
    response = client.post("/login", data={"email": email, "password": password},
                           environ_base={"REMOTE_ADDR": address})
    return response.status_code


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(client, app, world):
    for _ in range(24):
        attempt(client, world.coordinator.email, WRONG, STRANGER)
    owner = app.test_client()
    assert attempt(owner, world.coordinator.email, PASSWORD, OWNER) == 302


def test_the_strangers_address_is_paused_for_that_account_at_the_tenth_failure(client, world):
    for n in range(9):
        assert attempt(client, world.coordinator.email, WRONG, STRANGER) == 200, n
    assert attempt(client, world.coordinator.email, WRONG, STRANGER) == 429
    # Paused: even the right password from that address waits.
    assert attempt(client, world.coordinator.email, PASSWORD, STRANGER) == 429


def test_nine_failures_from_one_address_leave_the_right_password_working_there(client, world):
    for _ in range(9):
        attempt(client, world.coordinator.email, WRONG, STRANGER)
    assert attempt(client, world.coordinator.email, PASSWORD, STRANGER) == 302


def test_many_addresses_of_a_stranger_still_do_not_lock_the_owner_out(client, app, world):
    for n in range(60):
        attempt(client, world.coordinator.email, WRONG, f"198.51.100.{n}")
    assert attempt(app.test_client(), world.coordinator.email, PASSWORD, OWNER) == 302


def test_one_address_trying_many_accounts_is_paused_for_all_at_the_thirtieth_failure(
        client, app, world):
    for n in range(29):
        assert attempt(client, f"guess{n}@example.org", WRONG, STRANGER) == 200, n
    assert attempt(client, "guess-last@example.org", WRONG, STRANGER) == 429
    assert attempt(client, world.admin.email, PASSWORD, STRANGER) == 429
    # The owner of that account, elsewhere, is not touched.
    assert attempt(app.test_client(), world.admin.email, PASSWORD, OWNER) == 302


def test_an_account_written_otherwise_counts_as_the_same_account(client, world):
    spellings = ["coordinator@rijnmond.example", "Coordinator@Rijnmond.Example",
                 " COORDINATOR@RIJNMOND.EXAMPLE ", "coordinator@rijnmond.EXAMPLE\t"]
    for n in range(9):
        assert attempt(client, spellings[n % 4], WRONG, STRANGER) == 200
    assert attempt(client, spellings[1], WRONG, STRANGER) == 429


@pytest.mark.parametrize("email", ["x" * 254, "a/b@x/../login-address/1.2.3.4", "\x00\x07@x",
                                   "'; DROP TABLE users; --", ""])
def test_hostile_account_names_count_and_never_give_an_error(client, world, email):
    statuses = {attempt(client, email, WRONG, STRANGER) for _ in range(11)}
    assert statuses <= {200, 429}
    if email:  # an empty address is refused by the form and counts nowhere
        assert attempt(client, email, WRONG, STRANGER) == 429
    assert attempt(client, world.coordinator.email, PASSWORD, OWNER) == 302


def test_a_key_made_to_look_like_another_addresses_counter_is_only_its_own(client, app, world):
    """An account name with the owner's address in it does not spend the owner's count."""
    for _ in range(10):
        attempt(client, f"{world.coordinator.email}/{OWNER}", WRONG, STRANGER)
        attempt(client, f"{OWNER}/{world.coordinator.email}", WRONG, STRANGER)
    assert attempt(app.test_client(), world.coordinator.email, PASSWORD, OWNER) == 302


def test_a_success_clears_only_that_address_count_for_that_account(client, app, world):
    """Signing in does not reset the address's count over all accounts (else one account
    would buy endless guesses at the others)."""
    for n in range(20):
        attempt(client, f"guess{n}@example.org", WRONG, STRANGER)
    for _ in range(5):
        assert attempt(client, world.referrer.email, PASSWORD, STRANGER) == 302
        client.post("/logout", environ_base={"REMOTE_ADDR": STRANGER})
    for n in range(9):
        assert attempt(client, f"more{n}@example.org", WRONG, STRANGER) == 200
    assert attempt(client, "last@example.org", WRONG, STRANGER) == 429


# --- production: shared counters or one process ------------------------------------------

@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eigenkracht.example.nl")
    for name in ("REDIS_URL", "RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_to_start_with_counters_in_memory_and_several_workers(
        production_env):
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        ProductionConfig.validate()


@pytest.mark.parametrize("workers", ["2", "0", "", "one", "1.5", "-1", " 4"])
def test_production_refuses_memory_counters_unless_it_runs_exactly_one_worker(
        production_env, workers):
    production_env.setenv("WEB_CONCURRENCY", workers)
    with pytest.raises(RuntimeError, match="WEB_CONCURRENCY"):
        ProductionConfig.validate()


def test_production_refuses_an_explicit_memory_storage_too(production_env):
    production_env.setenv("RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        ProductionConfig.validate()


@pytest.mark.parametrize("variable,value", [
    ("REDIS_URL", "redis://redis.internal:6379/0"),
    ("RATELIMIT_STORAGE_URI", "redis://redis.internal:6379/1"),
    ("WEB_CONCURRENCY", "1"),
])
def test_production_starts_with_shared_counters_or_one_worker(production_env, variable, value):
    production_env.setenv(variable, value)
    ProductionConfig.validate()


def test_the_limits_read_the_storage_from_the_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6390/2")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        assert importlib.reload(config).Config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6390/2"
        monkeypatch.delenv("RATELIMIT_STORAGE_URI")
        assert importlib.reload(config).Config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(config)


def test_the_embedded_default_counts_in_memory_in_its_one_process(monkeypatch):
    import importlib

    import config

    for name in ("REDIS_URL", "RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    try:
        reloaded = importlib.reload(config)
        assert reloaded.DevelopmentConfig.RATELIMIT_STORAGE_URI == "memory://"
        reloaded.DevelopmentConfig.validate()  # development starts: it is one process
    finally:
        importlib.reload(config)
