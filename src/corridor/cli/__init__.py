"""The ``corridor`` command line. Each subcommand lives in its own module with a ``register``."""

from __future__ import annotations

import argparse
import importlib
import sys

#: Modules of ``corridor.cli`` that register a subcommand, in help order.
COMMANDS = [
    "geocode_cmd",
    "check_claim_cmd",
    "atlas_cmd",
    "report_cmd",
    "tracks_cmd",
    "route_cmd",
    "capacity_cmd",
    "sightings_cmd",
    "claims_cmd",
    "changes_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridor", description="Sites, sightings, routes and maps of logistics corridors."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"corridor.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except (LookupError, ValueError, FileNotFoundError) as exc:
        print(f"corridor {args.command}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
