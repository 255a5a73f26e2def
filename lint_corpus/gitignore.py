"""Which files ``.gitignore`` files ignore, for searching folders (ruff's default, and
``--no-respect-gitignore`` to turn it off). Patterns are git's, matched by ``pathspec``.

The ``.gitignore`` files that count for a file are those in its folder and the folders above
it, up to the root of its git work tree (the folder holding ``.git``), plus the work tree's
``.git/info/exclude``; outside a work tree, only those inside the searched folder. As in git,
the deepest file with a pattern matching the path decides (a ``!negation`` included), and a
file inside an ignored folder stays ignored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


class GitIgnore:
    """Answers ``ignored(path)`` for the files under one searched folder."""

    def __init__(self, root: Path) -> None:
        # Paths as written, not resolved: git matches the path, and a symlink loop must not
        # raise here (the search names it as unusable).
        self.root = Path(os.path.abspath(root))
        self.top = _work_tree(self.root) or self.root
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def ignored(self, path: Path) -> bool:
        try:
            parts = Path(os.path.abspath(path)).relative_to(self.top).parts
        except ValueError:
            return False
        # Each folder from the top down, then the file: an ignored folder hides all under it.
        return any(self._decide(parts[:depth], is_dir=depth < len(parts))
                   for depth in range(1, len(parts) + 1))

    def _decide(self, parts: tuple[str, ...], *, is_dir: bool) -> bool:
        """Whether the path ``parts`` (under ``top``) is ignored: the deepest ``.gitignore``
        with a pattern for it decides, then ``.git/info/exclude``."""
        suffix = "/" if is_dir else ""
        for depth in range(len(parts) - 1, -1, -1):
            spec = self._spec(self.top.joinpath(*parts[:depth], ".gitignore"))
            if spec is not None:
                decided = spec.check_file("/".join(parts[depth:]) + suffix).include
                if decided is not None:
                    return bool(decided)
        exclude = self._spec(self.top / ".git" / "info" / "exclude")
        return exclude is not None and bool(exclude.match_file("/".join(parts) + suffix))

    def _spec(self, path: Path) -> pathspec.GitIgnoreSpec | None:
        if path not in self._specs:
            try:
                lines = path.read_text("utf-8", errors="replace").splitlines()
            except OSError:
                self._specs[path] = None
            else:
                # Imported here: only a search that meets a .gitignore pays for it, not the
                # pre-commit run on named files.
                import pathspec

                self._specs[path] = pathspec.GitIgnoreSpec.from_lines(lines)
        return self._specs[path]


def _work_tree(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
