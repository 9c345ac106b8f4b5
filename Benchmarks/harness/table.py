"""The short table printed after the JSON: each target, what was measured,
and the ratios to the baselines of the same run."""


def render(results):
    rows = [("measure", "target", "measured", "side by side")]
    get = lambda *path: dig(results, path)  # noqa: E731

    on, off = get("ws_sandbox_on_vs_off", "on"), get("ws_sandbox_on_vs_off", "off")
    step_p50 = dig(on, ("step", "p50_ms"))
    python_c = get("step_per_process", "python3_c", "p50_ms")
    bwrap_c = get("step_per_process", "bwrap_python3_c", "p50_ms")
    rows.append(("step p50 / p99 over /ws, `x = 1 + 1`", "≤ 0.25 / ≤ 1 ms",
                 f"{step_p50} / {dig(on, ('step', 'p99_ms'))} ms",
                 f"codeenv {ratio(python_c, step_p50)} as fast as python3 -c ({python_c} ms), "
                 f"{ratio(bwrap_c, step_p50)} as fast as bwrap python3 -c ({bwrap_c} ms)"))
    rows.append(("the same step through OpenEnv's Python client (`GenericEnvClient`)", "",
                 f"{get('step_openenv_client', 'p50_ms')} / {get('step_openenv_client', 'p99_ms')} ms",
                 f"codeenv-bench {step_p50} ms: the rest is the Python client"))
    rows.append(("of which `environment.step` (worker round trip + Python)", "",
                 f"{dig(on, ('in_server_environment_step_mean_ms',))} ms mean", f"end-to-end mean {dig(on, ('step', 'mean_ms'))} ms"))
    rows.append(("reset p50 / p99", "≤ 1 ms", f"{dig(on, ('reset', 'p50_ms'))} / {dig(on, ('reset', 'p99_ms'))} ms", ""))
    rows.append(("sandbox on vs off (all layers), step p50", "", f"{step_p50} vs {dig(off, ('step', 'p50_ms'))} ms",
                 f"reset p50 {dig(on, ('reset', 'p50_ms'))} vs {dig(off, ('reset', 'p50_ms'))} ms"))
    rows.append(("throughput, 32 WS sessions", "≥ 5000 steps/s", f"{get('throughput_32_sessions', 'steps_per_s')} steps/s",
                 f"step p50 {get('throughput_32_sessions', 'step', 'p50_ms')} ms, "
                 f"p99 {get('throughput_32_sessions', 'step', 'p99_ms')} ms"))
    for label in ("loop_1e6", "sort_1e6_floats"):
        row = get("cpu_bound", label) or {}
        ours = dig(row, ("codeenv_ws_step", "p50_ms"))
        python = dig(row, ("python3_in_process", "p50_ms"))
        shared = dig(row, ("libpython_so_in_process", "p50_ms"))
        smol = dig(row, ("smolagents_local_python_executor", "p50_ms"))
        speed = dig(row, ("python3_in_process", "codeenv_speed"))
        shared_speed = dig(row, ("libpython_so_in_process", "codeenv_speed"))
        rows.append((f"CPU-bound step, {label} (median of rounds)", "≥ 0.95× python3",
                     f"{ours} ms = {speed}× python3's speed",
                     f"python3 in-process {python} ms; python3 over libpython3.11.so {shared} ms "
                     f"({shared_speed}×); smolagents LocalPythonExecutor {smol} ms (codeenv {ratio(smol, ours)} as fast)"))
    episodes = results.get("open_episodes", {})
    pss = episodes.get("pss_per_episode_kib")
    rows.append(("PSS per idle episode", "≤ 3 MiB", f"{round(pss / 1024, 2) if pss is not None else None} MiB",
                 f"+ server RSS {episodes.get('server_rss_per_episode_kib')} KiB per episode"))
    rows.append(("concurrent open episodes answering a step", "≥ 1000",
                 f"{episodes.get('answered_a_step')} of {episodes.get('episodes')}",
                 f"failures {episodes.get('failures')}; step p50 {dig(episodes, ('step', 'p50_ms'))} ms"))
    before, after = get("churn", "before") or {}, get("churn", "after") or {}
    rows.append((f"server under {get('churn', 'cycles')} reset/step cycles", "flat",
                 f"RSS {kib(before.get('server_rss_kib'))} → {kib(after.get('server_rss_kib'))} MiB, "
                 f"fds {before.get('server_fds')} → {after.get('server_fds')}, "
                 f"processes {before.get('processes_below_server')} → {after.get('processes_below_server')}",
                 f"failures {get('churn', 'failures')}"))
    return "\n".join("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows[:1] + [("---",) * 4] + rows[1:])


def dig(value, path):
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def ratio(baseline, ours):
    """codeenv's speed over the baseline's: baseline time / codeenv time."""
    if not baseline or not ours:
        return "n/a"
    return f"{baseline / ours:.2f}×"


def kib(value):
    return None if value is None else round(value / 1024, 1)
