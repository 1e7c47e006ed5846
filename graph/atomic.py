"""The one way actorgraph writes a file: into a temporary file beside it, then renamed over it, so a reader
sees the old file or the new one, never a part. (Whole build folders are swapped by graph.swap.)"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, write) -> None:
    """Call write(binary file) on a temporary file beside PATH, then rename it to PATH (mode as a new file's)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, lambda f: f.write(data))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
