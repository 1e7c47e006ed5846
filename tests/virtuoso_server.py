"""Run Debian's virtuoso-opensource on loopback for the tests: own temporary database, own ports.

The configuration is the package's virtuoso.ini with the database files moved
into a temporary folder and both ports (SQL and HTTP) bound to free loopback
ports. A fresh database has the user dba with password "dba".
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

INI_CANDIDATES = (Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"), Path("/etc/virtuoso-opensource-7/virtuoso.ini"))
APT_LINE = "apt-get install -y virtuoso-opensource"
START_WITHIN = 120  # seconds; it is online in about 5 s


def missing() -> str | None:
    """Why Virtuoso cannot be run here, or None when it can."""
    if not shutil.which("virtuoso-t"):
        return f"virtuoso-t is not installed (Debian: {APT_LINE})"
    if not any(p.is_file() for p in INI_CANDIDATES):
        return f"the package's virtuoso.ini is missing (looked in {', '.join(map(str, INI_CANDIDATES))})"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """The package's virtuoso.ini with database files in `folder` and loopback ports."""
    source = next(p for p in INI_CANDIDATES if p.is_file())
    changes = {("Database", "DatabaseFile"): folder / "virtuoso.db", ("Database", "ErrorLogFile"): folder / "virtuoso.log",
               ("Database", "LockFile"): folder / "virtuoso.lck", ("Database", "TransactionFile"): folder / "virtuoso.trx",
               ("Database", "xa_persistent_file"): folder / "virtuoso.pxa",
               ("TempDatabase", "DatabaseFile"): folder / "virtuoso-temp.db",
               ("TempDatabase", "TransactionFile"): folder / "virtuoso-temp.trx",
               ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}", ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
               ("URIQA", "DefaultHost"): f"localhost:{http_port}"}
    section, lines = None, []
    for line in source.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"\s*\[(.+?)\]", line):
            section = m.group(1)
        if (m := re.match(r"\s*(\w+)\s*=", line)) and (section, m.group(1)) in changes:
            line = f"{m.group(1)} = {changes[(section, m.group(1))]}"
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


class Virtuoso:
    """A running server: .endpoint (SPARQL), .graph_store (Graph Store, digest auth), .stop()."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, http_port = folder, free_port()
        ini = write_ini(folder, free_port(), http_port)
        base = f"http://127.0.0.1:{http_port}"
        self.endpoint, self.graph_store = f"{base}/sparql", f"{base}/sparql-graph-crud-auth"
        self.log = open(folder / "stdout.log", "wb")
        self.proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=folder,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        ask = self.endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        deadline = time.monotonic() + START_WITHIN
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(ask, timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        tail = (self.folder / "stdout.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"Virtuoso did not come online within {START_WITHIN} s:\n{tail}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
