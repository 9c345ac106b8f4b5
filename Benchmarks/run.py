#!/usr/bin/python3
"""codeenv's benchmarks, with their baselines run side by side in one run.

    make bench            (= /usr/bin/python3 Benchmarks/run.py)

Builds release into .build-bench, starts servers on loopback one at a time,
drives /ws with codeenv-bench (Benchmarks/LoadDriver), prints one JSON object
and a table, and writes both to Benchmarks/results/. Every measure is bounded
in count and time. `--quick` runs smaller counts (a smoke run).
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import baselines  # noqa: E402
from harness.driver import Held, drive  # noqa: E402
from harness.server import Server  # noqa: E402
from harness.table import render  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRIVIAL = "x = 1 + 1"
LOOP = "s = 0\nfor i in range(1000000):\n    s += i"
SORT_SETUP = "import random\nrandom.seed(7)\na = [random.random() for _ in range(1000000)]"
SORT = "b = sorted(a)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scratch", default=os.path.join(ROOT, ".build-bench"))
    parser.add_argument("--venv", default=os.path.join(ROOT, ".venv-bench"), help="a venv with smolagents")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--port", type=int, default=18400)
    options = parser.parse_args()
    scale = 0.1 if options.quick else 1.0

    if not options.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", options.scratch], cwd=ROOT, check=True)
    binary = os.path.join(options.scratch, "release", "codeenv")
    bench = os.path.join(options.scratch, "release", "codeenv-bench")
    ports = iter(range(options.port, options.port + 100))
    n = lambda count: max(1, int(count * scale))  # noqa: E731

    results = {"machine": machine(), "started": now()}
    results_dir = os.path.join(ROOT, "Benchmarks", "results")
    os.makedirs(results_dir, exist_ok=True)

    def measure(name, function):
        began = time.monotonic()
        print(f"... {name}", file=sys.stderr, flush=True)
        try:
            results[name] = function()
        except Exception as error:  # a failed measure is reported, the run goes on
            results[name] = {"error": f"{type(error).__name__}: {error}"[:500]}
        results[name + "_seconds"] = round(time.monotonic() - began, 1)

    def sandbox_pair():
        pair = {}
        for label, sandbox in (("on", True), ("off", False)):
            with Server(binary, next(ports), sandbox=sandbox) as server:
                seconds, count = server.step_seconds()
                step = drive(bench, server.url, steps=n(5000), warmup=n(500))["step"]
                after_seconds, after_count = server.step_seconds()
                pair[label] = {
                    "step": step,
                    "in_server_environment_step_mean_ms": round(
                        (after_seconds - seconds) / max(1, after_count - count) * 1000, 3),
                    "reset": drive(bench, server.url, cycles=n(500), steps=1)["reset"],
                }
        return pair

    measure("ws_sandbox_on_vs_off", sandbox_pair)
    measure("step_per_process", lambda: {
        "python3_c": baselines.process_per_step(TRIVIAL, n(100), sandboxed=False),
        "bwrap_python3_c": baselines.process_per_step(TRIVIAL, n(100), sandboxed=True),
    })

    def openenv_client():
        venv_python = os.path.join(options.venv, "bin", "python")
        with Server(binary, next(ports)) as server:
            return baselines.openenv_client_steps(venv_python, server.base_url, TRIVIAL, n(2000), n(200))

    measure("step_openenv_client", openenv_client)

    def throughput():
        with Server(binary, next(ports)) as server:
            return drive(bench, server.url, sessions=32, steps=n(500), warmup=20)

    measure("throughput_32_sessions", throughput)

    def cpu_bound():
        # Rounds alternate codeenv and the in-process baselines, so a noisy
        # neighbour slows both sides of a round alike; the speed is the
        # median of the rounds' ratios.
        venv_python = os.path.join(options.venv, "bin", "python")
        embedded = baselines.embedded_python(results_dir)
        rows = {}
        with Server(binary, next(ports)) as server:
            for label, setup, code in (("loop_1e6", "pass", LOOP), ("sort_1e6_floats", SORT_SETUP, SORT)):
                rounds = {"codeenv_ws_step": [], "python3_in_process": [], "libpython_so_in_process": []}
                for _ in range(n(6)):
                    ours = drive(bench, server.url, steps=4, warmup=1, code=code, setup=setup)["step"]
                    rounds["codeenv_ws_step"].append(ours["p50_ms"])
                    for name, python in (("python3_in_process", baselines.PYTHON), ("libpython_so_in_process", embedded)):
                        rounds[name].append(baselines.in_process(python, setup, code, 4)["p50_ms"])
                row = {name: {"round_p50s_ms": times, "p50_ms": round(statistics.median(times), 3)} for name, times in rounds.items()}
                for name in ("python3_in_process", "libpython_so_in_process"):
                    row[name]["codeenv_speed"] = round(statistics.median(
                        theirs / ours for theirs, ours in zip(rounds[name], rounds["codeenv_ws_step"])), 3)
                row["smolagents_local_python_executor"] = (
                    baselines.in_process(venv_python, setup, code, 3, smolagents=True)
                    if os.path.exists(venv_python) else {"error": f"no venv at {options.venv}"})
                rows[label] = row
        return rows

    measure("cpu_bound", cpu_bound)

    def open_episodes():
        count = n(1000)
        with Server(binary, next(ports), max_sessions=count + 16) as server:
            before = server.snapshot()
            with Held(bench, server.url, count) as held:
                time.sleep(1)
                during = server.snapshot()
            result = held.result
            return {
                "episodes": count,
                "answered_a_step": result["step"].get("count", 0),
                "failures": result["failures"],
                "first_failure": result["first_failure"],
                "reset": result["reset"],
                "step": result["step"],
                "before": before,
                "while_open": during,
                "pss_per_episode_kib": round((during["pss_below_server_kib"] - before["pss_below_server_kib"]) / count),
                "server_rss_per_episode_kib": round((during["server_rss_kib"] - before["server_rss_kib"]) / count),
            }

    measure("open_episodes", open_episodes)

    def churn():
        cycles = n(10_000)
        with Server(binary, next(ports)) as server:
            drive(bench, server.url, sessions=4, cycles=25, steps=1)
            time.sleep(1)
            before = server.snapshot()
            result = drive(bench, server.url, sessions=4, cycles=cycles // 4, steps=1, timeout=900)
            time.sleep(2)
            after = server.snapshot()
        return {"cycles": cycles, "failures": result["failures"], "reset": result["reset"], "step": result["step"],
                "before": before, "after": after}

    measure("churn", churn)

    results["finished"] = now()
    stamp = results["started"].replace(":", "").replace("-", "")
    table = render(results)
    with open(os.path.join(results_dir, f"{stamp}.json"), "w") as out:
        json.dump(results, out, indent=2)
    with open(os.path.join(results_dir, f"{stamp}.md"), "w") as out:
        out.write(table + "\n")
    print(json.dumps(results, indent=2))
    print(table)


def machine():
    with open("/proc/loadavg") as loadavg:
        load = loadavg.read().split()[:3]
    return {"cores": os.cpu_count(), "kernel": platform.release(), "load_average_at_start": load}


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    main()
