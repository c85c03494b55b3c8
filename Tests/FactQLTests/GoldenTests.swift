import Testing

/// Every script in Tests/Golden against its expected output and errors.
@Suite struct GoldenTests {
    @Test(arguments: GoldenFiles.scripts(in: "Tests/Golden"))
    func golden(_ script: String) throws {
        try GoldenFiles.check(script, in: "Tests/Golden")
    }

    @Test func thereAreGoldenScripts() {
        #expect(GoldenFiles.scripts(in: "Tests/Golden").count >= 10)
    }
}
