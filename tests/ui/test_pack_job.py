"""The pack worker wrapper: its command line, its progress and outcome signals, cancel."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from commissioner.models.enums import ProtectiveMarking
from commissioner.services.pack_options import PackOptions
from commissioner.ui import pack_job
from commissioner.ui.pack_job import PackJob, PackRequest, failure_message, pack_arguments

#: A stand-in worker: `python stand_in.py MODE TARGET` behaves as MODE says.
STAND_IN = r"""
import json, sys, time
from pathlib import Path

mode, target = sys.argv[1], Path(sys.argv[2])

def say(text):
    sys.stdout.write(text)
    sys.stdout.flush()

say(json.dumps({"progress": 0.25, "message": "Reading the project's records"}) + "\n")
if mode == "fail":
    sys.stderr.write("commissioner: there is no folder /nowhere to save the pack in\n")
    sys.exit(1)
if mode == "hang":
    (target.parent / ".pack-standin.pdf").write_bytes(b"half a pack")
    say(json.dumps({"progress": 0.5, "message": "Drawing page 2"}) + "\n")
    time.sleep(60)
if mode == "silent":
    sys.exit(0)
# A line split across two writes, and a line that is not ours.
say('{"progress": 0.75, "mess')
time.sleep(0.2)
say('age": "Drawing page 9"}\nDeprecationWarning: not JSON\n')
target.write_bytes(b"%PDF-1.4 stand-in")
say(json.dumps({"done": True, "pack_id": 7, "pages": 9, "sha256": "ab" * 32,
                "path": str(target)}) + "\n")
"""


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Run the stand-in worker instead of `commissioner pack`; set ["mode"] first."""
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    settings = {"mode": "succeed"}

    def command(request: PackRequest) -> tuple[str, list[str]]:
        return sys.executable, [str(script), settings["mode"], str(request.target)]

    monkeypatch.setattr(pack_job, "worker_command", command)
    return settings


def request_for(tmp_path: Path) -> PackRequest:
    return PackRequest(tmp_path / "portfolio.db", tmp_path / "pack.pdf", "Asha Patel", "ASC-01")


def test_the_command_line_carries_every_option_as_one_argument() -> None:
    options = PackOptions(
        period="2026-11",
        sections=("summary", "risks"),
        marking=ProtectiveMarking.OFFICIAL_SENSITIVE,
        descriptor="COMMERCIAL",
        version="1.1",
        author="Asha Patel",
        distribution=("Project board", "-Director of Adult Social Care"),
        title="-Board pack",
    )
    request = PackRequest(Path("/f/p.db"), Path("/f/out.pdf"), "Asha", "ASC-01", options)
    assert pack_arguments(request) == [
        "pack",
        "--db=/f/p.db",
        "--out=/f/out.pdf",
        "--progress",
        "--actor=Asha",
        "--project=ASC-01",
        "--period=2026-11",
        "--marking=OFFICIAL-SENSITIVE",
        "--descriptor=COMMERCIAL",
        "--pack-version=1.1",
        "--author=Asha Patel",
        "--sections=summary,risks",
        "--title=-Board pack",
        "--distribution=Project board",
        "--distribution=-Director of Adult Social Care",
    ]
    portfolio = PackRequest(Path("/f/p.db"), Path("/f/out.pdf"))
    assert pack_arguments(portfolio)[-1] == "--portfolio"
    again = PackRequest(Path("/f/p.db"), Path("/f/out.pdf"), regenerate_id=4)
    assert pack_arguments(again)[-1] == "--regenerate=4"
    program, arguments = pack_job.worker_command(again)
    assert program == sys.executable
    assert arguments[:3] == ["-m", "commissioner", "pack"]


def test_the_command_line_parses_as_the_verb_expects() -> None:
    from commissioner.cli import build_parser

    options = PackOptions(
        period="2026-11", sections=("summary",), marking=ProtectiveMarking.NONE,
        title="-dash first", distribution=("A", "B"),
    )  # fmt: skip
    request = PackRequest(Path("/f/p.db"), Path("/f/out.pdf"), "", "ASC-01", options)
    args = build_parser().parse_args(pack_arguments(request))
    assert (args.project, args.title, args.marking) == ("ASC-01", "-dash first", "NONE")
    assert args.distribution == ["A", "B"]
    assert args.progress


def test_progress_then_the_final_report(
    qtbot: QtBot, tmp_path: Path, stand_in: dict[str, str]
) -> None:
    job = PackJob()
    steps: list[tuple[float, str]] = []
    failures: list[str] = []
    job.progress.connect(lambda done, message: steps.append((done, message)))
    job.failed.connect(failures.append)
    with qtbot.waitSignal(job.finished, timeout=20000) as finished:
        job.start(request_for(tmp_path))
        assert job.is_running()
    assert finished.args == [
        {
            "done": True,
            "pack_id": 7,
            "pages": 9,
            "sha256": "ab" * 32,
            "path": str(tmp_path / "pack.pdf"),
        }
    ]
    assert steps == [(0.25, "Reading the project's records"), (0.75, "Drawing page 9")]
    assert failures == []
    assert not job.is_running()


def test_a_failing_worker_gives_its_one_line_message(
    qtbot: QtBot, tmp_path: Path, stand_in: dict[str, str]
) -> None:
    stand_in["mode"] = "fail"
    job = PackJob()
    with qtbot.waitSignal(job.failed, timeout=20000) as failed:
        job.start(request_for(tmp_path))
    assert failed.args == ["There is no folder /nowhere to save the pack in."]


def test_a_worker_that_reports_nothing_is_a_failure(
    qtbot: QtBot, tmp_path: Path, stand_in: dict[str, str]
) -> None:
    stand_in["mode"] = "silent"
    job = PackJob()
    with qtbot.waitSignal(job.failed, timeout=20000) as failed:
        job.start(request_for(tmp_path))
    assert "without saying where the pack went" in failed.args[0]


def test_cancel_kills_the_worker_and_leaves_no_file(
    qtbot: QtBot, tmp_path: Path, stand_in: dict[str, str]
) -> None:
    stand_in["mode"] = "hang"
    earlier = tmp_path / ".pack-earlier.pdf"
    earlier.write_bytes(b"not ours to delete")
    job = PackJob()
    outcomes: list[object] = []
    job.finished.connect(outcomes.append)
    job.failed.connect(outcomes.append)
    steps: list[float] = []
    job.progress.connect(lambda done, _message: steps.append(done))
    job.start(request_for(tmp_path))
    qtbot.waitUntil(lambda: 0.5 in steps, timeout=20000)
    assert (tmp_path / ".pack-standin.pdf").exists()

    job.cancel()

    assert not job.is_running()
    assert not (tmp_path / ".pack-standin.pdf").exists()
    assert earlier.exists()
    assert not (tmp_path / "pack.pdf").exists()
    qtbot.wait(50)
    assert outcomes == []


def test_a_worker_that_cannot_start_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        pack_job, "worker_command", lambda _request: (str(tmp_path / "no-such-program"), [])
    )
    job = PackJob()
    with qtbot.waitSignal(job.failed, timeout=5000) as failed:
        job.start(request_for(tmp_path))
    assert failed.args[0].startswith("The pack worker could not be started")
    assert not job.is_running()


def test_failure_messages_read_as_sentences() -> None:
    assert failure_message("commissioner: no project with the reference X\n", 1) == (
        "No project with the reference X."
    )
    assert failure_message("", 3) == "The pack could not be made: the worker stopped with code 3."
