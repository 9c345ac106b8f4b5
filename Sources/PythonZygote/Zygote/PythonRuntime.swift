import CPython
import WorkerProtocol

/// CPython, initialised once in the zygote and inherited by every worker
/// through fork: Debian's interpreter with its own standard library, the
/// modules episodes use most already imported, and the bootstrap module
/// (`BootstrapSource`) compiled.
///
/// Every path is set explicitly and the configuration is isolated (no
/// environment variables, no user site), so the `python3` first on PATH
/// (a pyenv build here) can never leak in: the embedded interpreter and
/// Debian's `/usr/lib/python3.11` always belong together.
///
/// The object lives for the process: the zygote never finalizes Python,
/// and a worker exits with `_exit`.
final class PythonRuntime {
    /// `sys.version`, reported to the server for its start-up log.
    let version: String
    /// The bootstrap's `prepare(source)` and `run(compiled, namespace, limit, stdin)`.
    let prepareFunction: UnsafeMutablePointer<PyObject>
    let runFunction: UnsafeMutablePointer<PyObject>
    /// `__main__.__dict__`: the namespace each worker's episode fills.
    let mainNamespace: UnsafeMutablePointer<PyObject>

    static let home = "/usr"
    static let executable = "/usr/bin/python3"
    static let searchPaths = [
        "/usr/lib/python311.zip",
        "/usr/lib/python3.11",
        "/usr/lib/python3.11/lib-dynload",
        "/usr/local/lib/python3.11/dist-packages",
        "/usr/lib/python3/dist-packages",
    ]

    /// Imported in the zygote so a step that imports them pays nothing:
    /// the modules are already in every worker's `sys.modules`.
    static let preloadedModules = [
        "abc", "ast", "base64", "bisect", "collections", "contextlib", "copy", "csv", "dataclasses", "datetime",
        "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "io", "itertools", "json", "math",
        "operator", "os", "pathlib", "random", "re", "signal", "sqlite3", "statistics", "string", "struct",
        "sys", "textwrap", "threading", "time", "traceback", "typing", "unicodedata",
    ]

    init() throws(ZygoteFailure) {
        try Self.initializeInterpreter()
        for module in Self.preloadedModules {
            guard let imported = PyImport_ImportModule(module) else {
                throw .python("import \(module): \(Self.takeErrorText())")
            }
            Py_DecRef(imported)
        }
        version = String(cString: Py_GetVersion())
        let bootstrap = try Self.loadBootstrap()
        guard let prepare = PyDict_GetItemString(bootstrap, "prepare"),
            let run = PyDict_GetItemString(bootstrap, "run")
        else { throw .python("the bootstrap module defines no prepare/run") }
        prepareFunction = prepare
        runFunction = run
        guard let main = PyImport_AddModule("__main__"), let namespace = PyModule_GetDict(main) else {
            throw .python("no __main__ module: \(Self.takeErrorText())")
        }
        // A strong reference: user code may drop `sys.modules['__main__']`.
        Py_IncRef(namespace)
        mainNamespace = namespace
        try Self.freezeHeap()
    }

    /// `gc.collect()` then `gc.freeze()`: everything the zygote made moves
    /// to the collector's permanent generation, so no worker's collection
    /// walks it. Each walk writes the objects' headers, and every page it
    /// writes is copied out of the zygote into that worker.
    private static func freezeHeap() throws(ZygoteFailure) {
        guard let gc = PyImport_ImportModule("gc") else { throw .python("import gc: \(takeErrorText())") }
        defer { Py_DecRef(gc) }
        for step in ["collect", "freeze"] {
            guard let function = PyObject_GetAttrString(gc, step), let result = PyObject_CallNoArgs(function) else {
                throw .python("gc.\(step)(): \(takeErrorText())")
            }
            Py_DecRef(result)
            Py_DecRef(function)
        }
    }

    private static func initializeInterpreter() throws(ZygoteFailure) {
        var preconfig = PyPreConfig()
        PyPreConfig_InitIsolatedConfig(&preconfig)
        // UTF-8 everywhere, whatever the host locale: stdout bytes are
        // decoded as UTF-8 by the server.
        preconfig.utf8_mode = 1
        try check(Py_PreInitialize(&preconfig), "Py_PreInitialize")

        let config = UnsafeMutablePointer<PyConfig>.allocate(capacity: 1)
        defer {
            PyConfig_Clear(config)
            config.deallocate()
        }
        PyConfig_InitIsolatedConfig(config)
        config.pointee.install_signal_handlers = 1
        // Like `python3 -u`: print, sys.stdout.write and os.write(1, ...)
        // reach fd 1 in the order the code made them.
        config.pointee.buffered_stdio = 0
        config.pointee.write_bytecode = 0
        config.pointee.site_import = 0
        config.pointee.parse_argv = 0
        try check(PyConfig_SetBytesString(config, &config.pointee.home, home), "PyConfig.home")
        try check(PyConfig_SetBytesString(config, &config.pointee.program_name, executable), "PyConfig.program_name")
        try check(PyConfig_SetBytesString(config, &config.pointee.executable, executable), "PyConfig.executable")
        var argv = wide("")
        try check(PyWideStringList_Append(&config.pointee.argv, &argv), "PyConfig.argv")
        config.pointee.module_search_paths_set = 1
        for path in searchPaths {
            var widePath = wide(path)
            try check(PyWideStringList_Append(&config.pointee.module_search_paths, &widePath), "search path \(path)")
        }
        try check(Py_InitializeFromConfig(config), "Py_InitializeFromConfig")
    }

    /// Compiles and runs the bootstrap source in a fresh module's dict,
    /// returning that dict (kept alive for the process).
    private static func loadBootstrap() throws(ZygoteFailure) -> UnsafeMutablePointer<PyObject> {
        guard let code = Py_CompileString(BootstrapSource.text, BootstrapSource.fileName, Py_file_input) else {
            throw .python("compiling the bootstrap: \(takeErrorText())")
        }
        defer { Py_DecRef(code) }
        guard let module = PyModule_New("_codeenv"), let namespace = PyModule_GetDict(module) else {
            throw .python("creating the bootstrap module: \(takeErrorText())")
        }
        PyDict_SetItemString(namespace, "__builtins__", PyEval_GetBuiltins())
        guard let result = PyEval_EvalCode(code, namespace, namespace) else {
            throw .python("running the bootstrap: \(takeErrorText())")
        }
        Py_DecRef(result)
        return namespace
    }

    private static func check(_ status: PyStatus, _ step: String) throws(ZygoteFailure) {
        guard PyStatus_Exception(status) != 0 else { return }
        let message = status.err_msg.map { String(cString: $0) } ?? "failed"
        throw .python("\(step): \(message)")
    }

    /// A NUL-terminated `wchar_t` copy (UTF-32 on Linux), which
    /// `PyWideStringList_Append` copies again.
    private static func wide(_ text: String) -> [wchar_t] {
        text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
    }

    /// The pending Python exception as `Type: message`, cleared.
    static func takeErrorText() -> String {
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var traceback: UnsafeMutablePointer<PyObject>?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        defer { [type, value, traceback].forEach { Py_DecRef($0) } }
        guard let value else { return "unknown error" }
        let typeName = String(cString: value.pointee.ob_type.pointee.tp_name)
        guard let text = PyObject_Str(value) else {
            PyErr_Clear()
            return typeName
        }
        defer { Py_DecRef(text) }
        return "\(typeName): \(string(text) ?? "")"
    }

    /// A Python `str` as a Swift string (nil for anything else).
    static func string(_ object: UnsafeMutablePointer<PyObject>) -> String? {
        var length: Py_ssize_t = 0
        guard let utf8 = PyUnicode_AsUTF8AndSize(object, &length) else {
            PyErr_Clear()
            return nil
        }
        return String(decoding: UnsafeRawBufferPointer(start: utf8, count: length), as: UTF8.self)
    }
}
