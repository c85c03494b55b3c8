/// Meta-commands of the SQL bridge (`.dump sql`, `.sql QUERY`).
extension MetaCommand {
    static let sqlCommands: [MetaCommand] = []
}
