import Testing

/// What user code sees from inside a worker with every layer on (strict
/// profile), asserted from Python running in the worker.
@Suite(.enabled(if: SandboxHelper.isAvailable))
struct ConfinementTests {
    @Test func statusShowsNoCapabilitiesNoNewPrivsAndASeccompFilter() async throws {
        let outcome = try await SandboxHelper.run("""
            status = dict(line.split(":", 1) for line in open("/proc/self/status"))
            for field in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"):
                print(field, status[field].strip())
            """)
        #expect(outcome == .init(status: 0, stdout: """
            CapInh 0000000000000000
            CapPrm 0000000000000000
            CapEff 0000000000000000
            CapBnd 0000000000000000
            CapAmb 0000000000000000
            NoNewPrivs 1
            Seccomp 2

            """, stderr: ""))
    }

    @Test func runsAsTheUnprivilegedWorkerIdWithoutGroups() async throws {
        let outcome = try await SandboxHelper.run("""
            import os, getpass
            print(os.getresuid(), os.getresgid(), os.getgroups(), getpass.getuser())
            """)
        #expect(outcome.stdout == "(1000, 1000, 1000) (1000, 1000, 1000) [] sandbox\n")
    }

    /// pid 1 is the namespace's init (Sandbox/init.c).
    @Test func isPidTwoUnderItsInitAndSeesOnlyItsOwnProcesses() async throws {
        let outcome = try await SandboxHelper.run("""
            import os
            print(os.getpid(), os.getppid(), sorted(p for p in os.listdir("/proc") if p.isdigit()))
            """)
        #expect(outcome.stdout == "2 1 ['1', '2']\n")
    }

    @Test func networkHasOnlyLoopback() async throws {
        let outcome = try await SandboxHelper.run("""
            print([line.split(":")[0].strip() for line in open("/proc/net/dev").readlines()[2:]])
            """)
        #expect(outcome.stdout == "['lo']\n")
    }

    /// Checked with the seccomp layer off, which would otherwise refuse the
    /// socket the ioctl needs: the network namespace alone leaves lo down.
    @Test func loopbackIsDown() async throws {
        let outcome = try await SandboxHelper.run("""
            import fcntl, socket, struct
            request = struct.pack("16sH14x", b"lo", 0)
            flags = struct.unpack("16sH14x", fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8913, request))[1]
            print("IFF_UP" if flags & 1 else "down")
            """, ["--disable", "seccomp"])
        #expect(outcome.stdout == "down\n")
    }

    @Test func rootAndUsrAreReadOnly() async throws {
        let outcome = try await SandboxHelper.run("""
            import errno
            for path in ("/canary", "/usr/canary", "/etc/passwd"):
                try:
                    open(path, "w")
                except OSError as e:
                    print(path, errno.errorcode[e.errno])
            """)
        #expect(outcome.stdout == "/canary EROFS\n/usr/canary EROFS\n/etc/passwd EROFS\n")
    }

    @Test func rootHoldsOnlyWhatTheWorkerNeeds() async throws {
        let outcome = try await SandboxHelper.run("""
            import os
            print(sorted(os.listdir("/")))
            print(sorted(os.listdir("/dev")))
            print(sorted(os.listdir("/etc")))
            print(os.getcwd(), os.uname().nodename)
            """)
        #expect(outcome.stdout == """
            ['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sbin', 'tmp', 'usr']
            ['fd', 'null', 'shm', 'stderr', 'stdin', 'stdout', 'urandom', 'zero']
            ['group', 'ld.so.cache', 'passwd']
            /tmp sandbox

            """)
    }

    @Test func devicesWork() async throws {
        let outcome = try await SandboxHelper.run("""
            print(open("/dev/null", "w").write("x"), open("/dev/zero", "rb").read(2), len(open("/dev/urandom", "rb").read(8)))
            """)
        #expect(outcome.stdout == "1 b'\\x00\\x00' 8\n")
    }

    @Test func tmpIsWritableAndCapped() async throws {
        let outcome = try await SandboxHelper.run("""
            import os
            chunk = b"x" * (1 << 20)
            written = 0
            try:
                with open("/tmp/fill", "wb") as f:
                    while True:
                        f.write(chunk)
                        f.flush()
                        written += 1
            except OSError as e:
                print(os.strerror(e.errno), written)
            """, ["--tmpfs", "\(4 << 20)"])
        #expect(outcome.stdout == "No space left on device 4\n")
    }

    @Test func hostFilesAreNotInTheRoot() async throws {
        let outcome = try await SandboxHelper.run("""
            import os
            print([os.path.exists(p) for p in ("/etc/shadow", "/root", "/home", "/var", "/run", "/sys", "\(SandboxHelper.repository.path)")])
            """)
        #expect(outcome.stdout == "[False, False, False, False, False, False, False]\n")
    }

    @Test func threadsAndTheStandardLibraryWork() async throws {
        let outcome = try await SandboxHelper.run("""
            import threading, sqlite3, decimal, json, ssl
            results = []
            workers = [threading.Thread(target=results.append, args=(i,)) for i in range(8)]
            for w in workers: w.start()
            for w in workers: w.join()
            print(sorted(results), sqlite3.connect(":memory:").execute("select 6 * 7").fetchone()[0], decimal.Decimal(1) / 4)
            """)
        #expect(outcome == .init(status: 0, stdout: "[0, 1, 2, 3, 4, 5, 6, 7] 42 0.25\n", stderr: ""))
    }
}
