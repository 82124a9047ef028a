#!/usr/bin/env python3
"""Run the processes of a Procfile and restart any that exits, with back-off.

Unlike honcho (one process ends, all end), a crashed or killed task worker is started again
while gunicorn keeps serving. SIGTERM or SIGINT stops every process (SIGKILL after the grace
period) and then the supervisor. Standard library only; see docs/operations.md.

    ops/supervise.py [--procfile ops/Procfile] [--min-delay 1] [--max-delay 60]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time


def log(message, **fields):
    print(json.dumps({"logger": "supervise", "message": message, **fields}), flush=True)


def read_procfile(path):
    """[(name, command)] from `name: command` lines (blank lines and # comments skipped)."""
    entries = []
    with open(path, encoding="utf-8") as procfile:
        for line in procfile:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, command = line.partition(":")
                entries.append((name.strip(), command.strip()))
    return entries


class Process:
    def __init__(self, name, command):
        self.name, self.command = name, command
        self.popen = None
        self.started_at = 0.0
        self.failures = 0  # exits in a row without a stable run
        self.restart_at = 0.0

    def start(self):
        # exec: signals reach the program itself, not an intermediate shell.
        self.popen = subprocess.Popen(["/bin/sh", "-c", f"exec {self.command}"])
        self.started_at = time.monotonic()
        log("started", process=self.name, pid=self.popen.pid)


class Supervisor:
    def __init__(self, entries, *, min_delay=1.0, max_delay=60.0, stable_after=60.0, grace=35.0):
        self.processes = [Process(name, command) for name, command in entries]
        self.min_delay, self.max_delay = min_delay, max_delay
        self.stable_after, self.grace = stable_after, grace
        self.stopping = False

    def delay_for(self, process):
        """1 s, 2 s, 4 s … up to max_delay after repeated quick exits."""
        return min(self.min_delay * 2 ** (process.failures - 1), self.max_delay)

    def stop(self, signum, frame):
        self.stopping = True

    def run(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for process in self.processes:
            process.start()
        while not self.stopping:
            now = time.monotonic()
            for process in self.processes:
                if process.popen is None:
                    if now >= process.restart_at:
                        process.start()
                    continue
                code = process.popen.poll()
                if code is None:
                    continue
                ran = now - process.started_at
                process.failures = 1 if ran >= self.stable_after else process.failures + 1
                delay = self.delay_for(process)
                log("exited, restarting", process=process.name, returncode=code,
                    ran_seconds=round(ran, 1), restart_in_seconds=delay)  # fmt: skip
                process.popen, process.restart_at = None, now + delay
            time.sleep(0.2)
        return self.shutdown()

    def shutdown(self):
        running = [p for p in self.processes if p.popen and p.popen.poll() is None]
        log("stopping", processes=[p.name for p in running])
        for process in running:
            process.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for process in running:
            try:
                process.popen.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log("killed after grace period", process=process.name)
                process.popen.kill()
                process.popen.wait()
        return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--procfile", default=os.path.join(here, "Procfile"))
    parser.add_argument("--min-delay", type=float, default=1.0, help="first restart delay (s)")
    parser.add_argument("--max-delay", type=float, default=60.0, help="longest delay (s)")
    parser.add_argument("--stable-after", type=float, default=60.0,
                        help="a run this long (s) resets the back-off")  # fmt: skip
    parser.add_argument("--grace", type=float, default=35.0, help="SIGTERM → SIGKILL (s)")
    args = parser.parse_args(argv)
    supervisor = Supervisor(
        read_procfile(args.procfile),
        min_delay=args.min_delay,
        max_delay=args.max_delay,
        stable_after=args.stable_after,
        grace=args.grace,
    )
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
