"""Every failure of the ``gradkg`` command is one line on stderr and exit 2 (bad input), never a traceback.

Where a crash is possible the real command runs in its own process, so a traceback or a segfault
(pyoxigraph's parser on a deep query) shows as what the user would see.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradkg.cli import main

ROOT = Path(__file__).resolve().parents[1]
GRADKG = str(Path(sys.executable).parent / "gradkg")
BOM = b"\xef\xbb\xbf"


def gradkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRADKG_HOME": str(ROOT)}
    return subprocess.run([GRADKG, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def failure(done: subprocess.CompletedProcess, code: int = 2) -> str:
    """The one line a failed command wrote to stderr."""
    assert "Traceback" not in done.stderr
    assert (done.returncode, len(done.stderr.splitlines())) == (code, 1), done.stderr
    return done.stderr.rstrip("\n")


def test_export_to_a_folder(build_dir, tmp_path):
    done = gradkg("export", "teaching", "--format", "dot", "-o", str(tmp_path), "--build-dir", str(build_dir))
    assert failure(done) == f"gradkg: -o {tmp_path}: is a folder; give a file name"
    assert list(tmp_path.iterdir()) == []


def test_export_below_a_file(build_dir, tmp_path):
    (tmp_path / "notes").write_text("a file", encoding="utf-8")
    out = tmp_path / "notes" / "teaching.dot"
    done = gradkg("export", "teaching", "--format", "dot", "-o", str(out), "--build-dir", str(build_dir))
    assert failure(done) == f"gradkg: -o {out}: {tmp_path / 'notes'} is a file, not a folder"


def test_export_and_analyse_where_nothing_can_be_written(build_dir):
    done = gradkg("export", "teaching", "-o", "/proc/gradkg-test/teaching.svg", "--build-dir", str(build_dir))
    assert failure(done) == "gradkg: -o /proc/gradkg-test/teaching.svg: cannot write: No such file or directory"
    done = gradkg("analyse", "teaching", "-o", "/proc/gradkg-test/teaching.txt", "--build-dir", str(build_dir))
    assert failure(done) == "gradkg: -o /proc/gradkg-test/teaching.txt: cannot write: No such file or directory"


def test_publish_where_nothing_can_be_written(build_dir):
    done = gradkg(
        "publish",
        "--out",
        "/proc/gradkg-test/site",
        "--base-url",
        "https://example.org/",
        "--build-dir",
        str(build_dir),
    )
    assert failure(done) == (
        "gradkg: --out /proc/gradkg-test/site: cannot create a folder beside it: No such file or directory"
    )


@pytest.mark.parametrize("command", [["push"], ["query", "courses"]])
def test_an_endpoint_that_is_not_a_url(command):
    done = gradkg(*command, "--endpoint", "not-a-url")
    assert failure(done) == (
        f"gradkg {command[0]}: argument --endpoint: expected an http:// or https:// URL, "
        f"got 'not-a-url' (see gradkg {command[0]} --help)"
    )


def test_a_base_url_with_a_space():
    done = gradkg("publish", "--out", "site", "--base-url", "https://example.org/a b")
    assert failure(done) == (
        "gradkg publish: argument --base-url: expected an http:// or https:// URL, "
        "got 'https://example.org/a b' (see gradkg publish --help)"
    )


@pytest.mark.parametrize("value", ["<http://a b>", "http://a b"])
def test_an_iri_parameter_with_a_space(build_dir, value):
    done = gradkg("query", "lecturers-of-course", "--param", f"course={value}", "--build-dir", str(build_dir))
    assert failure(done) == f"gradkg: parameter course: '{value}' is not a valid IRI (Invalid IRI code point ' ')"


def test_a_query_file_that_is_not_utf8(build_dir, tmp_path):
    query = tmp_path / "latin1.rq"
    query.write_bytes("#+ summary: café\nSELECT * WHERE { ?s ?p ?o }\n".encode("latin-1"))
    done = gradkg("query", str(query), "--build-dir", str(build_dir))
    assert failure(done) == f"gradkg: {query}: not UTF-8 text (byte 15 cannot be decoded)"


def test_a_folder_given_as_the_query_file(build_dir, tmp_path):
    (tmp_path / "questions.rq").mkdir()
    done = gradkg("query", "questions.rq", "--build-dir", str(build_dir), cwd=tmp_path)
    assert failure(done) == "gradkg: questions.rq: is a folder, not a query file"


def test_a_deeply_nested_query_is_refused_before_it_crashes_the_parser(build_dir, tmp_path):
    query = tmp_path / "deep.rq"
    query.write_text("#+ summary: deep\nSELECT * WHERE " + "{" * 5000 + "}" * 5000 + "\n", encoding="utf-8")
    done = gradkg("query", str(query), "--build-dir", str(build_dir))
    assert failure(done) == (
        f"gradkg: {query}: the query nests 5000 levels deep; gradkg accepts at most 200 "
        "(deeper queries crash the SPARQL parser)"
    )


def test_a_query_file_with_a_byte_order_mark(build_dir, tmp_path):
    query = tmp_path / "bom.rq"
    query.write_bytes(BOM + b"#+ summary: with a BOM\nSELECT ?n WHERE { VALUES ?n { 1 } }\n")
    done = gradkg("query", str(query), "--format", "csv", "--build-dir", str(build_dir))
    assert (done.returncode, done.stdout, done.stderr) == (0, "n\n1\n", "")


def test_a_data_file_with_a_byte_order_mark(tmp_path, capsys):
    draft = tmp_path / "draft.ttl"
    draft.write_bytes(BOM + b'@prefix ex: <https://example.org/> .\nex:a ex:b "c" .\n')
    assert main(["validate", str(draft), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "the graph conforms: 0 violations, 0 warnings."


def test_a_folder_given_as_a_data_file(tmp_path, capsys):
    (tmp_path / "draft.ttl").mkdir()
    assert main(["validate", str(tmp_path / "draft.ttl")]) == 2
    assert capsys.readouterr().err == f"gradkg: {tmp_path / 'draft.ttl'}: is a folder, not a file\n"


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--workers", "0", "expected a whole number ≥ 1, got '0'"),
        ("--workers", "two", "expected a whole number ≥ 1, got 'two'"),
        ("--row-cap", "0", "expected a whole number ≥ 1, got '0'"),
        ("--max-body", "-5", "expected a whole number ≥ 1, got '-5'"),
        ("--timeout", "0", "expected a positive number of seconds, got '0'"),
        ("--timeout", "-1", "expected a positive number of seconds, got '-1'"),
        ("--timeout", "nan", "expected a positive number of seconds, got 'nan'"),
        ("--timeout", "inf", "expected a positive number of seconds, got 'inf'"),
        ("--port", "70000", "expected a port from 0 to 65535, got '70000'"),
    ],
)
def test_serve_refuses_impossible_settings(capsys, option, value, expected):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", f"{option}={value}"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"gradkg serve: argument {option}: {expected} (see gradkg serve --help)\n"


def test_serve_workers_zero_from_the_command_line():
    done = gradkg("serve", "--workers", "0")
    assert failure(done) == (
        "gradkg serve: argument --workers: expected a whole number ≥ 1, got '0' (see gradkg serve --help)"
    )


def test_a_missing_option_is_one_line():
    assert failure(gradkg("publish", "--out", "site")) == (
        "gradkg publish: the following arguments are required: --base-url (see gradkg publish --help)"
    )


def test_an_unforeseen_os_error_is_one_line(capsys, monkeypatch, tmp_path):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "build/gradkg.nq")

    monkeypatch.setattr("gradkg.build.build", disk_full)
    assert main(["build", "--build-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "gradkg: build/gradkg.nq: No space left on device\n"
