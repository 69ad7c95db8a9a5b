"""likertpipe.files: every input path checked before it is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from likertpipe import files
from likertpipe.errors import LikertpipeError


def write(tmp_path, content: bytes, name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_check_readable_returns_the_resolved_path(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, b"a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    assert files.check_readable("export.csv", "data") == path.resolve()
    assert files.check_readable("export.csv", "data").is_absolute()


@pytest.mark.parametrize("role, noun", [("data", "data file"), ("codebook", "codebook file"),
                                        ("sampling_frame", "sampling frame"), ("coding_sheet", "coding sheet")])
def test_check_readable_missing_file_names_the_role(tmp_path, role, noun) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(LikertpipeError) as error:
        files.check_readable(path, role)
    assert str(error.value) == f"{path}: {noun} not found. Check the '{role}' path in the config."


def test_check_readable_missing_folder_of_the_path(tmp_path) -> None:
    write(tmp_path, b"a,b\n1,2\n")
    with pytest.raises(LikertpipeError, match="export.csv/x.csv: data file not found .a part of the path is a file"):
        files.check_readable(tmp_path / "export.csv" / "x.csv", "data")


def test_check_readable_folder(tmp_path) -> None:
    folder = tmp_path / "exports.csv"
    folder.mkdir()
    with pytest.raises(LikertpipeError) as error:
        files.check_readable(folder, "data")
    assert str(error.value) == (f"{folder}: is a folder, not a data file. Check the 'data' path in the config: "
                                "name the file itself, not the folder holding it.")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_check_readable_device() -> None:
    with pytest.raises(LikertpipeError) as error:
        files.check_readable("/dev/zero", "data")
    assert str(error.value).startswith("/dev/zero: is not a regular file (a device, pipe or socket)")
    assert "Check the 'data' path in the config: name a saved file." in str(error.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_check_readable_pipe_does_not_block(tmp_path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    with pytest.raises(LikertpipeError, match="is not a regular file"):
        files.check_readable(fifo, "data")  # opening it would wait for a writer forever


def test_check_readable_permission_denied(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, b"a,b\n1,2\n")

    def refuse(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(files, "open", refuse, raising=False)  # tests run as root, which chmod 000 does not stop
    with pytest.raises(LikertpipeError) as error:
        files.check_readable(path, "data")
    assert str(error.value) == (
        f"{path}: cannot be read (Permission denied). Fix: give your user read permission on the file (e.g. "
        "chmod u+r, or ask its owner), or copy it somewhere readable and check the 'data' path in the config.")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_check_readable_chmod_000(tmp_path) -> None:
    path = write(tmp_path, b"a,b\n1,2\n")
    path.chmod(0)
    with pytest.raises(LikertpipeError, match="cannot be read .Permission denied"):
        files.check_readable(path, "data")


@pytest.mark.parametrize("role, name, ok", [
    ("data", "export.CSV", True), ("data", "export.tsv", True), ("data", "export.txt", True),
    ("data", "export.xlsx", True), ("data", "export.xlsm", True), ("data", "export.sav", True),
    ("data", "export.zsav", True), ("data", "export.dta", True), ("coding_sheet", "sheet.xlsx", True),
    ("sampling_frame", "frame.csv", True), ("codebook", "codebook.yml", True), ("codebook", "codebook.YAML", True),
    ("data", "export.pdf", False), ("data", "export.xls", False), ("data", "export", False),
    ("data", "codebook.yaml", False), ("codebook", "codebook.json", False), ("sampling_frame", "frame.xlsx", False),
])
def test_check_readable_formats(tmp_path, role, name, ok) -> None:
    path = write(tmp_path, b"a,b\n1,2\n", name)
    if ok:
        assert files.check_readable(path, role) == path.resolve()
    else:
        with pytest.raises(LikertpipeError, match=r"is not a .* format likertpipe reads \(it reads \.") as error:
            files.check_readable(path, role)
        assert str(error.value).startswith(f"{path}: ")
        assert f"check the '{role}' path in the config" in str(error.value)


def test_check_readable_names_the_suffix_and_the_fix(tmp_path) -> None:
    path = write(tmp_path, b"%PDF", "export.pdf")
    with pytest.raises(LikertpipeError) as error:
        files.check_readable(path, "data")
    assert str(error.value) == (
        f"{path}: '.pdf' is not a data file format likertpipe reads (it reads .csv, .tsv, .txt, .xlsx, .xlsm, "
        ".sav, .zsav, .dta). Fix: save the file in one of these formats (with that suffix), or check the 'data' "
        "path in the config.")


def test_check_readable_other_hint(tmp_path) -> None:
    with pytest.raises(LikertpipeError, match="data file not found. Check the file named on the command line.$"):
        files.check_readable(tmp_path / "x.csv", "data", where="the file named on the command line")
