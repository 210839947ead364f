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
            name: "Actions",
            dependencies: ["RunbookModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IRunCLI",
            dependencies: [
                "RunbookModel",
                "Actions",
                "Providers",
                "MockAWS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "irun",
            dependencies: ["IRunCLI"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "irun-bench",
            dependencies: ["RunbookModel", "Actions", "Providers", "MockAWS"],
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
            name: "IRunCLITests",
            dependencies: ["IRunCLI", "RunbookModel", "Actions"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
