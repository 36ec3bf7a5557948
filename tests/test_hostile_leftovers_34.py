"""Issue 15's found-not-fixed items of the hostile passes of 7 December (small34). Each test
fails before its fix."""

from __future__ import annotations

import socket

import pytest

# --- a socket given where a feed file is taken --------------------------------------------------------
#
# `claims ingest --feed SOCKET` said "no such feed file", `claims watch add SOCKET` "no such file"
# (and so of a folder or /dev/null): each door tested `is_file()`, false for all of these and a
# missing file alike. They now say what the path is, in the words `claims import` uses
# (`claims.paths.file_problem`).


@pytest.fixture
def unix_socket(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # bound by a short relative name: a socket's path has at most 107 bytes
    sock = socket.socket(socket.AF_UNIX)
    sock.bind("feed.sock")
    yield tmp_path / "feed.sock"
    sock.close()


@pytest.mark.parametrize("door", [("ingest", "--feed"), ("watch", "add")])
def test_a_socket_given_as_a_feed_file_is_named_a_socket(invoke, unix_socket, door):
    invoke("db", "init")
    result = invoke(*door, str(unix_socket))
    assert result.exit_code == 1
    assert f"{unix_socket}: is a socket, not a feed file" in result.output, result.output
    assert "no such" not in result.output


@pytest.mark.parametrize("door", [("ingest", "--feed"), ("watch", "add")])
@pytest.mark.parametrize(("what", "said"), [("folder", "is a folder"),
                                            ("device", "not a regular file (a pipe or device)")])
def test_a_folder_or_device_given_as_a_feed_file_is_named_so(invoke, tmp_path, door, what, said):
    invoke("db", "init")
    path = str(tmp_path) if what == "folder" else "/dev/null"
    result = invoke(*door, path)
    assert result.exit_code == 1
    assert f"{path}: {said}, not a feed file" in result.output, result.output


@pytest.mark.parametrize("door", [("ingest", "--feed"), ("watch", "add"), ("import",), ("ingest",)])
def test_a_missing_file_is_still_no_such_file(invoke, tmp_path, door):
    invoke("db", "init")
    result = invoke(*door, str(tmp_path / "nope.xml"))
    assert result.exit_code == 1 and "no such" in result.output, result.output


@pytest.mark.parametrize("door", [("import",), ("ingest",)])
def test_a_socket_is_named_a_socket_at_the_other_doors_too(invoke, unix_socket, door):
    invoke("db", "init")
    result = invoke(*door, str(unix_socket))
    assert result.exit_code == 1 and f"{unix_socket}: is a socket, not a" in result.output, result.output
