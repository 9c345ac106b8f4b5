"""/ws connections that come and go leave the server as they found it."""

from websockets.sync.client import connect

from conftest import RunningServer


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])


def test_two_thousand_connections_leave_the_servers_memory_flat(tmp_path):
    server = RunningServer("echo", [], tmp_path / "serve.log")
    server.wait_until_healthy()
    try:
        def open_reset_close(count):
            for _ in range(count):
                with connect(f"ws://127.0.0.1:{server.port}/ws") as client:
                    client.send('{"type": "reset"}')
                    client.recv()

        open_reset_close(300)
        before = resident_kib(server.process.pid)
        open_reset_close(2000)
        grown = resident_kib(server.process.pid) - before
        # A connection that left anything behind (a handler, a timer, a
        # session) would add a kilobyte or more each: 2 MiB here.
        assert grown < 1024, f"the server's RSS grew by {grown} KiB over 2,000 connections"
    finally:
        server.stop()
