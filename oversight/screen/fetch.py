"""Fetch the official lists from their published addresses and keep every version, for `oversight lists update`.

Each file is requested conditionally (If-None-Match / If-Modified-Since from the last download), so an unchanged
list costs a 304 and nothing is stored. A changed list lands in `<dir>/<source>/<UTC date-time>/` with its sha256,
the server's ETag and Last-Modified recorded in `<dir>/<source>/versions.json`; older versions stay, so a finding's
list version (the store records the loaded file's path and sha256) can always be read again. Content equal to the
last version by checksum is not stored twice. Addresses are configuration (`data/sources.yaml` or `--sources`).
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypedDict

import yaml

from oversight.errors import OversightError
from oversight.store.blobs import sha256_of

Status = Literal["new", "unchanged"]
TIMEOUT_S = 120
_CHUNK = 1 << 20


class FetchError(OversightError):
    """A list could not be fetched (network, HTTP status, bad sources file); the message names source and address."""


class FileSpec(TypedDict):
    url: str


class SourceSpec(TypedDict):
    name: str
    publisher: str
    files: list[FileSpec]


@dataclass(frozen=True, slots=True)
class Fetched:
    source: str
    status: Status
    path: Path | None  # the version's file, or its folder for a several-file source; None when nothing was ever fetched
    fetched_at: str
    sha256: str


def sources(path: Path | None = None) -> list[SourceSpec]:
    """The configured sources: `path`, else the packaged data/sources.yaml."""
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("oversight.screen").joinpath("data", "sources.yaml").read_text(encoding="utf-8")
        )
        specs = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise FetchError(f"{path or 'sources.yaml'}: {exc}") from None
    if not isinstance(specs, list) or not all(isinstance(s, dict) and s.get("name") and s.get("files") for s in specs):
        raise FetchError(f"{path or 'sources.yaml'}: expected a list of sources with name and files")
    return specs


def update(spec: SourceSpec, root: Path, now: datetime | None = None) -> Fetched:
    """Fetch one source conditionally; store a new version only when some file changed."""
    folder = root / spec["name"]
    manifest = _read_manifest(folder)
    last = manifest[-1] if manifest else None
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H%M%SZ")
    while (folder / stamp).exists():  # two updates within one second
        stamp += "+"
    staging = folder / f".{stamp}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        files, changed = [], False
        for file in spec["files"]:
            previous = next((f for f in (last or {}).get("files", []) if f["url"] == file["url"]), None)
            got = _get(spec["name"], file["url"], staging, previous, folder / (last or {}).get("dir", ""))
            changed = changed or got["sha256"] != (previous or {}).get("sha256")
            files.append(got)
        if last is not None and not changed:
            return Fetched(
                spec["name"], "unchanged", _version_path(folder / last["dir"], last), last["fetched_at"], last["sha256"]
            )
        digest = _combined(files)
        version: dict[str, Any] = {"dir": stamp, "fetched_at": stamp, "files": files, "sha256": digest}
        staging.rename(folder / stamp)
        manifest.append(version)
        (folder / "versions.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        return Fetched(spec["name"], "new", _version_path(folder / stamp, version), stamp, digest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _get(source: str, url: str, staging: Path, previous: dict[str, Any] | None, last_dir: Path) -> dict[str, Any]:
    """One file: a conditional GET; on 304 the previous version's copy is reused."""
    name = url.rstrip("/").rsplit("/", 1)[-1] or "download"
    request = urllib.request.Request(url, headers={"User-Agent": "oversight-lists-update"})
    if previous and previous.get("etag"):
        request.add_header("If-None-Match", previous["etag"])
    if previous and previous.get("last_modified"):
        request.add_header("If-Modified-Since", previous["last_modified"])
    target = staging / name
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response, target.open("wb") as out:
            shutil.copyfileobj(response, out, _CHUNK)
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and previous is not None:
            shutil.copy2(last_dir / name, target)
            return dict(previous)
        raise FetchError(f"{source}: {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise FetchError(f"{source}: {url}: {getattr(exc, 'reason', exc)}") from None
    digest = sha256_of(target)[0]
    return {"url": url, "name": name, "sha256": digest, "etag": etag, "last_modified": modified}


def _read_manifest(folder: Path) -> list[dict[str, Any]]:
    path = folder / "versions.json"
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FetchError(f"{path}: {exc}") from None
    return data if isinstance(data, list) else []


def _combined(files: list[dict[str, Any]]) -> str:
    return files[0]["sha256"] if len(files) == 1 else "+".join(f["sha256"][:16] for f in files)


def _version_path(folder: Path, version: dict[str, Any]) -> Path:
    """The file to load: the one file, or the folder of a several-file list (OFAC's CSV set)."""
    files = version["files"]
    return folder / files[0]["name"] if len(files) == 1 else folder
