"""H4: ops/supervise.py restarts a process that dies, leaves the others running, and stops
everything on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SUPERVISE = Path(__file__).resolve().parents[2] / "ops" / "supervise.py"


def _wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _lines(path):
    return path.read_text().split() if path.exists() else []


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_dying_process_is_restarted_and_the_others_keep_running(tmp_path):
    crashes, steady = tmp_path / "crashes", tmp_path / "steady"
    python = sys.executable
    # Each program notes its pid in a file; the worker then crashes, the web server stays.
    note = "import os, sys, time; open(sys.argv[1], 'a').write(f'{os.getpid()} ')"
    (tmp_path / "crash.py").write_text(note + "; sys.exit(3)\n")
    (tmp_path / "serve.py").write_text(note + "; time.sleep(120)\n")
    (tmp_path / "Procfile").write_text(
        f"worker: {python} {tmp_path / 'crash.py'} {crashes}\n"
        f"web: {python} {tmp_path / 'serve.py'} {steady}\n"
    )
    supervisor = subprocess.Popen(
        [python, str(SUPERVISE), "--procfile", str(tmp_path / "Procfile"), "--min-delay", "0.1",
         "--max-delay", "0.4", "--grace", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        # The crashing worker comes back again and again (back-off 0.1, 0.2, 0.4 … s) ...
        assert _wait_for(lambda: len(_lines(crashes)) >= 4)
        # ... while the web process was started once and is still the same process.
        (web_pid,) = map(int, _lines(steady))
        assert _alive(web_pid)
        # kill -9 of a process: it is started again, the supervisor itself stays up.
        os.kill(web_pid, signal.SIGKILL)
        assert _wait_for(lambda: len(_lines(steady)) == 2)
        new_web_pid = int(_lines(steady)[1])
        assert new_web_pid != web_pid and _alive(new_web_pid)
        assert supervisor.poll() is None
    finally:
        supervisor.send_signal(signal.SIGTERM)
        output = supervisor.communicate(timeout=15)[0]
    assert supervisor.returncode == 0
    assert not _alive(new_web_pid)
    assert '"message": "exited, restarting", "process": "worker", "returncode": 3' in output
    assert '"message": "exited, restarting", "process": "web", "returncode": -9' in output
