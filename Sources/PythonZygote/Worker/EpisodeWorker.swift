import CPython
import Glibc
import Sandbox
import WorkerProtocol

/// The life of one episode worker, from the moment `sandbox_spawn` returns
/// in the confined child until the server closes its socket.
///
/// Per step: read a request → capture fds 1 and 2 → compile the code and
/// send the reward inputs (`analysis`) before a line of it runs, so they
/// are known even if the code kills the worker → run it → send
/// `completion`. Output is captured from the compile on, because python3
/// prints compile-time warnings (`SyntaxWarning`) to stderr too.
/// Everything here works under the strict seccomp profile: it only uses
/// the socket it inherited, pipes, dup2, threads, timers and signals.
enum EpisodeWorker {
    /// `mayStartProcesses`: whether the code can create processes (the
    /// permissive seccomp profile, or no seccomp layer), which then must not
    /// outlive its step.
    static func run(socket fd: Int32, sink: Int32, python: PythonRuntime, mayStartProcesses: Bool) -> Never {
        ChildExitSignal.uninstall()
        restoreFatalSignals()
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        dup2(sink, 1)
        dup2(sink, 2)
        let socket = WorkerSocket(fd: fd)
        let capture: OutputCapture
        do {
            capture = try OutputCapture(socket: socket)
        } catch {
            Zygote.log("worker cannot capture output: \(error)")
            _exit(70)
        }
        let runner = StepRunner(python: python)
        runner.warmUp()
        while true {
            // Without the GIL while idle, so the episode's own threads run
            // between steps (what they print then is dropped).
            let thread = PyEval_SaveThread()
            let request = socket.receiveRequest()
            PyEval_RestoreThread(thread)
            guard let request else { _exit(0) }
            let capturing = Result { () throws(SystemCallError) in try capture.begin(limit: request.outputLimit) }
            let step = runner.prepare(request.code)
            guard socket.send(.analysis(step.analysis)) else { _exit(0) }
            let completion = execute(
                step, request, capturing: capturing, runner: runner, capture: capture, socket: socket,
                mayStartProcesses: mayStartProcesses)
            guard socket.send(.completion(completion)) else { _exit(0) }
        }
    }

    /// The Swift runtime's crash handlers (inherited from the zygote) would
    /// catch a SIGSEGV or SIGABRT the code raises, print a backtrace of
    /// codeenv and let the code run on; python3 dies of them (128 + signal).
    private static func restoreFatalSignals() {
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT, SIGSYS] {
            Glibc.signal(signal, SIG_DFL)
        }
    }

    private static func execute(
        _ step: borrowing PreparedStep, _ request: ExecuteRequest, capturing: Result<Void, SystemCallError>,
        runner: StepRunner, capture: OutputCapture, socket: WorkerSocket, mayStartProcesses: Bool
    ) -> StepCompletion {
        if case .failure(let error) = capturing {
            // Typically the code used up its open-file limit.
            let message = "codeenv: cannot capture this step's output (\(error)); the code did not run\n"
            _ = socket.send(.output(.stderr, Array(message.utf8)))
            return StepCompletion(exitCode: 1, timedOut: false, stdoutDropped: 0, stderrDropped: 0)
        }
        let outcome = runner.run(step, timeLimit: request.timeLimit, stdin: request.stdin)
        if mayStartProcesses { endStrayProcesses() }
        let dropped = capture.end()
        return StepCompletion(
            exitCode: outcome.exitCode, timedOut: outcome.timedOut,
            stdoutDropped: dropped.stdout, stderrDropped: dropped.stderr)
    }

    /// Kills and reaps every other process in the worker's pid namespace.
    ///
    /// Processes a step started (possible under the permissive profile) do
    /// not outlive the step: they could otherwise keep running, hold the
    /// step's output pipes open and write into later steps. `kill(-1)` from
    /// the worker reaches every process of the namespace but itself and its
    /// init, which reaps the orphans. It is not cheap: the kernel walks every
    /// process of the host to find them, so it is sent only when the code
    /// could have started one. Outside a pid namespace (the layer
    /// turned off with `--allow-weaker-sandbox namespaces`) `kill(-1)` would
    /// reach the host's processes, so it is only sent as the namespace's
    /// worker pid.
    private static func endStrayProcesses() {
        guard getpid() == SANDBOX_WORKER_PID, kill(-1, SIGKILL) == 0 else { return }
        while waitpid(-1, nil, __WALL) > 0 || errno == EINTR {}
    }
}
