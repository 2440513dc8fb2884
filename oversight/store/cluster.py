"""A throwaway PostgreSQL cluster in a temporary folder: what tests, benches and a first trial run against.

It uses the Debian `postgresql` package's binaries (scripts/install.sh installs them), listens only on a unix
socket inside its own folder, trusts local connections and is removed when stopped. Run as root (as CI does),
the server runs as the `postgres` system user, which PostgreSQL requires.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from oversight.errors import OversightError

SERVER_USER = "postgres"
_ENCODING = ("-E", "UTF8", "--locale=C")  # byte order collation: the same ORDER BY as SQLite


class ClusterError(OversightError):
    """No PostgreSQL binaries, or the throwaway server would not start."""


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: the newest Debian version, else whatever is on PATH."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class Cluster:
    root: Path
    bin: Path
    port: int = 5432

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@/{database}?host={self.root}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def start(self) -> None:
        options = f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop (cutting every connection) and start again."""
        self.stop()
        self.start()

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except ClusterError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(f"{tool} {args[-1]} failed: {done.stderr.strip() or done.stdout.strip()} {tail}")


def start_cluster(prefix: str = "ovpg-") -> Cluster:
    """initdb into a new temporary folder and start the server; raises ClusterError when that is impossible."""
    folder = binaries()
    if folder is None:
        raise ClusterError("PostgreSQL is not installed (scripts/install.sh installs the postgresql package)")
    root = Path(tempfile.mkdtemp(prefix=prefix))  # short: a unix socket path must stay under 108 bytes
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVER_USER)
        os.chown(root, account.pw_uid, account.pw_gid)
    cluster = Cluster(root, folder)
    try:
        cluster._run("initdb", "-D", str(cluster.data), "-U", SERVER_USER, "--auth=trust", "-N", *_ENCODING)
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster
