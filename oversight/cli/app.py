"""The Typer application every command module registers itself on."""

import typer

from oversight.errors import EXIT_CODES_HELP

app = typer.Typer(
    name="oversight",
    help="Evidence engine for surveillance-technology accountability: ingest procurement documents, detect "
    "surveillance capabilities, screen vendors and buyers against sanctions lists, report with page-cited quotes.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: paragraphs rewrap to the terminal and [default: ...] stays literal
)
