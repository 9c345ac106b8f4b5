"""The coding environment driven by OpenEnv's own client (openenv-core),
over /ws and over plain HTTP, against a real `codeenv serve --env coding`."""

import os
import socket
import subprocess
import time

import pytest
import requests
from openenv.core.generic_client import GenericEnvClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _binary():
    explicit = os.environ.get("CODEENV_BIN")
    if explicit:
        return explicit
    for build in (".build", ".build-worker"):
        for config in ("release", "debug"):
            path = os.path.join(ROOT, build, config, "codeenv")
            if os.path.exists(path):
                return path
    pytest.skip("no codeenv binary built (set CODEENV_BIN)")


@pytest.fixture(scope="module")
def coding_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [_binary(), "serve", "--env", "coding", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def env(coding_url):
    with GenericEnvClient(base_url=coding_url).sync() as client:
        yield client


def test_reset_observation_is_empty_with_reward_zero(env):
    result = env.reset()
    assert result.observation["stdout"] == ""
    assert result.observation["stderr"] == ""
    assert result.observation["exit_code"] == 0
    assert result.reward == 0.0
    assert result.done is False


def test_print_and_arithmetic(env):
    env.reset()
    result = env.step({"code": "print(2 ** 10, 7 // 2)"})
    assert result.observation["stdout"] == "1024 3\n"
    assert result.observation["exit_code"] == 0
    assert result.reward == 0.1


def test_statement_prints_nothing(env):
    env.reset()
    assert env.step({"code": "x = 1 + 1"}).observation["stdout"] == ""


def test_imports_and_multi_line_functions(env):
    env.reset()
    env.step({"code": "import json, math\n\ndef hyp(a, b):\n    return math.hypot(a, b)\n"})
    result = env.step({"code": "print(json.dumps({'h': hyp(3, 4)}))"})
    assert result.observation["stdout"] == '{"h": 5.0}\n'


@pytest.mark.parametrize("code, error", [
    ("1 / 0", "ZeroDivisionError"),
    ("print(undefined)", "NameError"),
    ("def broken(:\n    pass", "SyntaxError"),
])
def test_errors_exit_one_naming_the_error(env, code, error):
    env.reset()
    result = env.step({"code": code})
    assert result.observation["exit_code"] == 1
    assert error in result.observation["stderr"]
    assert "<cell>" in result.observation["stderr"]


def test_variables_and_functions_persist_and_reset_clears_them(env):
    env.reset()
    env.step({"code": "counter = 10\ndef bump():\n    global counter\n    counter += 1\n    return counter"})
    assert env.step({"code": "print(bump())"}).observation["stdout"] == "11\n"
    env.reset()
    cleared = env.step({"code": "print(counter)"})
    assert cleared.observation["exit_code"] == 1
    assert "NameError" in cleared.observation["stderr"]


def test_state_tracks_episode_steps_and_last_exit_code(env):
    env.reset(episode_id="py-episode")
    env.step({"code": "print(1)"})
    env.step({"code": "import sys\nsys.exit(3)"})
    state = env.state()
    assert state["episode_id"] == "py-episode"
    assert state["step_count"] == 2
    assert state["last_exit_code"] == 3


@pytest.mark.parametrize("code, reward", [
    ('print("hi")', 0.1),
    ("import os", -0.9),
    ("x = (" + "1 + " * 40, -0.2),
    ("return 1", 0.1),
    ("  x = 1", -0.1),
    ("eval(", -1.1),
    ("#" + "é" * 99, 0.1),
    ("#" + "é" * 100, 0.0),
    ("open(1); eval('2')", -0.9),
])
def test_rewards_match_openenv_exactly(env, code, reward):
    env.reset()
    assert env.step({"code": code}).reward == reward


def test_http_reset_step_state(coding_url):
    session = {"X-Session-Id": "python-http"}
    reset = requests.post(f"{coding_url}/reset", json={}, headers=session).json()
    assert reset == {"observation": {"stdout": "", "stderr": "", "exit_code": 0, "metadata": {}},
                     "reward": 0.0, "done": False}
    requests.post(f"{coding_url}/step", json={"action": {"code": "total = 40"}}, headers=session)
    step = requests.post(f"{coding_url}/step", json={"action": {"code": "import os\nprint(total + 2)"}},
                         headers=session).json()
    assert step["observation"]["stdout"] == "42\n"
    assert step["observation"]["exit_code"] == 0
    assert step["observation"]["metadata"]["safety_violation"] == "import\\s+os"
    assert step["reward"] == -0.9
    state = requests.get(f"{coding_url}/state", headers=session).json()
    assert state["step_count"] == 2
    assert state["last_exit_code"] == 0
