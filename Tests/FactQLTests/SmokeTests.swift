import Testing
@testable import FactQL

@Test func builtInBaseLoads() {
    let session = Session()
    #expect(session.factBase.entityCount > 10)
}
