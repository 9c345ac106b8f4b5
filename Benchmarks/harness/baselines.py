"""The baselines run beside codeenv in the same run: a fresh `python3 -c`
per step, the same under bubblewrap, the code in-process in Debian's
python3, and smolagents' LocalPythonExecutor."""

import json
import os
import statistics
import subprocess
import time

PYTHON = "/usr/bin/python3"

# A per-run sandbox as harnesses build it with Debian's bubblewrap: read-only
# system, private /tmp, every namespace unshared (no network), dies with us.
BWRAP = ["bwrap", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
         "--symlink", "usr/bin", "/bin", "--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev",
         "--tmpfs", "/tmp", "--unshare-all", "--die-with-parent", "--new-session"]

# Runs SETUP once, then CODE `reps` times in one namespace, and prints each
# run's seconds; the interpreter is whichever python runs it.
_TIMER = """
import json, sys, time
setup, code, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
namespace = {"__name__": "__main__"}
exec(setup, namespace)
compiled = compile(code, "<step>", "exec")
times = []
for _ in range(reps):
    start = time.perf_counter()
    exec(compiled, namespace)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""

# The same with smolagents' interpreter, as OpenEnv's reference coding env
# calls it (one executor per episode, code evaluated by its AST walker).
_SMOLAGENTS = """
import json, sys, time
from smolagents.local_python_executor import LocalPythonExecutor
setup, code, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
executor = LocalPythonExecutor(additional_authorized_imports=["random"])
executor.send_tools({})
executor(setup)
times = []
for _ in range(reps):
    start = time.perf_counter()
    executor(code)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""

# A step as an RL loop written against OpenEnv sees it: its own client
# (openenv-core's GenericEnvClient, over /ws), one episode, trivial steps.
_OPENENV_CLIENT = """
import json, sys, time
from openenv.core.generic_client import GenericEnvClient
url, code, steps, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
times = []
with GenericEnvClient(base_url=url).sync() as client:
    client.reset()
    for index in range(warmup + steps):
        start = time.perf_counter()
        result = client.step({"code": code})
        if index >= warmup:
            times.append(time.perf_counter() - start)
        assert result.observation["exit_code"] == 0, result
print(json.dumps(times))
"""


def summary_ms(seconds):
    ordered = sorted(seconds)
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
        "min_ms": round(ordered[0] * 1000, 3),
    }


def process_per_step(code, runs, sandboxed):
    """A fresh interpreter per step: `python3 -c`, or the same inside bwrap."""
    command = (BWRAP if sandboxed else []) + [PYTHON, "-c", code]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=60)
        times.append(time.perf_counter() - start)
    return summary_ms(times)


def in_process(python, setup, code, reps, smolagents=False):
    """CODE timed `reps` times inside one interpreter (Debian's python3, or
    smolagents' executor running on it)."""
    script = _SMOLAGENTS if smolagents else _TIMER
    done = subprocess.run([python, "-c", script, setup, code, str(reps)],
                          capture_output=True, text=True, timeout=600, check=True)
    return summary_ms(json.loads(done.stdout.strip().splitlines()[-1]))


def embedded_python(directory):
    """Builds harness/embedded_python.c into `directory`; returns its path."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "embedded_python.c")
    binary = os.path.join(directory, "python3-libpython-so")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "python3-embed"],
                           capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["gcc", "-O2", source, "-o", binary, *flags], check=True)
    return binary


def openenv_client_steps(python, url, code, steps, warmup):
    """Steps timed through OpenEnv's Python client, in the venv `python` runs."""
    done = subprocess.run([python, "-c", _OPENENV_CLIENT, url, code, str(steps), str(warmup)],
                          capture_output=True, text=True, timeout=600, check=True)
    return summary_ms(json.loads(done.stdout.strip().splitlines()[-1]))
