"""Which files under the given files and folders are articles: every kind graph.sources reads, sorted;
symlink loops, second links to one folder, FIFOs and devices reported and skipped."""
from __future__ import annotations

from pathlib import Path


def find_articles(sources) -> tuple[list[Path], list[str]]:
    """Article files under the given files and folders (sorted; symlink loops, FIFOs and devices refused):
    every kind graph.sources reads (plain text, pages, feeds, exports)."""
    from graph.sources import input_kind
    found, problems, seen_dirs = {}, [], {}
    for src in sources:
        src = Path(src)
        if src.is_file():
            found.setdefault(str(src.absolute()), src)
            continue
        if not src.is_dir():
            problems.append(f"{src}: no such file or folder" if not src.exists() and not src.is_symlink()
                            else f"{src}: not a regular file or folder (or a broken link); skipped")
            continue
        stack = [src]
        while stack:
            folder = stack.pop()
            try:
                real = folder.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(f"{folder}: symlink loop or broken link; skipped")
                continue
            if real in seen_dirs:
                if folder != seen_dirs[real]:
                    problems.append(f"{folder}: same folder as {seen_dirs[real]} (a symlink loop or a second "
                                    "link to it); skipped")
                continue
            seen_dirs[real] = folder
            try:
                entries = sorted(folder.iterdir())
            except OSError as e:
                problems.append(f"{folder}: cannot be listed ({e.strerror or e})")
                continue
            subfolders = []
            for entry in entries:
                if entry.name.startswith(".") or entry.name.lower() == "readme.md":
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:  # e.g. a link in a loop of links
                    is_dir = False
                if is_dir:
                    subfolders.append(entry)
                elif input_kind(entry.name):
                    if entry.is_file() or entry.is_symlink() and not entry.exists():
                        found.setdefault(str(entry.absolute()), entry)  # a broken link is reported when read
                    else:
                        problems.append(f"{entry}: not a regular file (a pipe, socket or device); skipped")
            stack.extend(reversed(subfolders))
    return sorted(found.values(), key=lambda p: (p.name, str(p))), problems
