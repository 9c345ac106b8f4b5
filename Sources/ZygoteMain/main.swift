import PythonZygote

/// `codeenv-zygote`: started by `codeenv serve` (and `run`, `eval`) with
/// its control socket as fd 3; never by hand. Its own executable, so that
/// the interpreter is Debian's static build (see Package.swift) while the
/// server stays position-independent, and so that nothing in it can start
/// a thread before the zygote checks that it has exactly one.
Zygote.main(arguments: Array(CommandLine.arguments.dropFirst()))
