import CPython
import Glibc
import WorkerProtocol

/// Calls the bootstrap's `prepare` and `run` for one step. Runs on the
/// worker's main thread, which holds the GIL.
struct StepRunner {
    let python: PythonRuntime

    /// Compiles the code and judges it for the reward. Compile-time warnings
    /// go to fd 2, so the caller captures output from here on.
    func prepare(_ code: String) -> PreparedStep {
        guard let source = Self.pythonString(code), let result = call(python.prepareFunction, [source]) else {
            let failure = PreparationFailure(text: PythonRuntime.takeErrorText())
            return PreparedStep(
                analysis: CodeAnalysis(safetyViolation: nil, parses: false, strippedLength: code.unicodeScalars.count),
                compiled: .failure(failure))
        }
        defer { Py_DecRef(result) }
        let compiled = PyTuple_GetItem(result, 0)!
        Py_IncRef(compiled)
        return PreparedStep(
            analysis: CodeAnalysis(
                safetyViolation: PyTuple_GetItem(result, 1).flatMap(PythonRuntime.string),
                parses: PyObject_IsTrue(PyTuple_GetItem(result, 2)) == 1,
                strippedLength: Int(PyLong_AsSsize_t(PyTuple_GetItem(result, 3)))),
            compiled: .success(compiled))
    }

    /// Runs the prepared code in the episode's namespace with `stdin` on
    /// fd 0: (exit code, timed out). The code's output goes to fds 1 and 2,
    /// captured by the caller.
    func run(_ step: borrowing PreparedStep, timeLimit: Double, stdin: String) -> (exitCode: Int32, timedOut: Bool) {
        run(step, in: python.mainNamespace, timeLimit: timeLimit, stdin: stdin)
    }

    /// A step's whole path (analysis, stdin, compile, time limit, flush) on
    /// `pass` in a scratch namespace, while the worker waits in the pool:
    /// the zygote's pages a step writes (reference counts, caches) are
    /// copied into the worker then, not during its episode's first step.
    func warmUp() {
        let step = prepare("pass")
        guard let scratch = PyDict_New() else {
            PyErr_Clear()
            return
        }
        PyDict_SetItemString(scratch, "__builtins__", PyEval_GetBuiltins())
        _ = run(step, in: scratch, timeLimit: 1, stdin: "")
        Py_DecRef(scratch)
    }

    private func run(
        _ step: borrowing PreparedStep, in namespace: UnsafeMutablePointer<PyObject>, timeLimit: Double, stdin: String
    ) -> (exitCode: Int32, timedOut: Bool) {
        let compiled: UnsafeMutablePointer<PyObject>
        switch step.compiled {
        case .success(let object): compiled = object
        case .failure(let failure):
            Self.writeToStderr("\(failure.text)\n")
            return (1, false)
        }
        guard let limit = PyFloat_FromDouble(timeLimit), let input = Self.pythonBytes(stdin),
            let result = {
                Py_IncRef(compiled)
                Py_IncRef(namespace)
                return call(python.runFunction, [compiled, namespace, limit, input])
            }()
        else {
            // Only an interrupt landing between the bootstrap's handlers gets
            // here; it is reported like any uncaught exception.
            Self.writeToStderr("\(PythonRuntime.takeErrorText())\n")
            return (1, false)
        }
        defer { Py_DecRef(result) }
        return (Int32(truncatingIfNeeded: PyLong_AsLong(PyTuple_GetItem(result, 0))),
                PyObject_IsTrue(PyTuple_GetItem(result, 1)) == 1)
    }

    /// Calls `function` with `arguments`, whose references it takes.
    private func call(
        _ function: UnsafeMutablePointer<PyObject>, _ arguments: [UnsafeMutablePointer<PyObject>]
    ) -> UnsafeMutablePointer<PyObject>? {
        guard let tuple = PyTuple_New(arguments.count) else {
            arguments.forEach { Py_DecRef($0) }
            return nil
        }
        defer { Py_DecRef(tuple) }
        for (index, argument) in arguments.enumerated() { PyTuple_SetItem(tuple, index, argument) }
        return PyObject_CallObject(function, tuple)
    }

    /// The code as a Python `str` (embedded NULs included).
    private static func pythonString(_ text: String) -> UnsafeMutablePointer<PyObject>? {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PyUnicode_FromStringAndSize($0.baseAddress, $0.count) }
        }
    }

    /// The text's UTF-8 as a Python `bytes`.
    private static func pythonBytes(_ text: String) -> UnsafeMutablePointer<PyObject>? {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PyBytes_FromStringAndSize($0.baseAddress, $0.count) }
        }
    }

    private static func writeToStderr(_ text: String) {
        var text = text
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
