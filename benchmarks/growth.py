#!/usr/bin/env python3
"""Growth benchmark: each construct that could grow in an unusual direction, at sizes 1k, 10k,
100k and 1M, through the release binary; prints the time and the peak memory of each run, the
time per element, and whether the time per element stays within 2x from 10k to the largest size.

usage: growth.py FACTQL_BINARY [--sizes 1000,10000,100000,1000000] [--only NAME,...]
                 [--work FOLDER] [--limit-seconds S]

Each construct writes one input (a fact file and a script, or a query) and runs
`factql --empty --facts FILE -e QUERY` or `factql --empty SCRIPT`, timed with wait4's rusage
(wall time and peak resident set). A run is skipped at a size when the run before it took longer
than --limit-seconds / 10 (it would take too long) or its memory would pass a quarter of RAM.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

# Every construct: its name, what grows, and a function that writes the input for size n into a
# folder and returns the factql arguments.


def write(path, lines):
    with open(path, "w") as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")


def tokens_list(n, folder, command):
    script = os.path.join(folder, "query.fq")
    values = ", ".join(f"v{i}" for i in range(n))
    write(script, [f"{command} countries where name in ({values})"])
    return ["--empty", script]


def in_list_query(n, folder):
    # Every value names no entity: each is warned of, once.
    facts = os.path.join(folder, "kb.facts")
    script = os.path.join(folder, "query.fq")
    write(facts, ["kind thing", "entity x : thing"])
    values = ", ".join(f"v{i}" for i in range(n))
    write(script, [f"count things where name in ({values})"])
    return ["--empty", "--facts", facts, script]


def misspelled_name(n, folder):
    facts = os.path.join(folder, "kb.facts")
    name = "a" * n
    script = os.path.join(folder, "query.fq")
    write(facts, ["kind country", f"entity {name} : country"])
    write(script, ["show " + name[:-1] + "b"])
    # The query fails (the name is unknown) after the suggestion search: exit status 1.
    return ["--empty", "--facts", facts, script], 1


def sparse_attributes(n, folder):
    facts = os.path.join(folder, "kb.facts")
    lines = ["relation r (member, holder)"]
    lines += [f"fact e{i} r e{i + 1} {{ a{i}: {i} }}" for i in range(n)]
    write(facts, ["kind thing"] + [f"entity e{i} : thing" for i in range(n + 1)] + lines)
    return ["--empty", "--facts", facts, "-e", "count members of e1"]


def fact_attributes(n, folder):
    facts = os.path.join(folder, "kb.facts")
    block = ", ".join(f"a{i}: {i}" for i in range(n))
    write(facts, ["kind thing", "entity x : thing", "entity y : thing", "relation r (member, holder)",
                  f"fact x r y {{ {block} }}"])
    return ["--empty", "--facts", facts, "-e", "members of y where a7 = 7"]


def entity_attributes(n, folder):
    facts = os.path.join(folder, "kb.facts")
    block = ", ".join(f"a{i}: {i}" for i in range(n))
    write(facts, ["kind thing", f"entity x : thing {{ {block} }}"])
    return ["--empty", "--facts", facts, "-e", "things where a7 = 7"]


def fact_sources(n, folder):
    facts = os.path.join(folder, "kb.facts")
    lines = [f'source s{i} "sentence {i}"' for i in range(n)]
    lines += ["kind thing", "entity x : thing", "entity y : thing", "relation r (member, holder)"]
    lines.append("fact x r y cites " + ", ".join(f"s{i}" for i in range(n)))
    write(facts, lines)
    return ["--empty", "--facts", facts, "-e", "count members of y"]


def dump_kinds(n, folder):
    facts = os.path.join(folder, "kb.facts")
    write(facts, ["kind root"] + [f"kind k{i} : root" for i in range(n)])
    return ["--empty", "--facts", facts, "-e", ".dump sql"]


def shared_role(n, folder):
    facts = os.path.join(folder, "kb.facts")
    lines = ["kind thing", "entity A : thing"] + [f"entity b{i} : thing" for i in range(n)]
    lines += [f"relation r{i} (x, y)" for i in range(n)]
    lines += [f"fact b{i} r{i} A" for i in range(n)]
    write(facts, lines)
    return ["--empty", "--facts", facts, "-e", "count xes of A"]


def kind_lines(n, folder):
    facts = os.path.join(folder, "kb.facts")
    write(facts, ["kind thing"] + [f"entity e{i} : thing" for i in range(n)])
    return ["--empty", "--facts", facts, "-e", "count things"]


def source_lines(n, folder):
    facts = os.path.join(folder, "kb.facts")
    lines = [f'source s{i} "sentence {i} of the text"' for i in range(n)]
    lines += ["kind thing", "relation r (member, holder)"]
    lines += [f"entity e{i} : thing" for i in range(n + 1)]
    lines += [f'fact e{i} r e{i + 1} cites s{i} "sentence {i}"' for i in range(n)]
    write(facts, lines)
    return ["--empty", "--facts", facts, "-e", "count members of e1"]


def load_general(n, folder):
    # `aka` leaves the fast path: the general path's cost per statement.
    facts = os.path.join(folder, "kb.facts")
    write(facts, ["kind thing"] + [f"entity e{i} : thing aka x{i}" for i in range(n)])
    return ["--empty", "--facts", facts, "-e", "count things"]


CONSTRUCTS = [
    ("tokens", "values in an `in (...)` list, .tokens", lambda n, f: tokens_list(n, f, ".tokens")),
    ("ast", "values in an `in (...)` list, .ast", lambda n, f: tokens_list(n, f, ".ast")),
    ("in-list", "unknown values in an `in (...)` list, the query", in_list_query),
    ("suggestion", "characters of a misspelled name", misspelled_name),
    ("sparse-attributes", "facts, each with its own attribute", sparse_attributes),
    ("fact-attributes", "attributes of one fact", fact_attributes),
    ("entity-attributes", "attributes of one entity", entity_attributes),
    ("fact-sources", "sources one fact cites", fact_sources),
    ("dump-kinds", "kinds, .dump sql", dump_kinds),
    ("shared-role", "relations sharing a role", shared_role),
    ("kind-entities", "entities after a kind line", kind_lines),
    ("cited-facts", "facts citing sources", source_lines),
    ("general-path", "entity lines with aka (general path)", load_general),
]


def run(binary, arguments, limit):
    """Runs factql under /usr/bin/time, whose own child's peak RSS is factql's alone (a child
    forked from this process would count the pages it shares with it)."""
    handle, report = tempfile.mkstemp(prefix="factql-growth-")
    os.close(handle)
    start = time.monotonic()
    completed = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report, binary] + arguments,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - start
    try:
        with open(report) as handle:
            rss = int(handle.read().strip().splitlines()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        rss = float("nan")
    os.unlink(report)
    error = completed.stderr.decode(errors="replace").strip()
    return elapsed, rss, completed.returncode, error


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--only", default="")
    parser.add_argument("--work", default="/tmp/factql-growth")
    parser.add_argument("--limit-seconds", type=float, default=120.0)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    chosen = [name for name in options.only.split(",") if name]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / (1 << 20)
    print(f"| construct | grows by | " + " | ".join(f"{size:,}: time, RSS" for size in sizes)
          + " | per element, 10k to largest | linear |")
    print("| --- | --- | " + " | ".join("---" for _ in sizes) + " | --- | --- |")
    failures = 0
    for name, grows, make in CONSTRUCTS:
        if chosen and name not in chosen:
            continue
        cells = []
        per_element = {}
        previous = None
        for size in sizes:
            if previous and (previous[0] * 12 > options.limit_seconds or previous[1] * 12 > memory / 4):
                cells.append("skipped")
                continue
            folder = os.path.join(options.work, name, str(size))
            os.makedirs(folder, exist_ok=True)
            arguments = make(size, folder)
            expected = 0
            if isinstance(arguments, tuple):
                arguments, expected = arguments
            elapsed, rss, code, error = run(options.binary, arguments, options.limit_seconds)
            if code != expected:
                cells.append(f"exit {code}")
                print(f"{name} at {size}: exit {code}: {error[:300]}", file=sys.stderr)
                failures += 1
                break
            cells.append(f"{elapsed * 1000:,.0f} ms, {rss:,.0f} MiB")
            per_element[size] = elapsed / size
            previous = (elapsed, rss)
        measured = [size for size in sizes if size in per_element and size >= 10000]
        if len(measured) >= 2:
            growth = per_element[measured[-1]] / per_element[measured[0]]
            verdict = "yes" if growth <= 2.0 else "NO"
            if growth > 2.0:
                failures += 1
            summary = f"{growth:.2f}x (to {measured[-1]:,})"
        else:
            verdict, summary = "?", "too few sizes"
        cells += [""] * (len(sizes) - len(cells))
        print(f"| {name} | {grows} | " + " | ".join(cells) + f" | {summary} | {verdict} |", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
