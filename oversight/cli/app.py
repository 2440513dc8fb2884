"""The Typer application every command module registers itself on."""

from typing import Annotated

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


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("oversight")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        print(f"oversight {number}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    # Options of `oversight` itself, before the command; the help text is the app's.
    pass
