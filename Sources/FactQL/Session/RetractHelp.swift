extension HelpTopic {
    /// `.help retract`: changing facts already stated.
    static let retract = HelpTopic(
        name: "retract", summary: "retract fact ...: removing facts; a fact stated twice is one fact",
        text: """
            retract fact SUBJECT RELATION OBJECT [{ ATTRIBUTE: VALUE, ... }]
                retract fact Armenia member_of CSTO
                retract fact Armenia member_of ICC { since: 2024-01, other_members: 123 }
                Removes a fact, written as it was stated but without 'cites': its citations go
                with it. Without attributes it removes every fact of that subject, relation and
                object, whatever their attributes (as DELETE ... WHERE subject, relation and
                object would); with them, only the fact with exactly those attributes, in any
                order. A fact that is not there is an error that names the nearest facts.

            A fact base is a set. A fact stated again (the same subject, relation, object and
            attributes) is the fact already there, and the sources it cites are added to that
            fact's; a file loaded twice adds nothing. An entity, kind, relation or source
            declared again in the same way is the same declaration; declared otherwise, it is
            an error.

            In a script or a .load, a retract is undone with everything else when the input
            fails. .sql retract fact ... prints the SQL that makes the same change to the tables
            of .dump sql.
            """)
}
