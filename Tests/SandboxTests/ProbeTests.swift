import Testing

/// `sandbox_probe` and configuration checks: a layer that cannot be set up
/// is named with the call and errno that failed, so the server can refuse to
/// start and say why.
@Suite(.enabled(if: SandboxHelper.isAvailable))
struct ProbeTests {
    @Test func probeSucceedsWithEveryLayer() async throws {
        #expect(try await SandboxHelper.probe() == .init(status: 0, stdout: "ok\n", stderr: ""))
    }

    /// A host with user namespaces turned off, made by setting
    /// user.max_user_namespaces to 0 inside a throw-away user namespace.
    @Test func probeNamesUnavailableUserNamespaces() async throws {
        let outcome = try await SandboxHelper.probe(wrappedIn: [
            "/usr/bin/unshare", "--user", "--map-root-user", "/bin/sh", "-c",
            #"echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" "$@""#,
        ])
        #expect(outcome == .init(status: 1, stdout: """
            namespaces: clone(CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWNS|CLONE_NEWIPC|CLONE_NEWUTS|\
            CLONE_NEWCGROUP): No space left on device

            """, stderr: ""))
    }

    /// A failure inside the child travels back over the spawn channel: an
    /// unprivileged caller cannot drop the capability bounding set.
    @Test func probeNamesAFailureInsideTheChild() async throws {
        let outcome = try await SandboxHelper.probe(
            ["--disable", "namespaces", "--disable", "filesystem"],
            wrappedIn: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(outcome.stdout == "privileges: cap_drop_bound(0): Operation not permitted\n")
    }

    @Test(arguments: [
        (["--disable", "namespaces"], "filesystem: needs the namespaces layer (a private mount namespace)\n"),
        (["--id-base", "0"], "namespaces: outside_id_base 0 is not an unused id range (0 is the host's root)\n"),
        (["--ro", "/nonexistent/site-packages"], "filesystem: realpath(/nonexistent/site-packages): No such file or directory\n"),
        (["--ro", "/tmp"], "filesystem: extra read-only path /tmp is under the sandbox's own /tmp\n"),
        (["--ro", "/"], "filesystem: extra read-only path / is the host root\n"),
    ])
    func rejectsConfigurationsItCannotHonour(options: [String], message: String) async throws {
        #expect(try await SandboxHelper.probe(options) == .init(status: 1, stdout: message, stderr: ""))
    }
}
