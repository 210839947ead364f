// swift-tools-version:6.1
import PackageDescription

/// Swift 6 language mode everywhere, plus the upcoming features STYLE.md asks for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "irun",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "irun", targets: ["irun"]),
        .executable(name: "irun-bench", targets: ["irun-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // `irun serve`: the HTTP server (on the SwiftNIO the AWS client already brings), graceful
        // shutdown on SIGTERM/SIGINT, and its logging.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "RunbookModel",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Providers",
            swiftSettings: strictSettings
        ),
        .target(
            name: "MockAWS",
            dependencies: ["Providers", "RunbookModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AWSClient",
            dependencies: [
                "Providers",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Actions",
            dependencies: ["RunbookModel", "Providers"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Engine",
            dependencies: ["RunbookModel", "Actions", "Providers"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Migrations",
            path: "Migrations",
            // The SQL files are embedded by Scripts/embed (EmbeddedSQL.swift), not bundled: a
            // resource bundle would have to travel next to the binary.
            exclude: ["sql"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AuditStore",
            dependencies: [
                "RunbookModel",
                "Migrations",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API, for reading event columns as bytes in chain verification.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "GameDay",
            dependencies: ["Engine", "MockAWS", "Actions", "AuditStore", "Reports", "RunbookModel", "Providers", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reports",
            dependencies: ["AuditStore", "RunbookModel", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Service",
            dependencies: [
                "RunbookModel", "AuditStore", "Providers", "Reports",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            // `irun export --to step-functions`: runbooks compiled to Amazon States Language.
            name: "StepFunctions",
            dependencies: ["RunbookModel"],
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "BuildInfoPlugin",
            capability: .buildTool()
        ),
        .target(
            name: "IRunCLI",
            dependencies: [
                "RunbookModel",
                "Actions",
                "Engine",
                "GameDay",
                "Providers",
                "MockAWS",
                "AuditStore",
                "Reports",
                "AWSClient",
                "Service",
                "StepFunctions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings,
            // `irun --version` names the git commit the build was made from.
            plugins: ["BuildInfoPlugin"]
        ),
        .executableTarget(
            name: "irun",
            dependencies: ["IRunCLI"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "irun-bench",
            dependencies: ["RunbookModel", "Actions", "Engine", "GameDay", "Providers", "MockAWS", "AuditStore", "Reports"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunbookModelTests",
            dependencies: ["RunbookModel", "Actions"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MockAWSTests",
            dependencies: ["MockAWS", "Providers", "RunbookModel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AWSClientTests",
            // Engine: the retry budget is tested across the pacing layer and the client together.
            dependencies: ["AWSClient", "Providers", "MockAWS", "Engine"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AuditStoreTests",
            dependencies: ["AuditStore", "RunbookModel", "Migrations", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ActionsTests",
            dependencies: ["Actions", "Providers", "MockAWS", "RunbookModel", "AuditStore", "Engine"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "Actions", "RunbookModel", "Providers", "MockAWS", "AuditStore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "AuditStore", "RunbookModel", "Actions", "GameDay", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GameDayTests",
            dependencies: ["GameDay", "AuditStore", "MockAWS", "RunbookModel", "Actions", "Providers", "Reports"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: ["Service", "AuditStore", "RunbookModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StepFunctionsTests",
            dependencies: ["StepFunctions", "RunbookModel", "Actions"],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IRunCLITests",
            dependencies: ["IRunCLI", "RunbookModel", "Actions", "AuditStore", "MockAWS", "Providers", "AWSClient", "Engine", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
