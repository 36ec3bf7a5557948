"""Where the desk lives: a database URL from an option, the environment, or the default file.

`resolve_url` is the one place a database URL is read and checked: whatever names a
database (`--db`, `$CLAIMS_DB`, `claims db copy --to`) goes through it, so an unsupported
or incomplete URL is refused with one line before any driver sees it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_data_path

from db.errors import DatabaseError

ENV_VAR = "CLAIMS_DB"

SUPPORTED = ("an SQLite file path (or sqlite:///PATH) or a PostgreSQL URL "
             "(postgresql://USER@HOST[:PORT]/DATABASE)")
# Backends and the drivers that ship with claims; psycopg 3 for PostgreSQL.
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# libpq takes a URL's query keys as connection parameters, and they win over the URL's own
# parts: "/a?dbname=c" stores the desk in c while `db path` says a. These choose the
# database or the login outright (a service names both); "write it in the URL instead".
_PG_ALWAYS_OVERRIDES = {"dbname": "the database after the last /", "user": "the user as USER@",
                        "service": "the server and database", "servicefile": "the server and database"}
# These choose the server; alone (postgresql://ana@/claims?host=/run/postgresql, SQLAlchemy's
# form for a Unix socket) they override nothing, beside a host or port in the URL they do.
_PG_SERVER_KEYS = ("host", "hostaddr", "port")


def default_sqlite_path() -> Path:
    try:
        return user_data_path("claims", appauthor=False) / "claims.db"
    except RuntimeError:  # HOME unset and a user the system lists no home for: a traceback
        raise DatabaseError("no database given, and no home folder to keep the default one in (HOME is "
                            "not set, and the system names none for this user); give --db or $CLAIMS_DB, "
                            "or set HOME or XDG_DATA_HOME") from None


def _masked(value: str) -> str:
    """A URL as given, password hidden, for a message about a URL that does not parse."""
    value = re.sub(r"(://[^:/@\s]*:)[^@/\s]*@", r"\1***@", value)
    return re.sub(r"([?&][^=&#]*password=)[^&#]*", r"\1***", value, flags=re.IGNORECASE)  # libpq's ?password=


def _refuse(value: str, why: str) -> DatabaseError:
    return DatabaseError(f"database {_masked(value)!r}: {why}; claims works with {SUPPORTED}")


def _is_utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def url_name(path: Path | str) -> str:
    """A file's name (as Python holds it) as the UTF-8 text a database URL carries: the same
    text under a UTF-8 locale; under a C locale, 'désk.db' where Python holds 'd\udcc3\udca9sk.db'."""
    return os.fsencode(path).decode("utf-8")


def os_path(name: str) -> Path:
    """The file a database URL's UTF-8 name is opened by (the inverse of `url_name`)."""
    return Path(os.fsdecode(name.encode("utf-8", "surrogateescape")))


def local_path(value: str) -> Path:
    """An SQLite file path as typed, absolute; `~user` must name a user with a home folder, and
    a path ending in a separator names a folder (pathlib drops it: `--db x.db/` made x.db)."""
    if value.strip("-") == "":  # '-' (as for standard input) made a desk named '-' in the current folder
        raise DatabaseError(f"the database path {value!r} is no file name ('-' stands for standard input or "
                            "output); give the path of a file (./- if you mean that name)")
    if len(value) > 1 and value.endswith((os.sep, os.altsep or os.sep)):
        raise DatabaseError(f"the database path {value!r} ends in '{os.sep}', which names a folder; "
                            "give the path of a file")
    if os.path.basename(value) in (".", ".."):  # 'x.db/.' opened (or made) x.db
        raise DatabaseError(f"the database path {value!r} ends in {os.path.basename(value)!r}, which names a "
                            "folder; give the path of a file")
    try:
        expanded = Path(value).expanduser()
    except RuntimeError:  # "~nosuchuser/x.db": pathlib cannot tell whose home that is
        user = value.split("/", 1)[0]
        raise DatabaseError(f"the database path {value!r}: {user} is no user with a home folder; "
                            "give the path in full") from None
    try:
        path = expanded.resolve()
    except RuntimeError:  # pathlib's "Symlink loop" (it was reported as a ~user naming no user)
        raise DatabaseError(f"the database path {value!r}: its symbolic links lead round in a loop; "
                            "give the path of a file") from None
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError as exc:
        # Python holds a name's non-UTF-8 bytes as lone surrogates; a database URL cannot carry
        # them (a traceback from every command given such a --db, $CLAIMS_DB or HOME). A UTF-8
        # name under a C locale (`PYTHONUTF8=0 LC_ALL=C`: file names read as ASCII, 'désk.db'
        # held as 'd\udcc3\udca9sk.db') is carried as its UTF-8 text (`url_name`, `os_path`).
        if _is_utf8(os.fsencode(path)):
            return path
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        byte = os.fsencode(str(path)[exc.start])[0]
        raise DatabaseError(f"the database path '{shown}' is not UTF-8 text (byte 0x{byte:02x}); "
                            "keep the database under a UTF-8 name (rename the file or folder)") from None
    return path


def resolve_url(value: str | None = None) -> str:
    """Turn `--db`, `$CLAIMS_DB` or nothing into a checked SQLAlchemy URL.

    A value with `://` is a URL: SQLite (`sqlite:///PATH`, made absolute) or PostgreSQL
    (`postgresql://`, `postgres://` or `postgresql+psycopg://`, with a database name);
    anything else is refused as a DatabaseError saying what is supported. A value without
    `://` is a path to an SQLite file; `:memory:` stands for an in-memory database.
    """
    if value is None:
        value = os.environ.get(ENV_VAR) or str(default_sqlite_path())
    elif not value.strip():
        raise DatabaseError(f"the database is given as an empty string; give {SUPPORTED}")
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    if "://" not in value:
        if value.strip() == ":memory:":
            return "sqlite://"
        # The path as written: built as a URL, not pasted into one ("a?b.db" is no query,
        # "a%20b.db" no space).
        path = local_path(value)
        return URL.create("sqlite", database=url_name(path)).render_as_string(hide_password=False)
    try:
        url = make_url(value)
        port = url.port
    except (ArgumentError, ValueError) as exc:
        reason = "the port is not a number" if isinstance(exc, ValueError) else "not a URL claims can read"
        raise _refuse(value, reason) from None
    parts = [url.username, url.password, url.host, url.database, *url.query.keys(),
             *(v for vs in url.query.values() for v in ([vs] if isinstance(vs, str) else vs))]
    if any(_CONTROL.search(p) for p in parts if p):
        # a driver would cut the URL at a NUL: "/%00" is then the server's default database
        raise _refuse(value, "it holds a control character (such as %00)")
    driver = url.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        if url.host or url.username or port:
            raise _refuse(value, "an SQLite URL names a file, not a host (three slashes: sqlite:///PATH)")
        if url.database in (None, "", ":memory:") or url.query.get("mode") == "memory":
            return "sqlite://"
        if "#" in str(value):
            # the file 'x.db#frag' would be a new, empty desk: a URL's '#' starts its fragment
            raise _refuse(value, "an SQLite URL holds no '#' (a URL's fragment): a '#' in a file name is "
                                 "written %23, or give the file's path without sqlite:///")
        if url.query:
            # the driver would ignore it with a warning: "sqlite:///q?x=1.db" is the file q
            raise _refuse(value, "an SQLite URL takes no query (?...): a '?' in a file name is written "
                                 "%3F, or give the file's path without sqlite:///")
        path = local_path(url.database)
        return url.set(drivername="sqlite", database=url_name(path)).render_as_string(hide_password=False)
    if driver in _POSTGRES_DRIVERS:
        if port is not None and not 0 < port < 65536:
            raise _refuse(value, f"port {port} is out of range")
        if not url.database:
            raise _refuse(value, "the URL names no database (a desk on the server's default database "
                                 "would mix with whatever else is there): add one, e.g. .../claims")
        _refuse_overrides(value, url)
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    backend = driver.partition("+")[0]
    if backend in ("postgresql", "sqlite"):
        why = f"the driver {driver.partition('+')[2]!r} does not ship with claims"
    else:
        why = f"{backend or 'that'} databases are not supported"
    raise _refuse(value, why)


def _refuse_overrides(value: str, url) -> None:
    """A PostgreSQL query key (or PGOPTIONS, which libpq reads where the URL gives no
    `options`) that would send the data elsewhere than the URL says."""
    given = os.environ.get("PGOPTIONS", "")
    if not any(k.strip().lower() == "options" for k in url.query) and (setting := _schema_setting(given)):
        raise _refuse(value, f"the environment's PGOPTIONS sets {setting}, which would put the desk's "
                             f"tables in another schema of the database: unset it, or leave {setting} "
                             "out of it")
    for key, values in url.query.items():
        if not isinstance(values, str):
            # the driver was given the tuple's text: "invalid sslmode value: \"('disable',
            # 'require')\"", or an application_name of "('a', 'b')" without a word
            given = ", ".join("***" if "password" in key.lower() else repr(v) for v in values)
            raise _refuse(value, f"the query key {key!r} is given {len(values)} times ({given}): give it once")
        name = key.strip().lower()
        if name == "options":
            setting = next(filter(None, map(_schema_setting, [values] if isinstance(values, str) else values)),
                           None)
            if setting:
                raise _refuse(value, f"the query key {key!r} sets {setting}, which would put the desk's tables "
                                     "in another schema of the database (a desk is the URL's database, its "
                                     f"default schema); leave {setting} out of it (other options still work)")
        if name in _PG_ALWAYS_OVERRIDES:
            raise _refuse(value, f"the query key {key!r} would override where the data goes (the driver "
                                 f"takes it over the URL's own parts): give {_PG_ALWAYS_OVERRIDES[name]} "
                                 "in the URL instead")
        if name in _PG_SERVER_KEYS and (url.host or url.port):
            raise _refuse(value, f"the query key {key!r} would override the server the URL names (the "
                                 "driver takes it over HOST[:PORT]): give the server once, in the URL")


# The server's switches (postgres.c, process_postgres_switches) with an argument; `-c NAME=VALUE`
# and `--NAME=VALUE` set a setting.
_PG_SWITCHES_WITH_ARG = set("BcCDdfhkNprStvW-")


def _options_words(options: str) -> list[str]:
    """libpq's `options` split as the server splits it (pg_split_opts): at whitespace, a
    backslash keeping the next character ('search\\_path' is search_path)."""
    words, word, escaped, open_word = [], [], False, False
    for ch in options:
        if escaped:
            word.append(ch)
            escaped = False
        elif ch == "\\":
            escaped, open_word = True, True
        elif ch.isspace():
            if open_word:
                words.append("".join(word))
            word, open_word = [], False
        else:
            word.append(ch)
            open_word = True
    if open_word:
        words.append("".join(word))
    return words


# Settings that choose the schema a desk's tables go to: search_path itself, and the role a
# session runs as, which the default search_path ('"$user", public') names first, so
# `-c role=X` put the desk in schema X where one exists.
_SCHEMA_SETTINGS = ("search_path", "role", "session_authorization")


def _schema_setting(options: str) -> str | None:
    """The setting that picks the schema (`_SCHEMA_SETTINGS`) a libpq `options` value sets,
    in any spelling the server reads: `-csearch_path=x`, `-c search_path=x`,
    `--search_path=x`, `--search-path=x`, `-c role=x`, names in any case, switches run
    together (`-Ec search_path=x`); or None. Every word is read as a switch (a word that is
    a switch's argument too: refusing a little more is safe)."""
    words = _options_words(options)
    for i, word in enumerate(words):
        if not word.startswith("-"):
            continue
        for j in range(1, len(word)):
            if word[j] not in _PG_SWITCHES_WITH_ARG:
                continue  # a switch without an argument (-E, -F, ...): the next letter is another
            arg = word[j + 1:] or (words[i + 1] if i + 1 < len(words) else "")
            name = arg.partition("=")[0].strip().lower().replace("-", "_")
            if word[j] in "c-" and name in _SCHEMA_SETTINGS:
                return name
            break
    return None


def is_in_memory(url: str) -> bool:
    """An SQLite database that lives only as long as its connection: nothing is kept."""
    return url == "sqlite://"


def sqlite_path(url: str) -> Path | None:
    """The file behind a resolved SQLite URL, or None for other backends and in-memory databases."""
    if not url.startswith("sqlite") or is_in_memory(url):
        return None
    from sqlalchemy.engine import make_url

    return os_path(make_url(url).database)


def display_url(url: str) -> str:
    """Where the desk is, for messages: an SQLite file's path, else the URL with any
    password masked."""
    from sqlalchemy.engine import make_url

    path = sqlite_path(url)  # its name as text ('désk.db' where a C locale holds 'd\udcc3\udca9sk.db')
    return make_url(url).database if path is not None else make_url(url).render_as_string(hide_password=True)


# '$HOME', '${HOME}', '%USERPROFILE%': a variable in a path that no shell expanded
_UNEXPANDED = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%")


def unexpanded_variable(path: str) -> str | None:
    """The first variable in `path` that nothing replaced ('$HOME' from a unit or .env file), or None."""
    found = _UNEXPANDED.search(path)
    return found[0] if found else None
