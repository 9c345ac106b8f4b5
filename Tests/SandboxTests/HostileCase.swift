import Testing

/// One attack from issue 5's list, the profile it runs under, the layer
/// that stops it, and the answer only that layer gives. `{SECRET}`,
/// `{CANARY}` and `{PORT}` in the code stand for the host fixtures.
struct HostileCase: Sendable, CustomTestStringConvertible {
    enum Expectation: Sendable {
        case stdout(String)
        case stdoutPrefix(String)
        case stdoutSuffix(String)
        /// The traceback's last line and the exit code.
        case exception(String, exitCode: Int)
        /// The worker died of `signal` and the step says so.
        case killedBy(signal: Int)

        func check(_ observation: CodingServer.Observation, sourceLocation: SourceLocation = #_sourceLocation) {
            switch self {
            case .stdout(let text):
                #expect(observation.stdout == text, sourceLocation: sourceLocation)
            case .stdoutPrefix(let text):
                #expect(observation.stdout.hasPrefix(text), "\(observation.stdout)", sourceLocation: sourceLocation)
            case .stdoutSuffix(let text):
                #expect(observation.stdout.hasSuffix(text), sourceLocation: sourceLocation)
            case .exception(let line, let exitCode):
                #expect(observation.lastStderrLine == line, sourceLocation: sourceLocation)
                #expect(observation.exitCode == exitCode, sourceLocation: sourceLocation)
            case .killedBy(let signal):
                #expect(observation.exitCode == 128 + signal, sourceLocation: sourceLocation)
                #expect(observation.workerExited, sourceLocation: sourceLocation)
            }
        }
    }

    var name: String
    var profile: String
    var stoppedBy: String
    var steps: [String]
    var timeout: Double? = nil
    var expectation: Expectation

    var testDescription: String { "\(name) (\(profile)): stopped by \(stoppedBy)" }

    init(_ name: String, _ profile: String, stoppedBy: String, _ code: String..., timeout: Double? = nil,
         expect expectation: Expectation) {
        self.name = name
        self.profile = profile
        self.stoppedBy = stoppedBy
        steps = code
        self.timeout = timeout
        self.expectation = expectation
    }

    /// Prints `ExceptionName errno` for the OSError `attempt` raises.
    static func errno(of attempt: String) -> String {
        """
        try:
            \(attempt)
            print("not stopped")
        except OSError as e:
            print(type(e).__name__, e.errno)
        """
    }

    static let all: [HostileCase] = processes + resources + escapes + kernel

    static let processes: [HostileCase] = [
        HostileCase("fork bomb", "strict", stoppedBy: "seccomp (fork refused)",
                    "import os\n" + errno(of: "while True: os.fork()"), expect: .stdout("PermissionError 1\n")),
        HostileCase("fork bomb", "permissive", stoppedBy: "rlimits (RLIMIT_NPROC)", """
            import os, time
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
            except OSError as e:
                print(type(e).__name__, e.errno)
            """, expect: .stdout("BlockingIOError 11\n")),
        HostileCase("thread bomb", "strict", stoppedBy: "rlimits (RLIMIT_NPROC counts threads)", """
            import threading, time
            try:
                while True:
                    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
            except RuntimeError as e:
                print(e)
            """, expect: .stdout("can't start new thread\n")),
        HostileCase("background process outliving its step", "permissive",
                    stoppedBy: "namespaces (the worker kills its namespace's other processes when the step ends)",
                    "import subprocess\nsubprocess.Popen(['sleep', '1000'], start_new_session=True)\nprint('started')",
                    "import os\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))",
                    expect: .stdout("[1, 2]\n")),
        HostileCase("os.execv", "strict", stoppedBy: "seccomp (exec refused)",
                    "import os\n" + errno(of: "os.execv('/bin/sh', ['sh'])"), expect: .stdout("PermissionError 1\n")),
        HostileCase("subprocess.run", "strict", stoppedBy: "seccomp (no new processes)",
                    "import subprocess\n" + errno(of: "subprocess.run(['id'])"), expect: .stdout("PermissionError 1\n")),
        HostileCase("subprocess reading the host secret", "permissive", stoppedBy: "filesystem (not in the root)",
                    "import subprocess\nprint(subprocess.run(['cat', '{SECRET}'], capture_output=True).returncode)",
                    expect: .stdout("1\n")),
        HostileCase("kill(-1, SIGKILL)", "permissive", stoppedBy: "namespaces (reaches only its own children)", """
            import os, subprocess
            child = subprocess.Popen(['sleep', '1000'])
            os.kill(-1, 9)
            print(child.wait())
            """, expect: .stdout("-9\n")),
        HostileCase("killing the parent and every pid", "strict",
                    stoppedBy: "namespaces (only the namespace's init is visible, and it ignores signals from inside)", """
            import os
            own = {int(t) for t in os.listdir('/proc/self/task')}
            reached = []
            for pid in range(1, 1 << 16):
                if pid in own:
                    continue
                try:
                    os.kill(pid, 9)
                    reached.append(pid)
                except ProcessLookupError:
                    pass
            print(os.getppid(), reached)
            """, expect: .stdout("1 [1]\n")),
    ]

    static let resources: [HostileCase] = [
        HostileCase("memory bomb", "strict", stoppedBy: "rlimits (RLIMIT_AS)",
                    "hog = bytearray(8 << 30)", expect: .exception("MemoryError", exitCode: 1)),
        HostileCase("infinite loop", "strict", stoppedBy: "the step time limit", "while True: pass", timeout: 1,
                    expect: .exception("KeyboardInterrupt: time limit of 1 s exceeded", exitCode: 1)),
        HostileCase("recursion bomb", "strict", stoppedBy: "CPython's recursion limit",
                    "def f(n): return f(n + 1)\nf(0)",
                    expect: .exception("RecursionError: maximum recursion depth exceeded", exitCode: 1)),
        HostileCase("disk fill", "strict", stoppedBy: "filesystem (size-capped tmpfs)", """
            n = 0
            try:
                while True:
                    open(f'/tmp/fill{n}', 'wb').write(b'x' * (4 << 20))
                    n += 1
            except OSError as e:
                print(type(e).__name__, e.errno, n)
            """, expect: .stdout("OSError 28 4\n")),
        HostileCase("1 GB of output", "strict", stoppedBy: "the output cap", """
            import sys
            chunk = 'x' * (1 << 20)
            for _ in range(1024):
                sys.stdout.write(chunk)
            """, timeout: 60,
                    expect: .stdoutSuffix("[output truncated: 1048576 bytes shown, 1072693248 more bytes dropped]\n")),
        HostileCase("too many files", "strict", stoppedBy: "rlimits (RLIMIT_NOFILE)", """
            files = []
            try:
                while True:
                    files.append(open('/dev/null'))
            except OSError as e:
                print(type(e).__name__, e.errno)
            """, expect: .stdout("OSError 24\n")),
    ]

    static let escapes: [HostileCase] = [
        HostileCase("connect to a host loopback listener", "strict", stoppedBy: "seccomp (no sockets)",
                    "import socket\n" + errno(of: "socket.create_connection(('127.0.0.1', {PORT}), timeout=2)"),
                    expect: .stdout("PermissionError 1\n")),
        HostileCase("connect to a host loopback listener", "permissive", stoppedBy: "seccomp (no AF_INET)",
                    "import socket\n" + errno(of: "socket.create_connection(('127.0.0.1', {PORT}), timeout=2)"),
                    expect: .stdout("PermissionError 1\n")),
        HostileCase("reading a host secret", "strict", stoppedBy: "filesystem (not in the root)",
                    errno(of: "open('{SECRET}').read()"), expect: .stdout("FileNotFoundError 2\n")),
        HostileCase("writing a host canary", "strict", stoppedBy: "filesystem (not in the root)",
                    errno(of: "open('{CANARY}', 'w').write('escaped')"), expect: .stdout("FileNotFoundError 2\n")),
        HostileCase("cross-session snooping", "strict", stoppedBy: "namespaces and filesystem (own /tmp, own pids)", """
            import os
            print(os.listdir('/tmp'), sorted(p for p in os.listdir('/proc') if p.isdigit()), 'x' in globals())
            """, expect: .stdout("[] ['1', '2'] False\n")),
    ]

    /// Raw system calls through ctypes, by their x86_64 numbers.
    static let kernel: [HostileCase] = [
        HostileCase("ptrace and raw syscall()", "strict", stoppedBy: "seccomp (refused with EPERM)", """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            for name, number, args in (('ptrace', 101, (16, 1, 0, 0)), ('unshare', 272, (0x10000000,)),
                                       ('mount', 165, (0, 0, 0, 0, 0)), ('bpf', 321, (0, 0, 0)), ('keyctl', 250, (0, 0)),
                                       ('reboot', 169, (0xfee1dead, 672274793, 0x1234567, 0))):
                print(name, libc.syscall(number, *map(ctypes.c_long, args)), ctypes.get_errno())
            """, expect: .stdout("ptrace -1 1\nunshare -1 1\nmount -1 1\nbpf -1 1\nkeyctl -1 1\nreboot -1 1\n")),
        HostileCase("segfault via ctypes", "strict", stoppedBy: "process isolation (only its worker dies)",
                    "import ctypes\nctypes.string_at(0)", expect: .killedBy(signal: 11)),
    ]
}
