import Foundation

/// The package's executables, built next to the test bundle (`swift build
/// --build-tests` builds every product).
public enum BuiltProducts {
    /// `codeenv`: the server, `run` and `eval`.
    public static let codeenv = path(of: "codeenv")
    /// `codeenv-zygote`: what worker pools in tests spawn.
    public static let zygote = path(of: "codeenv-zygote")

    private static func path(of product: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(product).path
    }
}
