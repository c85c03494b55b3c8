#!/usr/bin/env python3
"""The database benchmark (`make bench-database`): FactQL over an SQLite file beside sqlite3 on
the same file, in the same run, answers checked.

For each size, from the workload of generate.py (facts.facts, members.csv, expected.json):
  load      factql --database NEW.db --facts facts.facts (the fact base written, indexes included),
            beside sqlite3's .import of members.csv and leaders.csv into a new file, with the
            indexes of the README's in-memory comparison made after the import
  open+Q1   factql --database kb.db -e Q1, the whole process, beside sqlite3 kb.db running the SQL
            that `.sql Q1` translates Q1 into, on the same file
  Q1 SQL    that translated SQL's time inside sqlite3 (.timer), for the in-process comparison

usage: database.py FACTQL_BINARY FOLDER [FOLDER ...] [--runs 3]
"""

import json
import os
import statistics
import subprocess
import sys
import time

Q1 = "members of o7 where status = frozen"


def timed(command, stdin=None):
    started = time.perf_counter()
    result = subprocess.run(command, input=stdin, capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    return elapsed, result.stdout


def remove(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def main():
    arguments = sys.argv[1:]
    runs = 3
    if "--runs" in arguments:
        index = arguments.index("--runs")
        runs = int(arguments[index + 1])
        del arguments[index:index + 2]
    binary, folders = arguments[0], arguments[1:]
    rows = []
    for folder in folders:
        expected = json.load(open(os.path.join(folder, "expected.json")))
        size = expected.get("count", os.path.basename(folder))
        expected_q1 = sorted(tuple(row) for row in expected["Q1"])
        factql_db = os.path.join(folder, "factql.db")
        sqlite_db = os.path.join(folder, "sqlite.db")
        loads = {"factql": [], "sqlite3": []}
        for _ in range(runs):
            remove(factql_db)
            elapsed, _ = timed([binary, "--database", factql_db, "--facts", os.path.join(folder, "facts.facts")])
            loads["factql"].append(elapsed)
            remove(sqlite_db)
            script = (
                "create table members (country text, org text, status text, since integer, until integer);\n"
                "create table leaders (person text, country text);\n"
                f".import --csv {os.path.join(folder, 'members.csv')} members\n"
                f".import --csv {os.path.join(folder, 'leaders.csv')} leaders\n"
                "create index members_by_org on members (org, status);\n"
                "create index leaders_by_country on leaders (country);\n")
            elapsed, _ = timed(["sqlite3", sqlite_db], stdin=script)
            loads["sqlite3"].append(elapsed)
        _, sql = timed([binary, "--database", factql_db, "-e", ".sql " + Q1])
        opens = {"factql": [], "sqlite3": []}
        for _ in range(runs):
            elapsed, text = timed([binary, "--database", factql_db, "--format", "csv", "-e", Q1])
            opens["factql"].append(elapsed)
            got = sorted(tuple(line.split(",")) for line in text.splitlines()[1:])
            if got != expected_q1:
                sys.exit(f"factql's Q1 over the database is wrong at {size}")
            elapsed, text = timed(["sqlite3", "-csv", factql_db], stdin=sql)
            opens["sqlite3"].append(elapsed)
            got = sorted(tuple(line.split(",")) for line in text.splitlines())
            if got != expected_q1:
                sys.exit(f"sqlite3's Q1 over the database is wrong at {size}")
        _, timer = timed(["sqlite3", factql_db], stdin=".timer on\n" + sql)
        engine = [float(line.split()[3]) * 1000 for line in timer.splitlines() if line.startswith("Run Time:")]
        size_text = f"{int(size):,}" if str(size).isdigit() else str(size)
        rows.append((f"N={size_text}: load into a new database file", statistics.median(loads["sqlite3"]), statistics.median(loads["factql"])))
        rows.append((f"N={size_text}: open the file, Q1, exit", statistics.median(opens["sqlite3"]), statistics.median(opens["factql"])))
        rows.append((f"N={size_text}: Q1's translated SQL inside sqlite3", sum(engine), None))
        rows.append((f"N={size_text}: database file size (MiB)", os.path.getsize(sqlite_db) / 2**20, os.path.getsize(factql_db) / 2**20))
    print("| measure | sqlite3 | factql | factql/sqlite3 |")
    print("| --- | ---: | ---: | ---: |")
    for name, theirs, ours in rows:
        unit = "" if "MiB" in name else " ms"
        ours_text = "" if ours is None else f"{ours:.1f}{unit}"
        ratio = "" if ours is None else f"{ours / theirs:.2f}"
        print(f"| {name} | {theirs:.1f}{unit} | {ours_text} | {ratio} |")


if __name__ == "__main__":
    main()
