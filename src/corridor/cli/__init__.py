"""The ``corridor`` command line. Each subcommand lives in its own module with a ``register``.

:func:`main` is the one place where a run ends: a user's error (a bad file, a store that cannot
be opened, a value out of range) is one line ``corridor COMMAND: error: ...`` naming the file
and exit status 1, never a traceback; Ctrl-C is one line and exit status 130, with nothing
half-written (imports are transactions, files are written atomically). Everything the commands
print goes through :func:`corridor.escape.terminal`, so control characters in data cannot move
the cursor or rewrite the screen.

The case a command works on (``--case``, else ``$CORRIDOR_CASE``, else the nearest
``corridor.toml``, else the shipped example) is found once, as ``args.case_obj``, and commands pass
it, or its parts, to the library. :mod:`corridor.case` is imported when a command runs, not when
the parser is built: it composes every family.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import sqlite3
import sys

from corridor.escape import terminal

#: Modules of ``corridor.cli`` that register a subcommand, in help order.
COMMANDS = [
    "init_cmd",
    "sites_cmd",
    "sources_cmd",
    "assets_cmd",
    "geocode_cmd",
    "check_claim_cmd",
    "atlas_cmd",
    "report_cmd",
    "tracks_cmd",
    "route_cmd",
    "capacity_cmd",
    "sightings_cmd",
    "claims_cmd",
    "store_cmd",
    "changes_cmd",
]
#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


CASE_HELP = (
    "case folder (holding corridor.toml) or the name of a shipped example case; default: "
    "$CORRIDOR_CASE, else the nearest corridor.toml upwards from here, else the shipped example"
)


def _leaves(parser: argparse.ArgumentParser):
    """The parsers that run a command: ``parser`` itself or, below it, those of its subcommands."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield parser
        return
    for action in subs:
        for child in dict.fromkeys(action.choices.values()):
            yield from _leaves(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridor", description="Sites, sightings, routes and maps of logistics corridors."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"corridor.cli.{name}").register(sub)
    for leaf in _leaves(parser):
        if not any("--case" in a.option_strings for a in leaf._actions):
            leaf.add_argument("--case", metavar="DIR", help=CASE_HELP)
    return parser


class _Terminal(io.TextIOBase):
    """A text stream that writes through :func:`corridor.escape.terminal`."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self):
        return getattr(self.stream, "encoding", "utf-8")


def _user_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean bad input or environment, not a bug of corridor."""
    errors = [LookupError, ValueError, OSError, sqlite3.Error, UnicodeError, csv.Error,
              OverflowError]  # fmt: skip
    try:
        from pyogrio.errors import DataLayerError, DataSourceError

        errors += [DataSourceError, DataLayerError]
    except ImportError:  # pragma: no cover - pyogrio is a dependency
        pass
    return tuple(errors)


def describe(exc: BaseException) -> str:
    """The message of a user error, naming the file where the exception knows it."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    if isinstance(exc, UnicodeDecodeError):
        return f"input is not UTF-8 text ({exc.reason} at byte {exc.start})"
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, sqlite3.Error):
        return f"the store cannot be used: {text}"
    return text


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status (0 ok, 1 user error, 130 interrupted)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Terminal(out), _Terminal(err)
    given = sys.argv[1:] if argv is None else list(argv)
    command = f"corridor {given[0]}" if given and not given[0].startswith("-") else "corridor"
    try:
        args = build_parser().parse_args(argv)
        command = f"corridor {args.command}"
        if getattr(args, "needs_case", True):
            from corridor.case import find_case  # every family: only when a command runs

            args.case_obj = find_case(getattr(args, "case", None))
            return args.func(args) or 0
        return args.func(args) or 0
    except KeyboardInterrupt:
        print(f"{command}: interrupted; nothing was half-written", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # the reader of our output went away (| head)
        return 1
    except _user_errors() as exc:
        print(f"{command}: error: {describe(exc)}", file=sys.stderr)
        return 1
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        sys.stdout, sys.stderr = out, err


if __name__ == "__main__":
    sys.exit(main())
