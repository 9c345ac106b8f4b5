"""A codeenv server on loopback for one measure, and what its process tree holds."""

import json
import os
import signal
import subprocess
import time
import urllib.request

LAYERS = ("namespaces", "filesystem", "rlimits", "privileges", "seccomp")


class Server:
    """`codeenv serve` started on a free loopback port; stopped on exit."""

    def __init__(self, binary, port, max_sessions=64, sandbox=True, pool_size=None):
        self.binary, self.port = binary, port
        self.args = [binary, "serve", "--host", "127.0.0.1", "--port", str(port),
                     "--max-sessions", str(max_sessions), "--log-level", "error"]
        if pool_size is not None:
            self.args += ["--worker-pool-size", str(pool_size)]
        if not sandbox:
            for layer in LAYERS:
                self.args += ["--allow-weaker-sandbox", layer]
        self.process = None

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def base_url(self):
        """What OpenEnv's clients take: they add /ws themselves."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base_url}/health", timeout=1) as reply:
                    if json.load(reply).get("status") == "healthy":
                        time.sleep(0.5)  # let the warm pool fill
                        return self
            except OSError:
                time.sleep(0.1)
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stderr.read().decode()[-2000:]}")
        raise RuntimeError("server not healthy within 30 s")

    def __exit__(self, *_):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def step_seconds(self):
        """`environment.step`'s total seconds and count so far, from /metrics
        (the worker round trip and Python, without /ws and JSON)."""
        with urllib.request.urlopen(f"{self.base_url}/metrics", timeout=5) as reply:
            lines = reply.read().decode().splitlines()
        values = {line.split("{")[0]: float(line.split()[-1]) for line in lines
                  if line.startswith("codeenv_step_duration_seconds_")}
        return values.get("codeenv_step_duration_seconds_sum", 0.0), values.get("codeenv_step_duration_seconds_count", 0.0)

    def descendants(self):
        """Every process below the server (zygote, workers and their helpers)."""
        children = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
        found, queue = [], [self.process.pid]
        while queue:
            for child in children.get(queue.pop(), []):
                found.append(child)
                queue.append(child)
        return found

    def snapshot(self):
        """The server's own RSS and fds, and its process tree's size and PSS."""
        pid = self.process.pid
        tree = self.descendants()
        return {
            "server_rss_kib": status_field(pid, "VmRSS"),
            "server_fds": len(os.listdir(f"/proc/{pid}/fd")),
            "server_threads": status_field(pid, "Threads"),
            "processes_below_server": len(tree),
            "pss_below_server_kib": sum(rollup_pss(child) for child in tree),
        }


def status_field(pid, name):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def rollup_pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
