"""The Typer application every command module registers itself on."""

import typer

app = typer.Typer(
    name="oversight",
    help="Evidence engine for surveillance-technology accountability: ingest procurement documents, detect "
    "surveillance capabilities, screen vendors and buyers against sanctions lists, report with page-cited quotes.\n\n"
    "Exit codes: 0 ok; 2 usage error; 3 some inputs failed while the rest succeeded; 4 nothing succeeded.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: paragraphs rewrap to the terminal and [default: ...] stays literal
)
