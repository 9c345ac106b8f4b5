"""Runs codeenv-bench (Benchmarks/LoadDriver) and returns its JSON."""

import json
import subprocess


def drive(bench, url, sessions=1, steps=1000, cycles=1, warmup=0, code="x = 1 + 1", setup=None, timeout=300):
    args = [bench, "--url", url, "--sessions", str(sessions), "--steps", str(steps),
            "--cycles", str(cycles), "--warmup", str(warmup), "--code", code]
    if setup:
        args += ["--setup", setup]
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(done.stdout)


class Held:
    """codeenv-bench --hold: sessions stay open (idle, reset and stepped)
    until the context exits; `result` is its JSON, read once all stepped."""

    def __init__(self, bench, url, sessions, code="x = 1 + 1"):
        self.args = [bench, "--url", url, "--sessions", str(sessions), "--steps", "1", "--code", code, "--hold"]

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.result = json.loads(self.process.stdout.readline())
        return self

    def __exit__(self, *_):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
