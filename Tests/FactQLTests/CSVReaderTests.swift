import Testing

@testable import FactQL

/// The RFC 4180 reader on every edge case: quotes, commas, line ends and quotes inside quotes,
/// CR LF, a byte-order mark, blank lines, and the malformed fields it must refuse at their place.
@Suite struct CSVReaderTests {
    /// Every record of `text`, each as its fields' texts.
    static func records(_ text: String) throws(Diagnostic) -> [[String]] {
        try records(bytes: Array(text.utf8))
    }

    static func records(bytes: [UInt8]) throws(Diagnostic) -> [[String]] {
        // As `.import` reads a file: through SourceFile, which drops a byte-order mark.
        var reader = CSVReader(bytes: SourceFile(name: "t.csv", bytes: bytes).bytes)
        var fields: [CSVReader.Field] = []
        var result: [[String]] = []
        while try reader.nextRecord(into: &fields) { result.append(fields.map { reader.text(of: $0) }) }
        return result
    }

    /// The error `text` gives, with its line and column in the file.
    static func failure(_ text: String) -> (message: String, line: Int, column: Int, notes: [String])? {
        do throws(Diagnostic) {
            _ = try records(text)
            return nil
        } catch {
            let file = SourceFile(name: "t.csv", text: text)
            let location = file.location(of: error.span?.start ?? -1)
            return (error.message, location.line, location.column, error.notes)
        }
    }

    @Test func plainFieldsAndRecords() throws {
        #expect(try Self.records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func theLastLineNeedsNoLineEnd() throws {
        #expect(try Self.records("a,b\n1,2") == [["a", "b"], ["1", "2"]])
    }

    @Test func crlfEndsARecordAndIsNoPartOfTheLastField() throws {
        #expect(try Self.records("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try Self.records("a,\"b\"\r\n\"1\",2") == [["a", "b"], ["1", "2"]])
        // A CR that ends the input ends the line too.
        #expect(try Self.records("a,b\r") == [["a", "b"]])
    }

    @Test func aLoneCRIsPartOfItsField() throws {
        #expect(try Self.records("a\rb,c\n") == [["a\rb", "c"]])
    }

    @Test func quotedFieldsHoldCommasLineEndsAndDoubledQuotes() throws {
        #expect(try Self.records("\"Yerevan, Armenia\",x\n") == [["Yerevan, Armenia", "x"]])
        #expect(try Self.records("\"two\nlines\",x\n") == [["two\nlines", "x"]])
        #expect(try Self.records("\"two\r\nlines\",x\r\n") == [["two\r\nlines", "x"]])
        #expect(try Self.records("\"say \"\"yes\"\"\",x\n") == [["say \"yes\"", "x"]])
        #expect(try Self.records("\"\"\"\"\n") == [["\""]])
    }

    @Test func emptyFields() throws {
        #expect(try Self.records("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]])
        #expect(try Self.records("\"\",x\n") == [["", "x"]])
        // A line holding only a quoted empty field is a record of one empty field.
        #expect(try Self.records("\"\"\n") == [[""]])
        #expect(try Self.records("a,\n") == [["a", ""]])
    }

    @Test func blankLinesAreNoRecords() throws {
        #expect(try Self.records("a,b\n\n1,2\n\n\n") == [["a", "b"], ["1", "2"]])
        #expect(try Self.records("a,b\r\n\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try Self.records("") == [])
        #expect(try Self.records("\n\n") == [])
    }

    @Test func spacesArePartOfAField() throws {
        #expect(try Self.records(" a , b \n") == [[" a ", " b "]])
    }

    @Test func aByteOrderMarkIsDropped() throws {
        #expect(try Self.records(bytes: [0xEF, 0xBB, 0xBF] + Array("member,organization\n".utf8)) == [["member", "organization"]])
    }

    @Test func nonASCIITextIsKeptAsWritten() throws {
        #expect(try Self.records("Zürich,“quoted”\n\"Ünïcode, too\",x\n") == [["Zürich", "“quoted”"], ["Ünïcode, too", "x"]])
    }

    @Test func aQuotedFieldLeftOpenIsAnErrorAtItsOpeningQuote() {
        let failure = Self.failure("a,b\n1,\"never\nclosed\n")
        #expect(failure?.message == "this quoted field is not closed: the file ends inside it")
        #expect(failure?.line == 2)
        #expect(failure?.column == 3)
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        let failure = Self.failure("a,b\n\"NAT\"O,x\n")
        #expect(failure?.message == "after the closing quote of a field, expected a comma or the end of the line, found 'O'")
        #expect(failure?.line == 2)
        #expect(failure?.column == 6)
        let space = Self.failure("\"a\" ,b\n")
        #expect(space?.message == "after the closing quote of a field, expected a comma or the end of the line, found a space")
        #expect(space?.column == 4)
    }

    @Test func aQuoteInsideAnUnquotedFieldIsAnError() {
        let failure = Self.failure("a,b\r\nx,say \"hi\"\r\n")
        #expect(failure?.message == "a quote inside a field that does not start with one")
        #expect(failure?.line == 2)
        #expect(failure?.column == 7)
        #expect(failure?.notes == [#"a field that holds a quote is written in quotes, with each of its quotes written twice: "say ""hi""""#])
    }

    @Test func columnsCountCharactersNotBytes() {
        let failure = Self.failure("Zürich,\"x\"y\n")
        #expect(failure?.column == 11)
    }

    @Test func fieldSpansPointAtTheFieldAsWritten() throws {
        let bytes = Array("ab,\"c,d\"\n".utf8)
        var reader = CSVReader(bytes: bytes)
        var fields: [CSVReader.Field] = []
        #expect(try reader.nextRecord(into: &fields))
        #expect(fields.map(\.span) == [SourceSpan(start: 0, end: 2), SourceSpan(start: 3, end: 8)])
        #expect(fields.map(\.isQuoted) == [false, true])
        #expect(try !reader.nextRecord(into: &fields))
    }

    /// Cells typed as a fact file types values; `"12"` is still 12 (the quotes are CSV's).
    @Test func cellsAreTypedLikeLiterals() throws {
        let text = "12,-3,1.5,2024-01,2023-09-19,true,FALSE,frozen,Nikol Pashinyan,12abc,\"12\",of,2018,\"a\"\"b\"\n"
        var reader = CSVReader(bytes: Array(text.utf8))
        var fields: [CSVReader.Field] = []
        #expect(try reader.nextRecord(into: &fields))
        let kinds = try fields.map { field throws(Diagnostic) in try CSVImport.value(of: field, in: reader).kind }
        #expect(
            kinds == [
                .integer(12), .integer(-3), .decimal(1.5), .date(DateValue(year: 2024, month: 1)),
                .date(DateValue(year: 2023, month: 9, day: 19)), .boolean(true), .boolean(false),
                .name("frozen", isQuoted: false), .string("Nikol Pashinyan"), .string("12abc"), .integer(12), .string("of"),
                .integer(2018), .string("a\"b"),
            ])
    }

    @Test func cellsTheLanguageCannotHoldAreErrors() throws {
        let text = "2024-13,99999999999999999999,2023-02-30\n"
        var reader = CSVReader(bytes: Array(text.utf8))
        var fields: [CSVReader.Field] = []
        #expect(try reader.nextRecord(into: &fields))
        let messages = fields.map { field -> String in
            do throws(Diagnostic) {
                _ = try CSVImport.value(of: field, in: reader)
                return "no error"
            } catch {
                return error.message
            }
        }
        #expect(
            messages == [
                "'2024-13' is not a valid date", "number too large: 99999999999999999999", "'2023-02-30' is not a valid date",
            ])
    }
}
