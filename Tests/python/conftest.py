"""Shared pytest fixtures: a real `codeenv serve` per test module.

Nothing is built here. The binary comes from $CODEENV_BIN (the Makefile sets
it), else from the first `codeenv` found in a build folder of the checkout.

Fixture API, for any environment:
    serve(env, *extra_args) -> base URL   (module-scoped factory; each call
        starts `codeenv serve --env ENV --host 127.0.0.1 --port <free>`, waits
        for GET /health, and stops the server when the module ends)
    echo_url -> base URL of a `--env echo` server for the module
"""

import glob
import os
import socket
import subprocess
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STARTUP_SECONDS = 60


def codeenv_binary():
    explicit = os.environ.get("CODEENV_BIN")
    if explicit:
        return explicit
    built = sorted(glob.glob(os.path.join(ROOT, ".build*", "*", "codeenv")), key=os.path.getmtime, reverse=True)
    if not built:
        pytest.fail("no codeenv binary: run `swift build` first or set CODEENV_BIN")
    return built[0]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningServer:
    """One `codeenv serve` process; its output goes to a log file that is
    shown when it fails to start."""

    def __init__(self, env, extra_args, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [codeenv_binary(), "serve", "--env", env, "--host", "127.0.0.1", "--port", str(self.port), *extra_args]
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_healthy(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        self.stop()
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            pytest.fail(f"codeenv serve did not become healthy (exit {self.process.returncode}):\n{log.read()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    servers = []

    def start(env, *extra_args):
        server = RunningServer(env, extra_args, tmp_path_factory.mktemp("codeenv") / f"serve-{env}.log")
        servers.append(server)
        server.wait_until_healthy()
        return server.url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def echo_url(serve):
    return serve("echo")
