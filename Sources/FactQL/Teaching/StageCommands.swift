/// Meta-commands that show the interpreter's stages (tokens, tree, plan, trace, explanation).
extension MetaCommand {
    static let stageCommands: [MetaCommand] = []
}
