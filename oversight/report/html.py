"""HTML pages of the report: Jinja2 templates with autoescaping, one inline stylesheet and one inline script.

Document text is hostile input (a portal page may carry `<script>` or `onerror=`): autoescaping turns every value
into text, and a Content-Security-Policy that admits only our own stylesheet and script (by SHA-256 hash) is
the second wall. Nothing is loaded from outside the report folder, so it works offline.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from oversight.detect.taxonomy import severity_colours


def _asset(name: str) -> str:
    return resources.files("oversight.report").joinpath("templates", name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def stylesheet() -> str:
    """report.css behind the severity colours as CSS variables (--critical, ...) from their home, the taxonomy."""
    colours = " ".join(f"--{name}: {colour};" for name, colour in severity_colours().items())
    return ":root { " + colours + " }\n" + _asset("report.css")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("oversight.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css, script = stylesheet(), _asset("sort.js")
    csp = (
        "default-src 'none'; img-src 'self' data:; "
        f"style-src {_digest(css)}; script-src {_digest(script)}; base-uri 'none'; form-action 'none'"
    )
    try:
        release = version("oversight")
    except PackageNotFoundError:
        release = "dev"
    env.globals.update(css=Markup(css), script=Markup(script), csp=csp, version=release)
    return env


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def render(template: str, **context: Any) -> str:
    """Render one page; `generated` (UTC time) is added for the footer."""
    return _environment().get_template(template).render(generated=_stamp(), **context)


def write(path: Path, template: str, **context: Any) -> None:
    """Render one page into `path` piece by piece, so a long page never sits in memory as one string."""
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(_environment().get_template(template).generate(generated=_stamp(), **context))
