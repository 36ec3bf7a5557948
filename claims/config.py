"""Settings: one TOML file in the user's config folder (`claims config path` prints where).

Every key is optional; a missing file means the defaults. `CLAIMS_CONFIG` names another file.

    [organisation]            # the author of published ClaimReview markup
    name = "Harbour Fact Desk"
    url = "https://factdesk.example"

    [review]
    default_reviewer = "ana"

    [verdicts.false]          # label (ClaimReview alternateName) and numeric rating per verdict
    label = "False"
    value = 1                 # leave out for a verdict off the numeric scale

    [rating]
    best = 5
    worst = 1

    [matching]                # scores 0..100; unset means the matcher's own defaults
    confirm_threshold = 90
    suggest_threshold = 44
    min_words_auto = 8

    [web]
    timeout = 20              # seconds, per read
    max_mb = 10               # largest page fetched
    delay = 1                 # seconds between two requests to one host (or robots.txt's Crawl-delay)
    allow_private_addresses = false  # true: feed links and redirects may reach 127.0.0.1, 10.x, 169.254.x...

    [watch]                   # `claims watch run`
    notify_command = "notify-send claims"  # run for each new repeat, the repeat as JSON on stdin
    notify_timeout = 10       # seconds a notify_command may run
    lease = 300               # seconds a poller holds a source without renewing it
    max_entries = 200         # a feed's new entries read in one poll; the rest on the next

    [triage]                  # the queue's priority (README: "Check-worthiness and the queue's order")
    worth = 1.0               # x the model's check-worthiness (0..1)
    spread = 0.2              # x ln(appearances)
    outlets = 0.3             # x ln(distinct outlets)
    recency = 0.1             # per 30 days newer
    checked = 1.0             # less when it matches an already checked claim
    held = 0.5                # less while a reviewer holds it
    done = 2.0                # less once verified or not checkable

    [keys]                    # desk bindings by id: action id = key
    set-verdict-false = "5"
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

from claims import untrusted
from claims.errors import ClaimsError
from claims.limits import (
    checked_name,
    control_problem,
    line_control_problem,
    message_line,
    name_problem,
    one_line,
    text_problem,
)
from claims.links import check_url
from claims.paths import typed_path
from claims.vocab import VERDICT_LABEL, VERDICT_RATING, Verdict

ENV_VAR = "CLAIMS_CONFIG"
NO_HOME = "there is no home folder (HOME is not set, and the system names none for this user)"
MAX_SETTINGS_BYTES = 2**20  # a settings file is a page of TOML


def home_folder() -> Path | None:
    """The user's home folder: $HOME when it is a full path, else the one the system lists for
    the user (Windows, which has no `pwd`: %USERPROFILE%); None where there is none. pathlib
    took HOME="" as "/": keys.toml and filters.json were looked for, and filters saved, under
    /.config, while platformdirs put config.toml in the listed home."""
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return Path(home)
    try:
        import pwd
    except ImportError:  # Windows
        listed = os.environ.get("USERPROFILE", "")
    else:
        try:
            listed = pwd.getpwuid(os.getuid()).pw_dir
        except KeyError:  # a uid the system lists no user for
            return None
    return Path(listed) if os.path.isabs(listed) else None


def config_folder() -> Path | None:
    """The folder of claims' own settings files (config.toml, keys.toml, filters.json):
    $XDG_CONFIG_HOME/claims when it is a full path, else ~/.config/claims; on macOS and Windows
    where platformdirs says (~/Library/..., %APPDATA%: keys.toml and filters.json were looked for
    under ~/.config, apart from config.toml); None where there is no home folder (HOME unset and
    none for the user, as in a service or a container)."""
    if sys.platform in ("darwin", "win32"):
        try:
            return user_config_path("claims", appauthor=False)
        except RuntimeError:
            return None
    return _xdg_folder()


def _xdg_folder() -> Path | None:
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "claims"
    home = home_folder()
    return home / ".config" / "claims" if home is not None else None


def own_settings_file(name: str) -> Path | None:
    """The file `name` (keys.toml, filters.json) in `config_folder()`. On macOS and Windows
    earlier versions kept these two under ~/.config/claims ($XDG_CONFIG_HOME/claims): a file
    there, while there is none in the new folder, is the one read and saved (a user's saved
    filters and keys vanished on upgrade)."""
    folder = config_folder()
    new = folder / name if folder is not None else None
    if sys.platform in ("darwin", "win32"):
        old = _xdg_folder()
        try:
            if old is not None and (new is None or not new.exists()) and (old / name).exists():
                return old / name
        except OSError:  # a name longer than the system takes: looked for in the new folder
            pass
    return new


def config_path() -> Path:
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return typed_path(env)
    folder = config_folder()
    if folder is None:  # HOME unset and a user the system lists no home for: a traceback
        raise ClaimsError(f"the settings file: {NO_HOME}; set HOME, XDG_CONFIG_HOME or {ENV_VAR}")
    return folder / "config.toml"


def own_settings_files() -> list[Path]:
    """The files claims keeps its settings in (config.toml or $CLAIMS_CONFIG, keys.toml,
    filters.json), those it can name: what an export or a report must not be written over."""
    found = []
    for name in ("keys.toml", "filters.json"):
        if (path := own_settings_file(name)) is not None:
            found.append(path)
    try:
        if (path := settings_path()) is not None:
            found.append(path)
    except ClaimsError:  # a $CLAIMS_CONFIG no file can have: none to keep
        pass
    return found


def settings_path() -> Path | None:
    """`config_path()`, or None where there is no home folder to hold the file (HOME unset in
    a service or a container): then there is no settings file, and the defaults apply, as
    where the file is absent; `claims config path` and `init` say why there is none."""
    try:
        return config_path()
    except ClaimsError:
        if os.environ.get(ENV_VAR, "").strip():
            raise
        return None


@dataclass(frozen=True, slots=True)
class VerdictScale:
    label: str
    value: int | None


@dataclass(frozen=True, slots=True)
class Settings:
    organisation_name: str | None = None
    organisation_url: str | None = None
    default_reviewer: str | None = None
    verdicts: dict[str, VerdictScale] = field(default_factory=lambda: {
        v.value: VerdictScale(VERDICT_LABEL[v], VERDICT_RATING[v]) for v in Verdict
    })
    best_rating: int = 5
    worst_rating: int = 1
    confirm_threshold: float | None = None
    suggest_threshold: float | None = None
    min_words_auto: int | None = None
    web_timeout: float = 20.0
    web_max_mb: float = 10.0
    web_delay: float = 1.0  # seconds between the starts of two requests to one host
    web_allow_private_addresses: bool = False  # see claims.web.addresses
    notify_command: str | tuple[str, ...] | None = None  # text runs through sh -c; a list as it is
    notify_timeout: float = 10.0
    watch_lease: float = 300.0
    watch_max_entries: int = 200  # a feed's new entries one poll reads: 60,000 held the lease for hours
    keys: dict[str, str] = field(default_factory=dict)
    triage: dict[str, float] = field(default_factory=dict)  # [triage] weights set in the file
    source: Path | None = None  # the file read, or None when there was none

    def label(self, verdict: str) -> str:
        scale = self.verdicts.get(verdict)
        return scale.label if scale else verdict.replace("_", " ").capitalize()

    def rating(self, verdict: str) -> int | None:
        scale = self.verdicts.get(verdict)
        return scale.value if scale else None

    def verdict_for_label(self, label: str) -> str | None:
        """The verdict whose label (or name) this is, ignoring case, spaces and dashes."""
        key = _fold(label)
        for name, scale in self.verdicts.items():
            if key in (_fold(scale.label), _fold(name)):
                return name
        return None

    def matching_overrides(self) -> dict[str, float]:
        """The thresholds the user set, for `claims.matching`'s settings (empty: its defaults)."""
        out = {}
        if self.confirm_threshold is not None:
            out["confirm_threshold"] = self.confirm_threshold
        if self.suggest_threshold is not None:
            out["suggest_threshold"] = self.suggest_threshold
        if self.min_words_auto is not None:
            out["min_words_auto"] = self.min_words_auto
        return out

    def match_settings(self):
        """`claims.matching.MatchSettings` with the thresholds set here, the matcher's defaults else."""
        from claims.matching.decision import MatchSettings

        try:
            return MatchSettings(**self.matching_overrides())
        except ValueError as exc:
            where = self.source or "settings"
            raise ClaimsError(f"{where}: [matching]: {exc}") from None

    def fetch_limits(self):
        """`claims.web.fetch.FetchLimits` with the [web] timeout and size limit."""
        from claims.web.limits import FetchLimits

        return FetchLimits(read_timeout=self.web_timeout, max_bytes=int(self.web_max_mb * 2**20),
                           allow_private_addresses=self.web_allow_private_addresses)


def _fold(text: str) -> str:
    """What a label reads as: its letters and digits, case ignored ('Half-true' is 'half true').

    A label with none ('✅', '❌', '?') reads as its signs, spaces, variation selectors and
    other invisible characters set aside: folded to nothing, every emoji label read as every
    other (two were refused as 'the same', an imported '❌' read as the first one's verdict)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    letters = "".join(ch for ch in text if ch.isalnum())
    return letters or "".join(ch for ch in text if not ch.isspace() and not _invisible(ch))


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cf", "Mn", "Me") and not ch.isalnum()


# The keys each table takes: one misspelt (`timout`, `notify_comand`) was ignored without a
# word, the setting meant left at its default. [keys] and [triage] check their own.
KNOWN_KEYS = {
    "organisation": ("name", "url"), "organization": ("name", "url"), "review": ("default_reviewer",),
    "rating": ("best", "worst"), "matching": ("confirm_threshold", "suggest_threshold", "min_words_auto"),
    "web": ("timeout", "max_mb", "delay", "allow_private_addresses"), "watch": ("notify_command", "notify_timeout", "lease", "max_entries"),
}
MAX_LABEL_CHARS = 100


def _section(data: dict, name: str, where: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ClaimsError(f"{where}: [{name}] must be a table of settings")
    _known_keys(value, f"[{name}]", KNOWN_KEYS.get(name), where)
    return value


def _known_keys(table: dict, name: str, known: tuple[str, ...] | None, where: str) -> None:
    unknown = sorted(set(table) - set(known)) if known is not None else []
    if unknown:
        raise ClaimsError(f"{where}: {name} unknown key {unknown[0]!r} (known: {', '.join(known)})")


def _label(spec: dict, where: str) -> str | None:
    """A verdict's label: one line a reader sees, that a terminal does not act on."""
    label = _str(spec, "label", where)
    if label is None:
        return None
    label = one_line(label)
    # a NUL (which `control_problem` leaves to `check_length`) was exported as the rating's
    # alternateName, and the import of that file refused it
    problem = "holds a NUL character" if "\x00" in label else control_problem(label) or name_problem(label)
    if problem:
        raise ClaimsError(f"{where} label {problem}")
    if len(label) > MAX_LABEL_CHARS:
        raise ClaimsError(f"{where} label: {len(label):,} characters; at most {MAX_LABEL_CHARS}")
    return label


def _labels_tell_verdicts_apart(verdicts: dict, where: str) -> None:
    """No label reads as another verdict's name or label: an import maps a label back to the
    first verdict it reads as, so `[verdicts.true] label = "False"` turned every exported
    false into true on the way back in."""
    seen: dict[str, tuple[str, str]] = {}
    for name, scale in verdicts.items():
        for key, what in ((_fold(name), f"the verdict name {name!r}"),
                          (_fold(scale.label), f"[verdicts.{name}] label {scale.label!r}")):
            other, other_what = seen.setdefault(key, (name, what))
            if other != name:
                how = ("case, spaces, punctuation and invisible characters set aside"
                       if any(ch.isalnum() for ch in key) else "read by its signs, spaces and invisible characters set aside")
                raise ClaimsError(
                    f"{where}: {other_what} and {what} read the same ({key!r}: {how}): an imported review "
                    "could not tell them apart (give each verdict a label of its own)")


def _str(table: dict, key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ClaimsError(f"{where}: {key} must be text, not {type(value).__name__}")
    return value.strip() or None


def _given(table: dict, key: str, where: str) -> str | None:
    """`key` as written, None when absent or "": a blank default reviewer ('   ') is refused
    where it is used (`claims.reviewer`), not taken as unset."""
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ClaimsError(f"{where}: {key} must be text, not {type(value).__name__}")
    return value or None


def _name(table: dict, key: str, where: str) -> str | None:
    """A name ClaimReview's author carries, held to the reviewer's rule (`checked_name`):
    an import reads the author back as the reviewer, so a name with a NUL, an escape, a line
    break or past 100 characters was exported into a file no import took back."""
    value = _str(table, key, where)
    if value is None:
        return None
    if problem := name_problem(value) or line_control_problem(value):
        raise ClaimsError(f"{where}: [organisation] {key} {problem}")
    return checked_name(value, f"{where}: [organisation] {key}")  # a NUL, an escape, the length


def _url(table: dict, key: str, where: str) -> str | None:
    value = _str(table, key, where)
    return check_url(value, f"{where} {key}") if value else None


def _number(table: dict, key: str, where: str, *, lo: float, hi: float) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise ClaimsError(f"{where}: {key} must be a number from {lo:g} to {hi:g}, not {value!r}")
    return float(value)


def _whole(table: dict, key: str, where: str, *, lo: int, hi: int) -> float | None:
    number = _number(table, key, where, lo=lo, hi=hi)
    if number is not None and number != int(number):
        raise ClaimsError(f"{where}: {key} must be a whole number, not {number:g}")
    return number


def _bool(table: dict, key: str, section: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ClaimsError(f"{where}: {section} {key} must be true or false, not {value!r}")
    return value


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def parse_settings(text: str, *, where: str = "config", source: Path | None = None) -> Settings:
    try:
        data = untrusted.toml_loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsError(f"{where}: not valid TOML ({exc})") from None
    known = {"organisation", "organization", "review", "verdicts", "rating", "matching", "web", "watch", "keys",
             "triage"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ClaimsError(f"{where}: unknown section(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    if "organisation" in data and "organization" in data:
        raise ClaimsError(f"{where}: both [organisation] and [organization]: give one (the other was ignored)")
    org = _section(data, "organisation", where) or _section(data, "organization", where)
    review = _section(data, "review", where)
    rating = _section(data, "rating", where)
    matching = _section(data, "matching", where)
    web = _section(data, "web", where)
    watch = _section(data, "watch", where)
    keys = _section(data, "keys", where)
    triage = _triage(_section(data, "triage", where), where)
    defaults = Settings()
    verdicts = dict(defaults.verdicts)
    for name, spec in _section(data, "verdicts", where).items():
        if name not in verdicts:
            raise ClaimsError(f"{where}: [verdicts.{name}]: unknown verdict (one of: {', '.join(verdicts)})")
        if not isinstance(spec, dict):
            raise ClaimsError(f"{where}: [verdicts.{name}] must be a table with label and value")
        _known_keys(spec, f"[verdicts.{name}]", ("label", "value"), where)
        label = _label(spec, f"{where}: [verdicts.{name}]") or verdicts[name].label
        value = spec.get("value", verdicts[name].value) if "value" in spec else verdicts[name].value
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ClaimsError(f"{where}: [verdicts.{name}] value must be a whole number")
        verdicts[name] = VerdictScale(label, value)
    _labels_tell_verdicts_apart(verdicts, where)
    best = _number(rating, "best", where, lo=-1000, hi=1000)
    worst = _number(rating, "worst", where, lo=-1000, hi=1000)
    confirm = _number(matching, "confirm_threshold", where, lo=0, hi=100)
    suggest = _number(matching, "suggest_threshold", where, lo=0, hi=100)
    min_words = _number(matching, "min_words_auto", where, lo=0, hi=1000)
    if confirm is not None and suggest is not None and suggest > confirm:
        raise ClaimsError(f"{where}: [matching] suggest_threshold ({suggest:g}) is above confirm_threshold ({confirm:g})")
    for key, number in (("best", best), ("worst", worst)):
        if number is not None and number != int(number):  # int() cut 4.5 to 4 without a word
            raise ClaimsError(f"{where}: [rating] {key} must be a whole number, not {number:g}")
    top = int(best) if best is not None else defaults.best_rating
    bottom = int(worst) if worst is not None else defaults.worst_rating
    if top == bottom:  # every verdict the same rating: ClaimReview's scale says nothing
        raise ClaimsError(f"{where}: [rating] best and worst are both {top}: a scale needs two ends")
    for name, scale in verdicts.items():
        if scale.value is not None and not min(top, bottom) <= scale.value <= max(top, bottom):
            raise ClaimsError(f"{where}: [verdicts.{name}] value {scale.value} is outside the rating scale "
                              f"({bottom} to {top})")
    # the desk shows an id and its key (the footer, `?`, a warning): an ESC in one retitled the terminal
    for name, value in keys.items():
        in_key = text_problem(value) if isinstance(value, str) else None
        if problem := text_problem(name) or in_key:
            raise ClaimsError(f"{where}: [keys] {message_line(name)}: {'its key' if in_key else 'the id'} {problem}")
    # "," names no key: it took the action's own key away without a word
    bad_keys = [k for k, v in keys.items() if not isinstance(v, str) or not any(p.strip() for p in v.split(","))]
    if bad_keys:
        raise ClaimsError(f"{where}: [keys] {bad_keys[0]} must be a key name such as \"5\" or \"ctrl+r\"")
    return Settings(
        organisation_name=_name(org, "name", where),
        organisation_url=_url(org, "url", f"{where}: [organisation]"),
        default_reviewer=_given(review, "default_reviewer", where),
        verdicts=verdicts,
        best_rating=int(best) if best is not None else defaults.best_rating,
        worst_rating=int(worst) if worst is not None else defaults.worst_rating,
        confirm_threshold=confirm,
        suggest_threshold=suggest,
        min_words_auto=int(min_words) if min_words is not None else None,
        web_timeout=_number(web, "timeout", where, lo=0.1, hi=600) or defaults.web_timeout,
        web_max_mb=_number(web, "max_mb", where, lo=0.01, hi=1024) or defaults.web_max_mb,
        web_delay=_or(_number(web, "delay", where, lo=0, hi=600), defaults.web_delay),
        web_allow_private_addresses=_bool(web, "allow_private_addresses", "[web]", where),
        notify_command=_command(watch, "notify_command", where),
        notify_timeout=_or(_number(watch, "notify_timeout", where, lo=0.1, hi=3600), defaults.notify_timeout),
        watch_lease=_or(_number(watch, "lease", where, lo=1, hi=86400), defaults.watch_lease),
        watch_max_entries=int(_or(_whole(watch, "max_entries", where, lo=1, hi=1_000_000), defaults.watch_max_entries)),
        keys={k: v.strip() for k, v in keys.items()},
        triage=triage,
        source=source,
    )


def _triage(table: dict, where: str) -> dict[str, float]:
    from claims.triage.priority import PriorityWeights

    names = PriorityWeights.names()
    unknown = sorted(set(table) - set(names))
    if unknown:
        raise ClaimsError(f"{where}: [triage] unknown weight {unknown[0]} (known: {', '.join(names)})")
    return {k: _number(table, k, f"{where}: [triage]", lo=-100, hi=100) for k in names if k in table}


def _command(table: dict, key: str, where: str) -> str | tuple[str, ...] | None:
    """A command line: text (run by the shell) or a list of words (run as it is)."""
    value = table.get(key)
    if value is None:
        return None
    words = value if isinstance(value, list) else [value]
    if any(isinstance(v, str) and "\x00" in v for v in words):  # no program can be given one: a
        # ValueError from Popen at the first repeat, not an OSError, where `config show` said nothing
        raise ClaimsError(f"{where}: [watch] {key} holds a NUL character")
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    if isinstance(value, str):
        return value.strip() or None
    raise ClaimsError(f"{where}: [watch] {key} must be a command as text or a list of words, not {value!r}")


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `config_path()`); defaults when the file is absent."""
    path = path or settings_path()
    try:
        if path is None or not path.exists():
            return Settings()
    except OSError as exc:  # a folder the user may not look in, a name too long: as ClaimsError,
        # so the desk's keys and verdict labels fall back to the defaults, where it ended in a traceback
        raise ClaimsError(f"{path}: {exc.strerror or exc}") from None
    from claims.paths import read_regular_file

    try:
        text = read_regular_file(path, limit=MAX_SETTINGS_BYTES, what="settings file").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClaimsError(f"{path}: not UTF-8 text") from None
    return parse_settings(text, where=str(path), source=path)


# TOML's bare keys are ASCII: `é = "x"` (isalnum) was written bare, and not read back
_BARE_KEY_RE = re.compile("[A-Za-z0-9_-]+")


def _toml_value(value) -> str:
    if isinstance(value, str):  # JSON's escapes are TOML's: a newline written as it was
        # (a notify_command word) made a file `config show` could not read back; DEL too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_settings(s: Settings) -> str:
    """The effective settings as TOML (unset values as comments), for `claims config show`."""
    lines = [f"# settings from {s.source}" if s.source else f"# defaults (no file at {config_path()})", ""]

    def put(key, value, unset_note):
        lines.append(f"{key} = {_toml_value(value)}" if value is not None else f"# {key} = ...  ({unset_note})")

    lines.append("[organisation]")
    put("name", s.organisation_name, "not set: ClaimReview export has no author")
    put("url", s.organisation_url, "not set")
    lines += ["", "[review]"]
    put("default_reviewer", s.default_reviewer, "not set: $CLAIMS_REVIEWER or your login name")
    lines += ["", "[rating]", f"best = {s.best_rating}", f"worst = {s.worst_rating}"]
    for name, scale in s.verdicts.items():
        lines += ["", f"[verdicts.{name}]", f"label = {_toml_value(scale.label)}"]
        put("value", scale.value, "none: off the numeric scale")
    lines += ["", "[matching]"]
    put("confirm_threshold", s.confirm_threshold, "the matcher's default")
    put("suggest_threshold", s.suggest_threshold, "the matcher's default")
    put("min_words_auto", s.min_words_auto, "the matcher's default: shorter claims are never auto-confirmed")
    lines += ["", "[web]", f"timeout = {_toml_value(s.web_timeout)}", f"max_mb = {_toml_value(s.web_max_mb)}",
              f"delay = {_toml_value(s.web_delay)}",
              f"allow_private_addresses = {_toml_value(s.web_allow_private_addresses)}"]
    lines += ["", "[watch]"]
    command = list(s.notify_command) if isinstance(s.notify_command, tuple) else s.notify_command
    if command is None:
        lines.append("# notify_command = ...  (not set: no command runs for new repeats)")
    else:
        lines.append("notify_command = " + (_toml_value(command) if isinstance(command, str)
                                            else "[" + ", ".join(_toml_value(w) for w in command) + "]"))
    lines += [f"notify_timeout = {_toml_value(s.notify_timeout)}", f"lease = {_toml_value(s.watch_lease)}",
              f"max_entries = {s.watch_max_entries}"]
    from claims.triage.priority import PriorityWeights

    weights = PriorityWeights.from_settings(s.triage)
    lines += ["", "[triage]"]
    lines += [f"{k} = {_toml_value(getattr(weights, k))}" for k in PriorityWeights.names()]
    lines += ["", "[keys]"]
    for k, v in sorted(s.keys.items()):
        lines.append(f"{k if _BARE_KEY_RE.fullmatch(k) else _toml_value(k)} = {_toml_value(v)}")
    if not s.keys:
        lines.append("# set-verdict-false = \"5\"  (none set: the desk's defaults)")
    return "\n".join(lines) + "\n"
