"""Putting a finished build in place: the new folder and the old one swapped in one atomic step
(Linux renameat2), elsewhere two renames that `recover` repairs if a build was killed between them."""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

from graph.errors import ActorgraphError


def recover(out: Path):
    """Repair what an interrupted build left beside OUT (called under the lock, so no build is running):
    OUT missing between the two fallback renames -> its previous outputs are put back; leftovers removed."""
    prefix_tmp, prefix_old = f".{out.name}.tmp-", f".{out.name}.old-"
    leftovers = sorted(p for p in out.parent.iterdir() if p.name.startswith((prefix_tmp, prefix_old)))
    olds = [p for p in leftovers if p.name.startswith(prefix_old) and p.is_dir()]
    if not out.exists() and olds:
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        os.rename(newest, out)
        leftovers.remove(newest)
    for p in leftovers:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink(missing_ok=True)


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(tmp: Path, out: Path):
    """Replace OUT by TMP; files in OUT that the build does not own are kept (hard-linked or copied into TMP
    first, so they are never only in a hidden folder)."""
    if out.exists() and not out.is_dir():
        raise ActorgraphError(f"{out}: exists and is not a folder")
    if not out.is_dir():
        os.rename(tmp, out)
        return
    for extra in sorted(out.iterdir()):
        if (tmp / extra.name).exists() or (tmp / extra.name).is_symlink() or extra.name == ".cache":
            continue
        if extra.is_dir() and not extra.is_symlink():
            shutil.copytree(extra, tmp / extra.name, symlinks=True, copy_function=_link_or_copy)
        elif extra.is_symlink():
            os.symlink(os.readlink(extra), tmp / extra.name)
        else:
            _link_or_copy(extra, tmp / extra.name)
    if _exchange(tmp, out):          # OUT is now the new build; TMP holds the previous one
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)              # interrupted here: the next build's recover() puts OLD back
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
