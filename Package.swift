// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "codeenv",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "codeenv", targets: ["codeenv"]),
        .library(name: "EnvClient", targets: ["EnvClient"]),
        .executable(name: "codeenv-zygote", targets: ["ZygoteMain"]),
        .executable(name: "codeenv-bench", targets: ["LoadDriver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Debian's CPython 3.11 headers; only `codeenv-zygote` links the
        // interpreter (below).
        .systemLibrary(name: "CPython", path: "Sources/CPython"),
        // The C confinement layer, run between fork and the first line of user code.
        .target(
            name: "Sandbox",
            path: "Sandbox",
            linkerSettings: [.linkedLibrary("seccomp"), .linkedLibrary("cap")]
        ),
        .target(name: "EnvCore"),
        // What the server and the zygote say to each other, and the sandbox
        // settings they share: the one module both sides link.
        .target(name: "WorkerProtocol", dependencies: ["Sandbox"]),
        // The server side: the worker pool, the zygote and worker connections.
        .target(
            name: "PythonWorker",
            dependencies: [
                "WorkerProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Linux interfaces Swift's Glibc module leaves out (epoll).
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        // The zygote side: embedded CPython, forking and running episode workers.
        .target(name: "PythonZygote", dependencies: ["CPython", "CLinux", "Sandbox", "WorkerProtocol"]),
        // `codeenv-zygote`, the process the server spawns to fork workers from.
        // Linked with Debian's static, non-PIC libpython3.11.a, as Debian's own
        // /usr/bin/python3.11 is: the shared libpython3.11.so ran a CPU-bound
        // loop 1.2-1.5x slower here (position-independent code, calls
        // through the PLT). A non-PIC archive needs a non-PIE executable;
        // `-export-dynamic` lets the standard library's extension modules
        // (lib-dynload) find the interpreter's symbols in it.
        .executableTarget(
            name: "ZygoteMain",
            dependencies: ["PythonZygote"],
            linkerSettings: [
                .unsafeFlags([
                    "-Xclang-linker", "-no-pie", "-Xlinker", "-export-dynamic",
                    "-Xlinker", "--whole-archive", "-Xlinker", "-l:libpython3.11.a", "-Xlinker", "--no-whole-archive",
                ]),
                .linkedLibrary("expat"), .linkedLibrary("z"), .linkedLibrary("m"),
            ]
        ),
        .target(name: "Environments", dependencies: ["EnvCore", "PythonWorker"]),
        .target(
            name: "EnvServer",
            dependencies: [
                "EnvCore", "Environments",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The browser UI, compiled into the binary: no files to ship beside it.
            resources: [.embedInCode("Web/web.html")]
        ),
        // The Swift client: reset/step/state over /ws or HTTP; no libpython.
        .target(
            name: "EnvClient",
            dependencies: [
                "EnvCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "codeenv",
            dependencies: [
                "EnvServer", "Environments", "PythonWorker",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The benchmark load driver (Benchmarks/run.py runs it): N /ws sessions, closed loop,
        // latencies in an HdrHistogram. Its own target, so the server binary carries none of it.
        .executableTarget(
            name: "LoadDriver",
            dependencies: [
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Benchmarks/LoadDriver"
        ),
        // Helpers the test targets share (not a test target itself).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "EnvCoreTests", dependencies: ["EnvCore"]),
        .testTarget(name: "EnvClientTests", dependencies: ["EnvClient", "codeenv", "TestSupport"]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "codeenv", "TestSupport"]),
        .testTarget(
            name: "PythonWorkerTests",
            dependencies: [
                "PythonWorker", "codeenv", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "PythonWorker", "codeenv", "TestSupport"]),
        .testTarget(
            name: "ExecutionTests",
            dependencies: ["EnvServer", "codeenv", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "EnvServerTests",
            dependencies: [
                "EnvServer", "codeenv", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ]
        ),
    ]
)
