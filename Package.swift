// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "FactQL",
    products: [
        .executable(name: "factql", targets: ["factql"]),
        .library(name: "FactQL", targets: ["FactQL"]),
    ],
    targets: [
        // The whole language: lexer, parser, analysis, fact base, evaluator, output.
        // It never prints and never exits.
        .target(
            name: "FactQL",
            dependencies: ["CSQLite", "CLibpq"],
            exclude: ["Resources/README.md"],
            resources: [.embedInCode("Resources/article.facts")]
        ),
        // SQLite, the system library (Debian: libsqlite3-dev), for database files.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // libpq, PostgreSQL's client library (Debian: libpq-dev), for postgresql:// databases.
        .systemLibrary(name: "CLibpq", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        // libedit, the system line editor (Debian: libedit-dev).
        .systemLibrary(
            name: "CLibedit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        // Fixed-arity C wrappers for libedit's variadic functions, and the Ctrl-C flag.
        .target(name: "CLineEdit", dependencies: ["CLibedit"]),
        // The thin command-line tool: arguments, the session loop, the line reader (the only
        // code that sees libedit).
        .executableTarget(name: "factql", dependencies: ["FactQL", "CLineEdit"]),
        .testTarget(name: "FactQLTests", dependencies: ["FactQL"]),
        // libFuzzer targets (fuzz/run.sh builds them with --sanitize=fuzzer); in an ordinary build
        // they replay saved inputs instead. See docs/ROBUSTNESS.md.
        .executableTarget(name: "FuzzParser", dependencies: ["FactQL", "FuzzSupport"]),
        .executableTarget(name: "FuzzPipeline", dependencies: ["FactQL", "FuzzSupport"]),
        .executableTarget(name: "FuzzLoader", dependencies: ["FactQL", "FuzzSupport"]),
        .target(name: "FuzzSupport"),
    ],
    swiftLanguageModes: [.v6]
)
