"""Input files before they are read: that a path can be read in its role, and its SHA-256 digest. No pandas,
so the checks before any job and the manifest job start fast."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from likertpipe.errors import LikertpipeError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", *EXCEL_SUFFIXES, ".sav", ".zsav", ".dta")
"""The formats `read_export` reads (CSV by any of the first three; Excel; SPSS; Stata)."""

# What each configured path may be: a noun for messages and the file name suffixes the readers accept.
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "data": ("data file", EXPORT_SUFFIXES),
    "coding_sheet": ("coding sheet", EXPORT_SUFFIXES),
    "sampling_frame": ("sampling frame", (".csv", ".tsv", ".txt")),  # read_table reads delimited text only
    "codebook": ("codebook file", (".yaml", ".yml")),
}


def check_readable(path: str | Path, role: str, *, where: str | None = None) -> Path:
    """The resolved path of an input file, after checking that it can be read as the `role` says.

    `role` is a key of ROLES ("data", "coding_sheet", "sampling_frame", "codebook"; any other role skips the
    format check). Raises LikertpipeError naming the path and the fix when the file is missing, is a folder,
    is not a regular file (a device such as /dev/zero, a pipe, a socket), cannot be opened (permissions), or
    has a suffix the role's reader does not read. `where` replaces the default hint, "the '<role>' path in the
    config", for callers that take the path elsewhere (the command line). The file is opened only after the
    checks on its type, so a pipe never blocks.
    """
    noun, suffixes = ROLES.get(role, (f"{role} file", ()))
    where = where or f"the '{role}' path in the config"
    given = Path(path)
    try:
        info = given.stat()
    except FileNotFoundError:
        raise LikertpipeError(f"{given}: {noun} not found. Check {where}.") from None
    except NotADirectoryError:
        raise LikertpipeError(f"{given}: {noun} not found (a part of the path is a file, not a folder). "
                              f"Check {where}.") from None
    except ValueError:  # a NUL character in the path
        raise LikertpipeError(f"{given!r}: {noun} not found (the path holds a NUL character). "
                              f"Check {where}.") from None
    except OSError as exc:  # permission denied on a folder of the path, name too long, ...
        raise LikertpipeError(f"{given}: cannot be read ({exc.strerror or exc}). Fix: give your user read "
                              f"access to the file and its folders, or check {where}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise LikertpipeError(f"{given}: is a folder, not a {noun}. Check {where}: name the file itself, "
                              "not the folder holding it.")
    if not stat.S_ISREG(info.st_mode):
        raise LikertpipeError(f"{given}: is not a regular file (a device, pipe or socket), so it cannot be a "
                              f"{noun}. Check {where}: name a saved file.")
    if suffixes and given.suffix.lower() not in suffixes:
        shown = f"'{given.suffix}'" if given.suffix else "no suffix"
        raise LikertpipeError(f"{given}: {shown} is not a {noun} format likertpipe reads (it reads "
                              f"{', '.join(suffixes)}). Fix: save the file in one of these formats "
                              f"(with that suffix), or check {where}.")
    try:
        with open(given, "rb"):
            pass
    except OSError as exc:
        raise LikertpipeError(f"{given}: cannot be read ({exc.strerror or exc}). Fix: give your user read "
                              "permission on the file (e.g. chmod u+r, or ask its owner), or copy it somewhere "
                              f"readable and check {where}.") from None
    return given.resolve()


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
