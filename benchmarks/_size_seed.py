"""Bulk seeding for ``size.py`` (not a benchmark itself: the runner skips ``_`` files).

Two organisations: ``bench`` with ``cases`` cases (by default 10,000, with 30 people, 10 ties
and on average 50 plan actions each, plus staff, assignments, bottom lines, conferences,
invitations, goals, contact logs and network snapshots) and ``small`` with 20 cases of the
same shape, the baseline. Rows are made as tuples with explicit ids and written in batches:
``executemany`` on SQLite, ``COPY`` on PostgreSQL, in one transaction with the engine's
foreign-key checks off (the rows are consistent by construction). Column defaults of the
models fill the columns a generator leaves out, so the rows look like the ones the app writes.
"""

from __future__ import annotations

import enum
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice

from sqlalchemy import JSON, Table, text
from sqlalchemy.engine import Connection
from werkzeug.security import generate_password_hash

from eigenkracht.core.names import indexed
from eigenkracht.extensions import db

PASSWORD = "benchmark wachtwoord voor de grote organisatie"  # noqa: S105 (a throwaway database)
BATCH = 20_000
PEOPLE_PER_CASE = 30
TIES_PER_CASE = 10
ACTIONS_PER_CASE = 50
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FIRST = ["Anna", "Bram", "Chantal", "Dewi", "Emre", "Fleur", "Gijs", "Hatice", "Ilse", "Jamal",
         "Kees", "Lieke", "Mohammed", "Nadia", "Olaf", "Priya", "Ruben", "Saskia", "Tarik",
         "Noëlle", "Daan", "Sem", "Yara", "Zeynep", "Luuk", "Mila", "Finn", "Sara"]
LAST = ["de Vries", "Jansen", "El Idrissi", "van den Berg", "Öztürk", "Bakker", "Visser",
        "Smit", "Meijer", "de Boer", "Yılmaz", "Mulder", "Bouzid", "Hendriks", "Dekker",
        "van Dijk", "Brouwer", "de Graaf", "Kaya", "Peters", "Vermeulen", "Kuipers"]
RELATIONS = ["oma", "opa", "tante", "oom", "buurvrouw", "buurman", "vriendin", "vriend", "juf",
             "trainer", "neef", "nicht", "collega", ""]
TASKS = ["brengt de kinderen naar school", "haalt op van de opvang", "kookt op woensdag",
         "belt elke week om te horen hoe het gaat", "gaat mee naar de huisarts",
         "doet de boodschappen op zaterdag", "neemt mee naar sport", "past op in het weekend"]
SECTORS = ["family", "friends", "community", "school_work", "professionals"]
SUPPORT = ["practical", "company", "advice", "emotional"]
TIE_KINDS = ["parent", "partner", "sibling", "friend", "colleague", "conflict"]
# status by share of cases: many closed ones pile up over the years
STATUSES = ["closed"] * 40 + ["follow_up"] * 25 + ["conference"] * 10 + \
    ["preparation"] * 15 + ["referral"] * 10


@dataclass
class Staff:
    admin: int
    coordinators: list[int]
    jobcoaches: list[int]
    referrers: list[int]
    emails: dict[str, str] = field(default_factory=dict)  # "coordinator" -> e-mail


@dataclass
class Ids:
    """The next free id of every table (ids are given explicitly)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str, count: int = 1) -> int:
        first = self.next.get(table, 1)
        self.next[table] = first + count
        return first


# --- writing --------------------------------------------------------------------------------

def _defaults(table: Table, given: list[str]) -> tuple[list[str], list]:
    """The columns a generator leaves out that have a Python default, and those values."""
    names, values = [], []
    for column in table.columns:
        if column.name in given or column.default is None:
            continue
        default = column.default
        value = default.arg(None) if default.is_callable else default.arg
        names.append(column.name)
        values.append(value)
    return names, values


def _plain(value, is_json: bool):
    if isinstance(value, enum.Enum):
        return value.value
    if is_json:
        return json.dumps(value)
    return value


def write(conn: Connection, name: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in the order of ``columns``) into table ``name``."""
    table = db.metadata.tables[name]
    extra, extra_values = _defaults(table, columns)
    names = [*columns, *extra]
    count = 0
    iterator: Iterator[tuple] = iter(rows)
    if conn.dialect.name == "postgresql":
        json_cols = [isinstance(table.c[n].type, JSON) for n in names]
        extra_plain = tuple(_plain(v, j) for v, j in zip(extra_values, json_cols[len(columns):],
                                                          strict=True))
        raw = conn.connection.driver_connection
        quoted = ", ".join(f'"{n}"' for n in names)
        with raw.cursor() as cursor, cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
            for row in iterator:
                copy.write_row(tuple(_plain(v, j) for v, j in zip(row, json_cols, strict=False))
                               + extra_plain)
                count += 1
        return count
    processors = [table.c[n].type.bind_processor(conn.dialect) for n in names]
    given = [(i, p) for i, p in enumerate(processors[:len(columns)]) if p is not None]
    extra_tuple = tuple(_adapted(p(v) if p else v) for p, v in zip(
        processors[len(columns):], extra_values, strict=True))
    marks = ", ".join("?" * len(names))
    sql = f'INSERT INTO "{name}" ({", ".join(names)}) VALUES ({marks})'  # noqa: S608 (our names)
    while batch := list(islice(iterator, BATCH)):
        if given:
            batch = [_processed(row, given) for row in batch]
        conn.exec_driver_sql(sql, [row + extra_tuple for row in batch])
        count += len(batch)
    return count


def _adapted(value):
    """What the sqlite3 module's default adapters make of a date or time (done once here
    for values that are the same in every row)."""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _processed(row: tuple, processors: list) -> tuple:
    values = list(row)
    for index, processor in processors:
        values[index] = processor(values[index])
    return tuple(values)


# PostgreSQL: the search index's GIN index is built once after the rows are in (what a
# CREATE INDEX does in seconds takes minutes row by row).
TRIGRAM_INDEX = "ix_search_entries_trigram"


def seed_database(engine, cases: int, people_per_case: int = PEOPLE_PER_CASE) -> dict:
    """``seed`` in one transaction, with the foreign-key checks of the engine off (the rows
    are consistent by construction) and, on SQLite, a large page cache and no fsync."""
    global PEOPLE_PER_CASE
    PEOPLE_PER_CASE = people_per_case
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if engine.dialect.name == "sqlite":
            for pragma in ("foreign_keys=OFF", "synchronous=OFF", "cache_size=-262144"):
                raw.execute(f"PRAGMA {pragma}")
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
                conn.exec_driver_sql(f"DROP INDEX {TRIGRAM_INDEX}")
            result = seed(conn, cases)
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql(
                    f"CREATE INDEX {TRIGRAM_INDEX} ON search_entries USING gin "
                    "(organisation_id, folded gin_trgm_ops)")
    engine.dispose()  # later connections start with the app's own settings
    return result


# --- the data ---------------------------------------------------------------------------------

def seed(conn: Connection, cases: int, small_cases: int = 20) -> dict:
    """Both organisations; answers the staff of each and the row counts."""
    ids = Ids()
    counts: dict[str, int] = {}
    password_hash = generate_password_hash(PASSWORD, "scrypt:1024:8:1")
    write(conn, "organisations", ["id", "slug", "name"],
          [(1, "bench", "Jeugdzorg Groot"), (2, "small", "Jeugdzorg Klein")])
    bench = _staff(conn, ids, 1, "bench", password_hash, coordinators=40, jobcoaches=20,
                   referrers=40)
    small = _staff(conn, ids, 2, "small", password_hash, coordinators=1, jobcoaches=1,
                   referrers=1)
    for org, staff, n, seed_value in ((1, bench, cases, 10), (2, small, small_cases, 20)):
        for table, written in _organisation(conn, ids, org, staff, n, seed_value).items():
            counts[table] = counts.get(table, 0) + written
    if conn.dialect.name == "postgresql":
        for table, next_id in ids.next.items():
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"{next_id - 1})"))
    return {"bench": bench, "small": small, "counts": counts}


def _staff(conn: Connection, ids: Ids, org: int, slug: str, password_hash: str, *,
           coordinators: int, jobcoaches: int, referrers: int) -> Staff:
    rows, roles = [], {"admin": [], "coordinator": [], "jobcoach": [], "referrer": []}
    for role, number in (("admin", 1), ("coordinator", coordinators),
                         ("jobcoach", jobcoaches), ("referrer", referrers)):
        for index in range(number):
            uid = ids.take("users")
            email = f"{role}{index}@{slug}.example"
            rows.append((uid, org, email, f"{role.title()} {index} {slug}", role, "nl",
                         password_hash))
            roles[role].append((uid, email))
    write(conn, "users", ["id", "organisation_id", "email", "name", "role", "locale",
                          "password_hash"], rows)
    staff = Staff(admin=roles["admin"][0][0],
                  coordinators=[u for u, _ in roles["coordinator"]],
                  jobcoaches=[u for u, _ in roles["jobcoach"]],
                  referrers=[u for u, _ in roles["referrer"]])
    staff.emails = {role: pairs[0][1] for role, pairs in roles.items()}
    return staff


def _organisation(conn: Connection, ids: Ids, org: int, staff: Staff, n: int,
                  seed_value: int) -> dict[str, int]:
    rnd = random.Random(seed_value)  # noqa: S311 (a repeatable sample, not a secret)
    years = 8 if n > 100 else 1
    per_year = -(-n // years)
    case_rows, assignment_rows, line_rows, counters = [], [], [], {}
    client_rows = []
    shapes = []  # (case id, kind, status, first person id)
    first_case = ids.take("cases", n)
    first_client = ids.take("clients", n)
    first_person = ids.take("people", n * PEOPLE_PER_CASE)
    for i in range(n):
        cid = first_case + i
        year = 2026 - years + 1 + i // per_year
        number = i % per_year + 1
        counters[year] = number
        kind = "work" if i % 10 < 3 else "youth"
        status = rnd.choice(STATUSES)
        activity = NOW - timedelta(days=(n - i) * 2920 / n, minutes=rnd.randrange(600))
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        client_rows.append((first_client + i, cid, 0, first, last,
                            date(2008 + i % 15, 1 + i % 12, 1 + i % 28)))
        case_rows.append((
            cid, org, f"EK-{year}-{number:04d}", kind, status, first, last,
            "Wat is er nodig zodat het kind veilig thuis kan opgroeien?",
            "Zorgen over de veiligheid thuis.", activity - timedelta(days=60), activity,
            activity if status == "closed" else None,
        ))
        # every coordinator gets a share of the youth cases, every job coach of the work ones
        nth = i // 10 * (3 if kind == "work" else 7) + (i % 10 if kind == "work" else i % 10 - 3)
        staff_id = (staff.jobcoaches[nth % len(staff.jobcoaches)] if kind == "work"
                    else staff.coordinators[nth % len(staff.coordinators)])
        assignment_rows.append((ids.take("case_assignments"), cid, staff_id,
                                "jobcoach" if kind == "work" else "coordinator"))
        assignment_rows.append((ids.take("case_assignments"), cid,
                                staff.referrers[i % len(staff.referrers)], "referrer"))
        if kind == "youth":
            for position in range(2):
                line_rows.append((ids.take("bottom_lines"), cid, position,
                                  f"Voorwaarde {position + 1}: het kind gaat naar school."))
        shapes.append((cid, kind, status, first_person + i * PEOPLE_PER_CASE,
                       f"{first} {last}"))
    counts = {
        "cases": write(conn, "cases", [
            "id", "organisation_id", "reference", "kind", "status", "client_first_name",
            "client_last_name", "central_question", "concerns",
            "created_at", "last_activity_at", "closed_at"], case_rows),
        # a case's client is a row of its own since migration 0018
        "clients": write(conn, "clients", ["id", "case_id", "position", "first_name",
                                           "last_name", "birth_date"], client_rows),
        "case_counters": write(conn, "case_counters", ["organisation_id", "year", "last_number"],
                               [(org, year, last) for year, last in counters.items()]),
        "case_assignments": write(conn, "case_assignments",
                                  ["id", "case_id", "user_id", "role"], assignment_rows),
        "bottom_lines": write(conn, "bottom_lines", ["id", "case_id", "position", "text"],
                              line_rows),
    }
    people_state = rnd.getstate()  # the search rows are made from the same people again
    counts["people"] = write(conn, "people", [
        "id", "case_id", "is_client", "name", "relation", "sector", "ring", "support",
        "can_help_with"], _people(shapes, rnd))
    again = random.Random()  # noqa: S311
    again.setstate(people_state)
    counts["search_entries"] = write(conn, "search_entries", [
        "id", "organisation_id", "case_id", "person_id", "kind", "label", "relation", "folded"],
        _search_rows(org, case_rows, _people(shapes, again), ids))
    counts["relationships"] = write(conn, "relationships", [
        "id", "case_id", "person_a_id", "person_b_id", "kind", "quality"],
        _ties(shapes, ids, rnd))
    counts.update(_conferences_and_plans(conn, ids, shapes, staff, rnd))
    counts.update(_jobs(conn, ids, shapes, staff, rnd))
    return counts


def _people(shapes, rnd) -> Iterator[tuple]:
    names = [f"{a} {b}" for a in FIRST for b in LAST]
    supports = [SUPPORT[:k % 3] for k in range(PEOPLE_PER_CASE)]
    for cid, _kind, _status, first, client_name in shapes:
        yield (first, cid, True, client_name, "", "family", 1, [], [])
        offset = rnd.randrange(len(names))
        for k in range(1, PEOPLE_PER_CASE):
            yield (first + k, cid, False, names[(offset + 37 * k) % len(names)],
                   RELATIONS[(offset + k) % len(RELATIONS)], SECTORS[k % 5], 1 + k % 3,
                   supports[k], [])


_indexed = lru_cache(maxsize=None)(indexed)  # the seed's names repeat


def _search_rows(org: int, case_rows, people, ids: Ids) -> Iterator[tuple]:
    """The search index's rows (``search.index``) of the cases and of their people."""
    for row in case_rows:
        cid, first, last = row[0], row[5], row[6]
        yield (ids.take("search_entries"), org, cid, None, "case", f"{first} {last}", "",
               _indexed(first, last))
    for pid, cid, is_client, name, relation, *_rest in people:
        if not is_client:
            yield (ids.take("search_entries"), org, cid, pid, "person", name, relation,
                   _indexed(name, relation))


def _ties(shapes, ids: Ids, rnd) -> Iterator[tuple]:
    qualities = ["strong", "ordinary", "weak", "tense"]
    for cid, _kind, _status, first, _name in shapes:
        start = ids.take("relationships", TIES_PER_CASE)
        for k in range(TIES_PER_CASE):
            yield (start + k, cid, first + k, first + k + 1, TIE_KINDS[(cid + k) % 6],
                   qualities[(cid + 3 * k) % 4])


def _conferences_and_plans(conn, ids: Ids, shapes, staff: Staff, rnd) -> dict[str, int]:
    """A conference for every case past preparation; one or two plan versions for the cases
    in follow-up or closed, the actions spread evenly over all plan versions."""
    conferences, invitations, plans = [], [], []
    for index, (cid, _kind, status, first, _name) in enumerate(shapes):
        if status not in ("conference", "follow_up", "closed"):
            continue
        conference_id = ids.take("conferences")
        starts = NOW - timedelta(days=rnd.randrange(30, 2900))
        conferences.append((conference_id, cid, starts,
                            staff.coordinators[index % len(staff.coordinators)],
                            "Buurthuis De Linde"))
        for k in range(8):
            invitations.append((ids.take("invitations"), conference_id, first + k,
                                "family" if k < 3 else "network", "attended"))
        if status == "conference":
            continue
        versions = 2 if index % 2 else 1
        previous = None
        for version in range(1, versions + 1):
            plan_id = ids.take("plans")
            plan_status = "accepted" if version == versions else "superseded"
            plans.append((plan_id, cid, conference_id, version, previous, plan_status,
                          first + 1, starts.date() + timedelta(days=90)))
            previous = plan_id
    counts = {
        "conferences": write(conn, "conferences", [
            "id", "case_id", "starts_at", "coordinator_id", "venue_address"], conferences),
        "invitations": write(conn, "invitations", [
            "id", "conference_id", "person_id", "role", "status"], invitations),
        "plans": write(conn, "plans", [
            "id", "case_id", "conference_id", "version", "previous_id", "status", "monitor_id",
            "evaluation_date"], plans),
    }
    total = len(shapes) * ACTIONS_PER_CASE
    counts["actions"] = write(conn, "actions", [
        "id", "plan_id", "position", "what", "when_date", "status"],
        _actions(plans, total, ids, rnd)) if plans else 0
    return counts


def _actions(plans, total: int, ids: Ids, rnd) -> Iterator[tuple]:
    statuses = ["open", "in_progress", "done", "done", "not_done"]
    each, extra = divmod(total, len(plans))
    first = ids.take("actions", total)
    number = 0
    days = [timedelta(days=d) for d in range(80)]
    for index, plan in enumerate(plans):
        evaluation = plan[7]
        for position in range(each + (1 if index < extra else 0)):
            yield (first + number, plan[0], position, TASKS[(number * 7) % len(TASKS)],
                   evaluation - days[(number * 13) % 80], statuses[(number * 3 + index) % 5])
            number += 1


def _jobs(conn, ids: Ids, shapes, staff: Staff, rnd) -> dict[str, int]:
    """Goals, contact logs and (for half of them) a saved map for every work case."""
    goals, contacts, snapshots = [], [], []
    outcomes = ["introduction", "tip", "advice", "no_answer", "not_now"]
    for index, (cid, kind, _status, first, _name) in enumerate(shapes):
        if kind != "work":
            continue
        for k in range(2):
            goals.append((ids.take("goals"), cid, k, "Werk als logistiek planner",
                          "open" if k == 0 else "reached"))
        for k in range(6):
            day = NOW.date() - timedelta(days=rnd.randrange(200))
            follow_up = day + timedelta(days=14) if k % 2 else None
            contacts.append((ids.take("contact_logs"), cid, first + 1 + k,
                             f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", day, "phone",
                             rnd.choice(outcomes), follow_up))
        if index % 2 == 0:
            people = [{"id": first + k, "is_client": k == 0, "ring": 1 + k % 3,
                       "sector": SECTORS[k % 5], "support": []}
                      for k in range(PEOPLE_PER_CASE - 2)]
            snapshots.append((ids.take("network_snapshots"), cid, "Intake",
                              NOW - timedelta(days=100), {"people": people, "ties": []}))
    return {
        "goals": write(conn, "goals", ["id", "case_id", "position", "text", "status"], goals),
        "contact_logs": write(conn, "contact_logs", [
            "id", "case_id", "person_id", "person_name", "contacted_on", "channel", "outcome",
            "follow_up_on"], contacts),
        "network_snapshots": write(conn, "network_snapshots", [
            "id", "case_id", "label", "taken_at", "data"], snapshots),
    }
