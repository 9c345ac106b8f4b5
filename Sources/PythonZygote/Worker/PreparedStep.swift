import CPython
import WorkerProtocol

/// A step's code compiled and judged (`BootstrapSource.prepare`), not yet
/// run. Owns its reference to the compiled object, so the compile the
/// reward's `parses` needed is the one the run uses.
struct PreparedStep: ~Copyable {
    let analysis: CodeAnalysis
    /// The code object, or the exception compiling raised (reported when
    /// the step runs), or the text of an error that kept `prepare` itself
    /// from returning.
    let compiled: Result<UnsafeMutablePointer<PyObject>, PreparationFailure>

    deinit {
        if case .success(let object) = compiled { Py_DecRef(object) }
    }
}

/// Why `prepare` returned nothing: an exception raised around the call
/// itself (out of memory under the worker's address-space limit, or an
/// interrupt from a signal handler the code installed).
struct PreparationFailure: Error {
    let text: String
}
