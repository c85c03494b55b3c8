#!/usr/bin/env python3
"""Generates the benchmark workload, deterministically from a seed.

For N countries c0..c{N-1}, K = N/1000 organisations o0..o{K-1} and one person p{i} per country:
each country is member_of one organisation chosen uniformly, with status active (97%), frozen (1%)
or suspended (2%) and a year `since` from 1990 to 2024; each p{i} leads c{i}. Three more
organisations o{K}..o{K+2} have no members (Q5 must list them with 0).

Writes, into the output folder:
  facts.facts     the FactQL fact file, in the pinned bulk form, one statement per line
  members.csv        country,org,status,since   (no header)
  leaders.csv        person,country             (no header)
  organisations.csv  name                       (no header)
  expected.json      the answers to Q1-Q8, computed here, independently of both engines, and the
                     countries Q6 and Q7 ask about

usage: generate.py N OUTPUT_FOLDER [--seed SEED]
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
WORKLOAD_VERSION = 2


def generate(count, folder, seed):
    organisations = max(1, count // 1000)
    rng = random.Random(seed)
    members = []
    for index in range(count):
        organisation = rng.randrange(organisations)
        draw = rng.random()
        status = "active" if draw < 0.97 else ("frozen" if draw < 0.98 else "suspended")
        since = rng.randint(1990, 2024)
        members.append((f"c{index}", f"o{organisation}", status, since))

    declared = organisations + EMPTY_ORGANISATIONS
    # Q6 and Q7 ask about the first member of the query organisation from c123 on ("yes"), and
    # about the first country from c123 on that is not a member of it ("no").
    member_country = next(country for country, organisation, _, _ in members[123:] if organisation == QUERY_ORGANISATION)
    other_country = next(country for country, organisation, _, _ in members[123:] if organisation != QUERY_ORGANISATION)

    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "facts.facts"), "w") as out:
        out.write(f"# benchmark workload: N = {count}, seed = {seed}\n")
        out.write("relation member_of (member, organization)\n")
        out.write("relation leads (leader, led)\n")
        out.writelines(f"entity o{index} : organization\n" for index in range(declared))
        out.writelines(f"entity c{index} : country\n" for index in range(count))
        out.writelines(f"entity p{index} : person\n" for index in range(count))
        out.writelines(
            f"fact {country} member_of {organisation} {{ status: {status}, since: {since} }}\n"
            for country, organisation, status, since in members
        )
        out.writelines(f"fact p{index} leads c{index}\n" for index in range(count))
    with open(os.path.join(folder, "members.csv"), "w") as out:
        out.writelines(f"{country},{organisation},{status},{since}\n" for country, organisation, status, since in members)
    with open(os.path.join(folder, "leaders.csv"), "w") as out:
        out.writelines(f"p{index},c{index}\n" for index in range(count))
    with open(os.path.join(folder, "organisations.csv"), "w") as out:
        out.writelines(f"o{index}\n" for index in range(declared))

    per_organisation = [0] * declared
    for _, organisation, _, _ in members:
        per_organisation[int(organisation[1:])] += 1
    in_query = sorted((country, since) for country, organisation, _, since in members if organisation == QUERY_ORGANISATION)
    asked = members[int(member_country[1:])]

    frozen_in_query = sorted(country for country, organisation, status, _ in members
                             if organisation == QUERY_ORGANISATION and status == "frozen")
    expected = {
        "count": count,
        "seed": seed,
        # Q1: members of o7 where status = frozen (rows: member, status)
        "Q1": [[country, "frozen"] for country in frozen_in_query],
        # Q2: count members of o7
        "Q2": sum(1 for _, organisation, _, _ in members if organisation == QUERY_ORGANISATION),
        # Q3: leaders of (members of o7 where status = frozen)
        "Q3": sorted("p" + country[1:] for country in frozen_in_query),
        # Q4: count members of organizations where status = frozen
        "Q4": sum(1 for _, _, status, _ in members if status == "frozen"),
        # Q5: count members of each organization (rows: organization, count; sorted by name here,
        # the check sorts the answer rows too, since the query does not order them)
        "Q5": sorted([f"o{index}", per_organisation[index]] for index in range(declared)),
        # Q6: is MEMBER_COUNTRY a member of o7 (yes); Q6b: is OTHER_COUNTRY a member of o7 (no)
        "member_country": member_country,
        "other_country": other_country,
        "Q6": "yes",
        "Q6b": "no",
        # Q7: facts of MEMBER_COUNTRY (rows: subject, relation, object, attributes)
        "Q7": [[asked[0], "member_of", asked[1], f"status: {asked[2]}, since: {asked[3]}"],
               ["p" + member_country[1:], "leads", member_country, ""]],
        # Q8: members of o7 with since (rows: member, since)
        "Q8": [[country, str(since)] for country, since in in_query],
        "workload": WORKLOAD_VERSION,
    }
    with open(os.path.join(folder, "expected.json"), "w") as out:
        json.dump(expected, out)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="N, the number of countries")
    parser.add_argument("folder", help="where to write the files")
    parser.add_argument("--seed", type=int, default=2024)
    arguments = parser.parse_args()
    generate(arguments.count, arguments.folder, arguments.seed)


if __name__ == "__main__":
    main()
