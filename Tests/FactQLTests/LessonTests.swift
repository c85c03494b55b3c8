import Foundation
import Testing

/// Every lesson in examples/ against its expected output (and errors), and the course's README
/// against the lessons.
@Suite struct LessonTests {
    static let folder = "examples"

    @Test(arguments: GoldenFiles.scripts(in: folder))
    func lesson(_ script: String) throws {
        try GoldenFiles.check(script, in: Self.folder)
    }

    @Test func thereAreAtLeastTenNumberedLessons() {
        let lessons = GoldenFiles.scripts(in: Self.folder)
        #expect(lessons.count >= 10)
        for lesson in lessons {
            let number = lesson.prefix { $0.isNumber }
            #expect(number.count == 2, "\(lesson) is not numbered NN-name.fq")
        }
    }

    @Test func everyLessonHasItsExpectedOutputAndATitle() throws {
        let directory = BinaryRunner.packageRoot.appendingPathComponent(Self.folder)
        for lesson in GoldenFiles.scripts(in: Self.folder) {
            let base = String(lesson.dropLast(3))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(base + ".out").path), "\(base).out")
            let text = try String(contentsOf: directory.appendingPathComponent(lesson), encoding: .utf8)
            #expect(text.hasPrefix("# Lesson "), "\(lesson) should open with '# Lesson N: ...'")
        }
    }

    @Test func theReadmeOrdersEveryLesson() throws {
        let readme = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent("\(Self.folder)/README.md"), encoding: .utf8)
        var previous = readme.startIndex
        for lesson in GoldenFiles.scripts(in: Self.folder) {
            guard let found = readme.range(of: lesson) else {
                Issue.record("examples/README.md does not mention \(lesson)")
                continue
            }
            #expect(found.lowerBound >= previous, "\(lesson) is out of order in examples/README.md")
            previous = found.lowerBound
        }
    }
}
