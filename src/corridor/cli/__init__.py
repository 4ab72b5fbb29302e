"""The ``corridor`` command line. Each subcommand lives in its own module with a ``register``."""

from __future__ import annotations

import argparse
import importlib
import sys

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
]


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


def main(argv: list[str] | None = None) -> int:
    from corridor.case import find_case

    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "func", None) is None:
            return 2
        if getattr(args, "needs_case", True):
            args.case_obj = find_case(getattr(args, "case", None))
            with args.case_obj.active():
                return args.func(args) or 0
        return args.func(args) or 0
    except (LookupError, ValueError, OSError) as exc:  # OSError: files, servers, permissions
        print(f"corridor {args.command}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
