// The pool's API speaks the protocol's types (`SandboxSettings`,
// `ExecuteRequest`, `StepCompletion`, ...): whoever imports the pool gets them.
@_exported import WorkerProtocol
