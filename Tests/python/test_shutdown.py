"""SIGTERM stops the server: at once with clients that answer the close
handshake, and within --shutdown-grace with one that never reads."""

import base64
import os
import signal
import socket
import subprocess
import time

from websockets.sync.client import connect

from conftest import RunningServer


def start(tmp_path, *extra_args):
    server = RunningServer("echo", extra_args, tmp_path / "serve.log")
    server.wait_until_healthy()
    return server


def seconds_to_exit_after_sigterm(server, limit):
    began = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        server.stop()
        raise AssertionError(f"codeenv serve still running {limit} s after SIGTERM")
    return time.monotonic() - began


def test_sigterm_closes_answering_websocket_clients_at_once(tmp_path):
    server = start(tmp_path)
    with connect(f"ws://127.0.0.1:{server.port}/ws") as client:
        client.send('{"type": "reset", "data": {}}')
        client.recv()
        client.socket.settimeout(10)
        elapsed = seconds_to_exit_after_sigterm(server, 10)
    assert elapsed < 3
    assert server.process.returncode == 0


def test_a_client_that_never_reads_cannot_hold_the_shutdown(tmp_path):
    server = start(tmp_path, "--shutdown-grace", "1")
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        key = base64.b64encode(os.urandom(16)).decode()
        raw.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        raw.settimeout(10)
        handshake = b""
        while b"\r\n\r\n" not in handshake:
            handshake += raw.recv(4096)
        assert handshake.startswith(b"HTTP/1.1 101")
        # From here on the client reads nothing, so it never answers the close frame.
        elapsed = seconds_to_exit_after_sigterm(server, 20)
    assert 1 <= elapsed < 10
    assert server.process.returncode == 0
