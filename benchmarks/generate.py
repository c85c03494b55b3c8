#!/usr/bin/env python3
"""Generates the benchmark workload, deterministically from a seed.

For N countries c0..c{N-1}, K = N/1000 organisations o0..o{K-1} and one person p{i} per country:
each country is member_of one organisation chosen uniformly, with status active (97%), frozen (1%)
or suspended (2%); half the memberships have a year `since` from 1990 to 2024, and a tenth have a
year `until`, after `since` when there is one (from 1991 to 2025 otherwise); each p{i} leads c{i}.
Three more organisations o{K}..o{K+2} have no members (Q5 must list them with 0). With --no-time
every membership has its `since` and none an `until` (the workload before time, version 2, byte
for byte): the benchmark compares the load of both.

The organisations, statuses and years come from one random stream, which of them have a `since`
or an `until` (and the `until` years) from a second one, so both forms have the same memberships.

Writes, into the output folder:
  facts.facts     the FactQL fact file, in the pinned bulk form, one statement per line
  members.csv        country,org,status,since,until   (no header; empty where there is none)
  leaders.csv        person,country             (no header)
  organisations.csv  name                       (no header)
  members-import.csv the rows of members.csv under a header for factql's .import
                     (member:country,organization:organization,status,since,until); not with --no-time
  expected.json      the answers to Q1-Q10, computed here, independently of both engines, and the
                     countries Q6 and Q7 ask about

usage: generate.py N OUTPUT_FOLDER [--seed SEED] [--no-time]
"""

import argparse
import json
import os
import random

# The organisation the queries ask about.
QUERY_ORGANISATION = "o7"
# Organisations declared after the others that no country is a member of.
EMPTY_ORGANISATIONS = 3
# Bumped when the files or the expected answers change, so that run.sh generates them again.
WORKLOAD_VERSION = 4
# Without since and until (--no-time), the workload as it was before time.
UNTIMED_WORKLOAD_VERSION = 2
# The date Q9 and Q10 ask about (`as of 2010`).
AS_OF = 2010


def holds(since, until, year):
    """FactQL's `as of` on a membership: it holds from since, up to but not including until. One
    without since is unknown and left out (None is not True); so is one that has ended."""
    if since is None:
        return None if until is None or year < until else False
    return since <= year and (until is None or year < until)


def attributes(status, since, until):
    """The attributes as written in the fact file, and as `facts of` lists them."""
    text = f"status: {status}"
    if since is not None:
        text += f", since: {since}"
    if until is not None:
        text += f", until: {until}"
    return text


def optional(value):
    return "" if value is None else str(value)


def generate(count, folder, seed, timed=True):
    organisations = max(1, count // 1000)
    rng = random.Random(seed)
    time_rng = random.Random(seed * 7919 + 1)
    members = []
    for index in range(count):
        organisation = rng.randrange(organisations)
        draw = rng.random()
        status = "active" if draw < 0.97 else ("frozen" if draw < 0.98 else "suspended")
        since = rng.randint(1990, 2024)
        until = None
        if timed:
            if time_rng.random() >= 0.5:
                since = None
            if time_rng.random() < 0.1:
                until = time_rng.randint(1991 if since is None else since + 1, 2025)
        members.append((f"c{index}", f"o{organisation}", status, since, until))

    declared = organisations + EMPTY_ORGANISATIONS
    # Q6 and Q7 ask about the first member of the query organisation from c123 on ("yes"), and
    # about the first country from c123 on that is not a member of it ("no").
    member_country = next(member[0] for member in members[123:] if member[1] == QUERY_ORGANISATION)
    other_country = next(member[0] for member in members[123:] if member[1] != QUERY_ORGANISATION)

    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "facts.facts"), "w") as out:
        out.write(f"# benchmark workload: N = {count}, seed = {seed}\n")
        out.write("relation member_of (member, organization)\n")
        out.write("relation leads (leader, led)\n")
        out.writelines(f"entity o{index} : organization\n" for index in range(declared))
        out.writelines(f"entity c{index} : country\n" for index in range(count))
        out.writelines(f"entity p{index} : person\n" for index in range(count))
        out.writelines(
            f"fact {country} member_of {organisation} {{ {attributes(status, since, until)} }}\n"
            for country, organisation, status, since, until in members
        )
        out.writelines(f"fact p{index} leads c{index}\n" for index in range(count))
    with open(os.path.join(folder, "members.csv"), "w") as out:
        out.writelines(f"{country},{organisation},{status},{optional(since)},{optional(until)}\n"
                       for country, organisation, status, since, until in members)
    if timed:
        # The same rows for `.import members-import.csv member_of`: the header names the roles
        # (with the kinds its new entities are made) and the attributes; sqlite3 skips it.
        with open(os.path.join(folder, "members-import.csv"), "w") as out:
            out.write("member:country,organization:organization,status,since,until\n")
            out.writelines(f"{country},{organisation},{status},{optional(since)},{optional(until)}\n"
                           for country, organisation, status, since, until in members)
    with open(os.path.join(folder, "leaders.csv"), "w") as out:
        out.writelines(f"p{index},c{index}\n" for index in range(count))
    with open(os.path.join(folder, "organisations.csv"), "w") as out:
        out.writelines(f"o{index}\n" for index in range(declared))

    per_organisation = [0] * declared
    for member in members:
        per_organisation[int(member[1][1:])] += 1
    in_query = sorted((country, since) for country, organisation, _, since, _ in members
                      if organisation == QUERY_ORGANISATION)
    asked = members[int(member_country[1:])]

    frozen_in_query = sorted(country for country, organisation, status, _, _ in members
                             if organisation == QUERY_ORGANISATION and status == "frozen")
    # Q9 and Q10: the memberships that held in 2010 (holds(...) is True), and those left out
    # because their dates do not say (None).
    then_in_query = sorted(country for country, organisation, _, since, until in members
                           if organisation == QUERY_ORGANISATION and holds(since, until, AS_OF) is True)
    unknown_in_query = sum(1 for _, organisation, _, since, until in members
                           if organisation == QUERY_ORGANISATION and holds(since, until, AS_OF) is None)
    frozen_then = set(country for country, _, status, since, until in members
                      if status == "frozen" and holds(since, until, AS_OF) is True)
    unknown_frozen = sum(1 for _, _, status, since, until in members
                         if status == "frozen" and holds(since, until, AS_OF) is None)
    expected = {
        "count": count,
        "seed": seed,
        # Q1: members of o7 where status = frozen (rows: member, status)
        "Q1": [[country, "frozen"] for country in frozen_in_query],
        # Q2: count members of o7
        "Q2": sum(1 for member in members if member[1] == QUERY_ORGANISATION),
        # Q3: leaders of (members of o7 where status = frozen)
        "Q3": sorted("p" + country[1:] for country in frozen_in_query),
        # Q4: count members of organizations where status = frozen
        "Q4": sum(1 for member in members if member[2] == "frozen"),
        # Q5: count members of each organization (rows: organization, count; sorted by name here,
        # the check sorts the answer rows too, since the query does not order them)
        "Q5": sorted([f"o{index}", per_organisation[index]] for index in range(declared)),
        # Q6: is MEMBER_COUNTRY a member of o7 (yes); Q6b: is OTHER_COUNTRY a member of o7 (no)
        "member_country": member_country,
        "other_country": other_country,
        "Q6": "yes",
        "Q6b": "no",
        # Q7: facts of MEMBER_COUNTRY (rows: subject, relation, object, attributes)
        "Q7": [[asked[0], "member_of", asked[1], attributes(asked[2], asked[3], asked[4])],
               ["p" + member_country[1:], "leads", member_country, ""]],
        # Q8: members of o7 with since (rows: member, since; empty where there is none)
        "Q8": [[country, optional(since)] for country, since in in_query],
        # Q8b: members of o7 (rows: member), the rows of Q8 without the column
        "Q8b": [country for country, _ in in_query],
        # Q9: members of o7 as of 2010 (rows: member); Q9_left_out: the facts left out as unknown
        "Q9": then_in_query,
        "Q9_left_out": unknown_in_query,
        # Q10: count members of organizations where status = frozen as of 2010
        "Q10": len(frozen_then),
        "Q10_left_out": unknown_frozen,
        "timed": timed,
        "workload": WORKLOAD_VERSION if timed else UNTIMED_WORKLOAD_VERSION,
    }
    with open(os.path.join(folder, "expected.json"), "w") as out:
        json.dump(expected, out)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="N, the number of countries")
    parser.add_argument("folder", help="where to write the files")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-time", action="store_true",
                        help="every membership with its since and none with an until (the workload before time)")
    arguments = parser.parse_args()
    generate(arguments.count, arguments.folder, arguments.seed, timed=not arguments.no_time)


if __name__ == "__main__":
    main()
