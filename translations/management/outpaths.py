"""Where the commands write files: ``--out`` checked, in words, before any work.

Every command that writes files (``export``, ``export_po``,
``export_edition``) resolves ``--out`` here, so a bad one is a
``CommandError`` naming the path and the reason, never a traceback and
never a file somewhere unexpected:

- a path *inside a regular file* (``--out notes.txt/x.po``);
- a missing parent directory (nothing is created behind the user's back,
  except the gettext layout below a locale directory);
- a name that does not exist and has no extension (``--out newdir``: was a
  directory meant? Writing a file called ``newdir`` would surprise);
- the file to write being a directory already;
- an unwritable directory or file (the write's ``OSError`` in words).

Files are written through a temporary sibling and renamed, so a failed
write leaves no half file. Every written path is checked to lie inside the
chosen output directory (slugs are validated, but a path is checked where
it is used).
"""

import contextlib
import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def _refuse_file_ancestor(path: Path, *, itself: bool = True) -> None:
    """A path below a regular file cannot be created: say which component is the file.

    ``itself=False`` checks only the directories above ``path`` (a file to overwrite is fine).
    """
    for ancestor in [path, *path.parents] if itself else path.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise CommandError(
                    _("%(path)s: %(file)s is a file, not a directory") % {"path": path, "file": ancestor}
                )
            return


def inside(directory: Path, path: Path) -> Path:
    """``path``, after checking it lies inside ``directory`` (``CommandError`` otherwise)."""
    try:
        path.resolve().relative_to(directory.resolve())
    except ValueError:
        raise CommandError(
            _("%(path)s lies outside the output directory %(directory)s; nothing was written")
            % {"path": path, "directory": directory}
        ) from None
    return path


def plain_name(name: str) -> str:
    """``name`` if it is a bare file name (built from a slug, it must not climb out of its directory)."""
    if not name or Path(name).name != name or name in (".", "..") or "/" in name or os.sep in name:
        raise CommandError(
            _("%(name)r is not a plain file name (check the document's slug); nothing was written") % {"name": name}
        )
    return name


def output_file(out: str | None, *, default_name: str) -> Path:
    """The file to write for ``--out`` (a file name, or an existing directory for ``default_name``)."""
    if out is not None and not out.strip():
        raise CommandError(_("--out is empty; give a file name or a directory"))
    raw = out or "."
    path = Path(raw)
    _refuse_file_ancestor(path, itself=raw.endswith(("/", os.sep)))
    if path.is_dir():
        target = inside(path, path / plain_name(default_name))
    elif raw.endswith(("/", os.sep)):
        raise CommandError(_("%(path)s: the directory does not exist; create it first") % {"path": path})
    elif not path.parent.is_dir():
        raise CommandError(
            _("%(path)s: the directory %(directory)s does not exist; create it first")
            % {"path": path, "directory": path.parent}
        )
    elif not path.exists() and not path.suffix:
        raise CommandError(
            _(
                "%(path)s does not exist: to write into a directory, create it first; "
                "to write a file, give a name with an extension (e.g. %(example)s)"
            )
            % {"path": path, "example": default_name}
        )
    else:
        target = path
    if target.is_dir():
        raise CommandError(
            _("%(path)s is a directory; give a file name or another directory") % {"path": target}
        )
    return target


def output_directory(out: str | Path) -> Path:
    """A directory to write into: it exists, or only it is missing (``make_directory`` creates it on write)."""
    path = Path(out)
    _refuse_file_ancestor(path)
    if not path.is_dir() and not path.parent.is_dir():
        raise CommandError(
            _("%(path)s: the directory %(directory)s does not exist; create it first")
            % {"path": path, "directory": path.parent}
        )
    return path


def make_directory(path: Path) -> None:
    """``mkdir -p`` with failures in words."""
    _refuse_file_ancestor(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(
            _("%(path)s: cannot create the directory (%(reason)s)") % {"path": path, "reason": error.strerror}
        ) from None


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary sibling, so a failure leaves no half file."""
    if path.is_dir():
        raise CommandError(_("%(path)s is a directory; give a file name or another directory") % {"path": path})
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise CommandError(
            _("%(path)s: cannot write the file (%(reason)s)") % {"path": path, "reason": error.strerror or error}
        ) from None
