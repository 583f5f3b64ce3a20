"""One module per `odoo-mcp` subcommand: `add_arguments(parser)` and `run(args) -> int`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import Settings, load_settings


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from `--env-file` (default `.env`) and the environment; configures logging to stderr."""
    from ..cli import configure_logging

    settings = load_settings(Path(args.env_file))
    configure_logging(settings.log_level)
    return settings
