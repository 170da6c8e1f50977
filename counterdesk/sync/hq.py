"""Head office's database: create or upgrade its schema, register branches and their roles.

``counterdesk hq init URL`` (:func:`init_hq`) and ``counterdesk hq add-branch CODE``
(:func:`add_branch`) run once per HQ database and once per branch, by an administrator whose
URL names a role allowed to create roles (a superuser, or one with CREATEROLE that owns the
database). The schema itself is :mod:`counterdesk.sync.hq_schema`.

A branch's password is never an argument, a config value or a log line: it comes from
``COUNTERDESK_HQ_PASSWORD`` or the OS keyring (:func:`hq_password`), and the server only ever
receives its SCRAM-SHA-256 verifier (:func:`scram_verifier`), not the password itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from counterdesk.core.branch import BRANCH_CODE_PATTERN, is_branch_code
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.queue.postgres import PgAddress, application_name, check_role_name
from counterdesk.sync.hq_schema import HQ_SCHEMA_VERSION, HQ_VERSIONS, MONTHS_AHEAD, MONTHS_BACK

#: Where ``hq add-branch`` (and later a terminal's sync) finds a branch role's password.
PASSWORD_ENV = "COUNTERDESK_HQ_PASSWORD"
#: The OS keyring's service name; the keyring's user name is the branch's role name.
KEYRING_SERVICE = "counterdesk-hq"
#: The role that owns the HQ schema unless ``hq init --owner-role`` names another.
DEFAULT_OWNER = "counterdesk_hq_owner"
#: The prefix of every branch's login role: ``cd_branch_`` + the branch code in lower case.
BRANCH_ROLE_PREFIX = "cd_branch_"
#: Serialises two administrators running ``hq init`` or ``hq add-branch`` at once.
_LOCK = 0x636B6468  # "ckdh"
_SCRAM_ITERATIONS = 4096


class HqUsageError(DomainError):
    """A refusal before the server was touched: a bad branch code, role name or password."""


@dataclass(frozen=True)
class HqRoles:
    """The two roles an HQ database is set up with.

    Attributes:
        owner: owns the schema ``hq`` and every object in it (no login).
        branches: the group role every branch's login role belongs to; it holds the grants.
    """

    owner: str
    branches: str

    @classmethod
    def for_owner(cls, owner: str) -> HqRoles:
        """The roles of an owner: the group is named after it (``<owner>_branches``).

        Raises:
            HqUsageError: not a plain role name short enough to carry the suffix.
        """
        try:
            check_role_name(owner)
        except ValueError as exc:
            raise HqUsageError(str(exc)) from exc
        if len(owner) > 54:
            raise HqUsageError(
                QT_TRANSLATE_NOOP("domain", "owner role {role!r} is longer than 54 characters"),
                role=owner,
            )
        return cls(owner, f"{owner}_branches")


@dataclass(frozen=True)
class InitResult:
    """What ``hq init`` did.

    Attributes:
        before: the schema version before.
        after: the schema version after.
        roles: the owner and branches roles.
        months_created: monthly partitions this run created (each run keeps months ready
            around now and moves rows out of DEFAULT into them).
    """

    before: int
    after: int
    roles: HqRoles
    months_created: int = 0


@dataclass(frozen=True)
class BranchAdded:
    """A branch registered at head office and the login role its terminals use."""

    code: str
    name: str
    role: str


def check_branch_code(code: str) -> str:
    """The code, if it is a valid branch code (the config's ``[branch] code`` rule).

    Raises:
        HqUsageError: naming the code and the rule.
    """
    if not is_branch_code(code):
        raise HqUsageError(
            QT_TRANSLATE_NOOP("domain", "{code!r} is not a branch code (expected {pattern})"),
            code=code,
            pattern=BRANCH_CODE_PATTERN,
        )
    return code


def branch_role(code: str) -> str:
    """The login role of a branch: ``cd_branch_`` + its code in lower case.

    Codes that differ only in case share a role, so ``hq add-branch`` refuses the second.

    Raises:
        HqUsageError: not a branch code.
    """
    return BRANCH_ROLE_PREFIX + check_branch_code(code).lower()


def hq_password(role: str, environ: Mapping[str, str] | None = None) -> str | None:
    """A branch role's password: ``COUNTERDESK_HQ_PASSWORD``, else the OS keyring, else None.

    The keyring entry is service ``counterdesk-hq``, user ``role``. A keyring that cannot be
    used (no backend, locked) counts as no password.
    """
    environ = os.environ if environ is None else environ
    password = environ.get(PASSWORD_ENV)
    if password:
        return password
    try:
        import keyring
        import keyring.errors

        stored = keyring.get_password(KEYRING_SERVICE, role)
    except (keyring.errors.KeyringError, RuntimeError):
        return None
    return stored or None


def scram_verifier(
    password: str, *, salt: bytes | None = None, iterations: int = _SCRAM_ITERATIONS
) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802, RFC 7677).

    Sent instead of the password, so that neither the server's statement log nor
    ``pg_stat_activity`` ever shows it. Only printable ASCII passwords are taken: PostgreSQL
    prepares other passwords with SASLprep, which this does not reproduce.

    Raises:
        HqUsageError: the password is empty or not printable ASCII.
    """
    if not re.fullmatch(r"[\x21-\x7e][\x20-\x7e]*", password):
        raise HqUsageError(
            QT_TRANSLATE_NOOP(
                "domain", "the branch password must be printable ASCII characters, not empty"
            )
        )
    salt = secrets.token_bytes(16) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("ascii"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def connect_admin(url: str) -> Any:
    """A psycopg2 connection for the administrator's URL (not autocommit).

    The password is the URL's, else libpq's own (``PGPASSWORD``, ``~/.pgpass``).

    Raises:
        ValueError: not a postgresql:// URL with a database name (nothing was touched).
        psycopg2.Error: the server cannot be reached or refuses the connection.
    """
    import psycopg2

    address = PgAddress.parse(url)
    password = urlsplit(url).password
    kwargs: dict[str, Any] = {
        "dbname": address.dbname,
        "user": address.user,
        "host": address.host,
        "port": address.port,
        "connect_timeout": 3,
        "application_name": application_name("hq-admin"),
        "options": "-c statement_timeout=60000 -c lock_timeout=10000",
    }
    if password:
        kwargs["password"] = unquote(password)
    return psycopg2.connect(**kwargs)


def hq_schema_version(cursor: Any) -> int:
    """The HQ schema version of the connected database (0: none there yet)."""
    cursor.execute("SELECT to_regclass('hq.hq_meta') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return 0
    cursor.execute("SELECT version FROM hq.hq_meta WHERE component = 'hq'")
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def _newer_schema(have: int) -> DomainError:
    return DomainError(
        QT_TRANSLATE_NOOP(
            "domain",
            "the HQ database has schema {have}, newer than this program's {known}; "
            "upgrade counterdesk here before running hq commands",
        ),
        have=have,
        known=HQ_SCHEMA_VERSION,
    )


def _statement(text: str, roles: HqRoles) -> Any:
    from psycopg2 import sql

    return sql.SQL(text).format(
        owner=sql.Identifier(roles.owner), branches=sql.Identifier(roles.branches)
    )


def _role_exists(cursor: Any, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    return cursor.fetchone() is not None


def _stored_roles(cursor: Any) -> HqRoles:
    cursor.execute("SELECT key, value FROM hq.hq_setting WHERE key IN ('owner', 'branches')")
    values = dict(cursor.fetchall())
    return HqRoles(values["owner"], values["branches"])


def init_hq(url: str, owner: str | None = None, *, target: int = HQ_SCHEMA_VERSION) -> InitResult:
    """Create or upgrade the HQ schema (idempotent, one transaction); return what it did.

    Creates the owner role and the branches' group role (no login) when missing, the schema
    ``hq`` owned by the owner, and runs each version the database lacks as the owner. Refuses
    ``public``'s CREATE to everyone, so no branch role can create tables anywhere.

    Args:
        url: the administrator's ``postgresql://ROLE@HOST/DB``.
        owner: the owner role (default :data:`DEFAULT_OWNER`); an upgrade keeps the one the
            schema was created with and refuses another.
        target: the version to reach (tests build every older shipped version with it).

    Raises:
        ValueError: a bad URL (nothing touched).
        HqUsageError: a bad owner role name (nothing touched).
        DomainError: the database holds a newer schema, or another owner's.
        psycopg2.Error: the server's refusal (the transaction is rolled back).
    """
    PgAddress.parse(url)
    wanted = HqRoles.for_owner(owner or DEFAULT_OWNER)
    conn = connect_admin(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            have = hq_schema_version(cur)
            if have > HQ_SCHEMA_VERSION:
                raise _newer_schema(have)
            roles = _stored_roles(cur) if have else wanted
            if owner is not None and roles.owner != owner:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain", "the HQ schema is owned by {have}, not {wanted}; nothing changed"
                    ),
                    have=roles.owner,
                    wanted=owner,
                )
            if have >= target:
                months = _ensure_partitions(cur, roles, have)
                return InitResult(have, have, roles, months)
            if have == 0:
                _create_roles_and_schema(cur, roles)
            cur.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            cur.execute(_statement("SET LOCAL ROLE {owner}", roles))
            for version in range(have + 1, target + 1):
                for text in HQ_VERSIONS[version]:
                    cur.execute(_statement(text, roles))
            cur.execute(
                "INSERT INTO hq.hq_meta (component, version) VALUES ('hq', %s) "
                "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                (target,),
            )
            cur.execute(
                "INSERT INTO hq.hq_setting (key, value) VALUES ('owner', %s), ('branches', %s) "
                "ON CONFLICT (key) DO NOTHING",
                (roles.owner, roles.branches),
            )
            cur.execute("RESET ROLE")
            months = _ensure_partitions(cur, roles, target)
        return InitResult(have, target, roles, months)
    finally:
        conn.close()


def _ensure_partitions(cur: Any, roles: HqRoles, version: int) -> int:
    """Create the partitioned tables' months around now (as the owner); how many were new.

    Moves the rows of each new month out of the table's DEFAULT partition (schema 3 on).
    """
    if version < 3:
        return 0
    cur.execute(_statement("SET LOCAL ROLE {owner}", roles))
    cur.execute("SELECT hq.hq_ensure_partitions(%s, %s)", (MONTHS_BACK, MONTHS_AHEAD))
    created = int(cur.fetchone()[0])
    cur.execute("RESET ROLE")
    return created


def _create_roles_and_schema(cur: Any, roles: HqRoles) -> None:
    from psycopg2 import sql

    for role in (roles.owner, roles.branches):
        if not _role_exists(cur, role):
            cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cur.fetchone()[0]:
        # A non-superuser administrator must be a member of the owner to act as it.
        cur.execute(_statement("GRANT {owner} TO CURRENT_USER", roles))
    cur.execute(_statement("CREATE SCHEMA hq AUTHORIZATION {owner}", roles))


def add_branch(url: str, code: str, password: str, name: str = "") -> BranchAdded:
    """Register a branch and create its login role (one transaction; nothing on refusal).

    The role logs in with ``password`` (sent as its SCRAM verifier), belongs to the branches'
    group role and so may write its own branch's rows only; its ``search_path`` in this
    database is ``hq``.

    Raises:
        ValueError: a bad URL (nothing touched).
        HqUsageError: a bad branch code or password (nothing touched).
        DomainError: no HQ schema, an older or newer one, the branch or its role exists.
        psycopg2.Error: the server's refusal (the transaction is rolled back).
    """
    from psycopg2 import sql

    address = PgAddress.parse(url)
    role = branch_role(code)
    verifier = scram_verifier(password)
    conn = connect_admin(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            have = hq_schema_version(cur)
            if have > HQ_SCHEMA_VERSION:
                raise _newer_schema(have)
            if have < HQ_SCHEMA_VERSION:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the HQ database has schema {have}, not {known}; run counterdesk hq "
                        "init first",
                    ),
                    have=have,
                    known=HQ_SCHEMA_VERSION,
                )
            roles = _stored_roles(cur)
            cur.execute("SELECT 1 FROM hq.branch WHERE lower(code) = lower(%s)", (code,))
            if cur.fetchone() is not None:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "branch {code} is already registered"),
                    code=code,
                )
            if _role_exists(cur, role):
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "the role {role} already exists on this server; nothing was changed",
                    ),
                    role=role,
                )
            cur.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(role), sql.Literal(verifier), sql.Identifier(roles.branches)
                )
            )
            cur.execute(
                sql.SQL("ALTER ROLE {} IN DATABASE {} SET search_path = hq").format(
                    sql.Identifier(role), sql.Identifier(address.dbname)
                )
            )
            cur.execute(_statement("SET LOCAL ROLE {owner}", roles))
            cur.execute(
                "INSERT INTO hq.branch (code, name, role_name) VALUES (%s, %s, %s)",
                (code, name, role),
            )
            cur.execute("RESET ROLE")
        return BranchAdded(code, name, role)
    finally:
        conn.close()


def branch_connection(url: str, branch_code: str, password: str | None, *, options: str) -> Any:
    """A psycopg2 connection to HQ as the branch's login role (what the push and the pull use).

    The URL gives host, port and database; its user name is ignored for the branch's role.

    Args:
        url: HQ's ``postgresql://…/DB``.
        branch_code: this branch: the role connected as is ``branch_role(branch_code)``.
        password: the role's password (None: the server's own rule, trust here).
        options: server settings for the session (``-c statement_timeout=…``).

    Raises:
        ValueError: not a postgresql:// URL with a database name (nothing touched).
        HqUsageError: not a branch code.
        psycopg2.Error: HQ unreachable or the login refused.
    """
    import psycopg2

    address = PgAddress.parse(url)
    kwargs: dict[str, Any] = {
        "dbname": address.dbname,
        "user": branch_role(branch_code),
        "host": address.host,
        "port": address.port,
        "connect_timeout": 5,
        "application_name": application_name("sync"),
        "options": options,
    }
    if password:
        kwargs["password"] = password
    return psycopg2.connect(**kwargs)
