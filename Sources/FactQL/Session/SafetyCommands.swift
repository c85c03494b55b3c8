/// Meta-commands that bound what a query may cost (`.timeout`).
extension MetaCommand {
    static let safetyCommands: [MetaCommand] = []
}
