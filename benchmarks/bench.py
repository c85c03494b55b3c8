#!/usr/bin/env python3
"""FactQL against sqlite3 on the same generated data, in the same run.

For each size it runs factql and sqlite3 alternately, several times each, checks every answer
against the generator's expected answers, and prints a table of medians with the
factql/sqlite3 ratio and the issue's target for each row. At the largest size it also loads the
workload without since and until (generate.py --no-time, in the folder SIZE-untimed), alternately
with the others, and compares factql's two loads; and it compares factql's Q8 with Q8b (the same
rows without the since column). In those two rows the sqlite3 column holds factql's own figure for
the untimed workload and for Q8b. At the largest size it also reads the memberships as CSV:
factql's `.import members-import.csv member_of` into an empty base (which makes the countries and
organisations as it goes) beside sqlite3's `.import --csv --skip 1` of the same file into a table,
each followed by Q1, alternately; --only-import runs that part alone.

usage: bench.py FACTQL_BINARY [--sizes 10000,100000,1000000] [--runs 7] [--repeats 25]
                [--data benchmarks/data] [--check-only] [--only-import]
"""

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

# {member} and {other} are the countries the generator chose (expected.json): the answer to Q6 is
# yes, to Q6b no.
QUERY_FACTQL = {
    "Q1": "members of o7 where status = frozen",
    "Q2": "count members of o7",
    "Q3": "leaders of (members of o7 where status = frozen)",
    "Q4": "count members of organizations where status = frozen",
    "Q5": "count members of each organization",
    "Q6": "is {member} a member of o7",
    "Q6b": "is {other} a member of o7",
    "Q7": "facts of {member}",
    "Q8": "members of o7 with since",
    "Q8b": "members of o7",
    "Q9": "members of o7 as of 2010",
    "Q10": "count members of organizations where status = frozen as of 2010",
}
QUERY_SQL = {
    "Q1": "select country, status from members where org = 'o7' and status = 'frozen' order by country;",
    "Q2": "select count(*) from members where org = 'o7';",
    "Q3": "select l.person from leaders l join members m on l.country = m.country"
    " where m.org = 'o7' and m.status = 'frozen' order by l.person;",
    "Q4": "select count(distinct country) from members where status = 'frozen';",
    "Q5": "select o.name, count(m.country) from organisations o left join members m on m.org = o.name"
    " group by o.name;",
    "Q6": "select case when exists (select 1 from members where country = '{member}' and org = 'o7')"
    " then 'yes' else 'no' end;",
    "Q6b": "select case when exists (select 1 from members where country = '{other}' and org = 'o7')"
    " then 'yes' else 'no' end;",
    "Q7": "select country, 'member_of', org, 'status: ' || status || coalesce(', since: ' || since, '')"
    " || coalesce(', until: ' || until, '') from members"
    " where country = '{member}'"
    " union all select person, 'leads', country, null from leaders where country = '{member}';",
    "Q8": "select country, since from members where org = 'o7' order by country;",
    "Q8b": "select country from members where org = 'o7' order by country;",
    "Q9": "select country from members where org = 'o7' and since <= 2010 and (until is null or 2010 < until)"
    " order by country;",
    "Q10": "select count(distinct country) from members where status = 'frozen' and since <= 2010"
    " and (until is null or 2010 < until);",
}
# The queries with `as of`, whose notes (on stderr) must count the facts the generator left out.
LEFT_OUT = {"Q9": "Q9_left_out", "Q10": "Q10_left_out"}
# Whole process: what Q1 needs.
SQL_LOAD = """create table members(country text, org text, status text, since integer, until integer);
create table leaders(person text, country text);
.import --csv members.csv members
.import --csv leaders.csv leaders
create index members_org_status on members(org, status);
create index leaders_country on leaders(country);
"""
# In process: also the organisations (Q5), an index on the member country (Q6, Q7), and NULL for
# the empty since and until (.import reads them as empty texts).
SQL_LOAD_ALL = SQL_LOAD + """update members set since = null where since = '';
update members set until = null where until = '';
create table organisations(name text primary key);
.import --csv organisations.csv organisations
create index members_country on members(country);
"""


def queries(templates, expected):
    return {name: text.format(member=expected["member_country"], other=expected["other_country"])
            for name, text in templates.items()}


class AnswerError(Exception):
    pass


def run_measured(command, stdin_text=None, cwd=None):
    """Runs a command; returns (wall seconds, peak RSS in KiB, stdout, stderr)."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as given:
        if stdin_text is not None:
            given.write(stdin_text.encode())
            given.seek(0)
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=given, stdout=output, stderr=errors, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        errors.seek(0)
        text = output.read().decode()
        error_text = errors.read().decode()
        if process.returncode != 0:
            raise AnswerError(f"{command[0]} exited {process.returncode}: {error_text[:500]}")
        return wall, usage.ru_maxrss, text, error_text


def csv_rows(lines):
    return [row for row in csv.reader(lines) if row]


def check(name, engine, actual, expected):
    if actual != expected:
        raise AnswerError(f"{engine} answered {name} wrongly: {str(actual)[:200]} (expected {str(expected)[:200]})")


def check_answer(query, engine, lines, expected):
    """Checks one query's output lines (CSV, header already removed)."""
    rows = csv_rows(lines)
    if query == "Q1":
        check(query, engine, rows, expected["Q1"])
    elif query in ("Q2", "Q4", "Q10"):
        check(query, engine, [int(rows[0][0])] if rows else [], [expected[query]])
    elif query in ("Q3", "Q8b", "Q9"):
        check(query, engine, [row[0] for row in rows], expected[query])
    elif query == "Q5":
        # The query does not order its rows: compared sorted by name, every organisation once.
        check(query, engine, sorted([row[0], int(row[1])] for row in rows), expected["Q5"])
    elif query in ("Q6", "Q6b"):
        check(query, engine, rows, [[expected[query]]])
    elif query in ("Q7", "Q8"):
        check(query, engine, rows, expected[query])
    else:
        raise AnswerError(f"no check for {query}")


# Whole process: start, load, Q1, exit.

def factql_whole(binary, folder, expected):
    wall, rss, text, _ = run_measured(
        [binary, "--empty", "--format", "csv", "--facts", os.path.join(folder, "facts.facts"), "-e", QUERY_FACTQL["Q1"]])
    check_answer("Q1", "factql", text.splitlines()[1:], expected)
    return wall, rss


def sqlite_whole(folder, expected):
    script = SQL_LOAD + ".mode csv\n" + QUERY_SQL["Q1"] + "\n"
    wall, rss, text, _ = run_measured(["sqlite3", ":memory:"], stdin_text=script, cwd=folder)
    check_answer("Q1", "sqlite3", text.splitlines(), expected)
    return wall, rss


# CSV import: start, read the memberships' CSV, Q1, exit. Neither builds an index first.

def factql_import(binary, folder, expected):
    wall, rss, text, _ = run_measured(
        [binary, "--empty", "--format", "csv", "-e", "relation member_of (member, organization)",
         "-e", ".import members-import.csv member_of", "-e", QUERY_FACTQL["Q1"]], cwd=folder)
    check_answer("Q1", "factql", text.splitlines()[1:], expected)
    return wall, rss


SQL_IMPORT = """create table members(country text, org text, status text, since integer, until integer);
.import --csv --skip 1 members-import.csv members
"""


def sqlite_import(folder, expected):
    script = SQL_IMPORT + ".mode csv\n" + QUERY_SQL["Q1"] + "\n"
    wall, rss, text, _ = run_measured(["sqlite3", ":memory:"], stdin_text=script, cwd=folder)
    check_answer("Q1", "sqlite3", text.splitlines(), expected)
    return wall, rss


def import_rows(binary, folder, expected, size, runs):
    factql_runs, sqlite_runs = [], []
    for _ in range(runs):
        factql_runs.append(factql_import(binary, folder, expected))
        sqlite_runs.append(sqlite_import(folder, expected))
    factql_wall = statistics.median(run[0] for run in factql_runs)
    sqlite_wall = statistics.median(run[0] for run in sqlite_runs)
    return [
        (f"N={size:,}: .import of the CSV, Q1, exit", sqlite_wall * 1000, factql_wall * 1000, "ms", "", None),
        (f"N={size:,}: the same, per row", sqlite_wall * 1e9 / size, factql_wall * 1e9 / size, "ns", "", None),
        (f"N={size:,}: the same, peak RSS", max(run[1] for run in sqlite_runs) / 1024,
         max(run[1] for run in factql_runs) / 1024, "MiB", "", None),
    ]


# In process: each query repeated, timed by the engine itself.

def factql_in_process(binary, folder, expected, repeats):
    texts = queries(QUERY_FACTQL, expected)
    script = ".timer on\n" + "".join((texts[q] + "\n") * repeats for q in QUERY_FACTQL)
    with tempfile.NamedTemporaryFile("w", suffix=".fq", delete=False) as file:
        file.write(script)
        path = file.name
    try:
        _, _, text, errors = run_measured(
            [binary, "--empty", "--format", "csv", "--facts", os.path.join(folder, "facts.facts"), path])
    finally:
        os.unlink(path)
    # One note per `as of` query, in order, naming the facts left out as unknown.
    notes = [line for line in errors.splitlines() if "left out" in line]
    wanted = [expected[LEFT_OUT[q]] for q in QUERY_FACTQL if q in LEFT_OUT for _ in range(repeats)]
    if len(notes) != len(wanted) or any(not f"{count} fact" in note for note, count in zip(notes, wanted)):
        raise AnswerError(f"factql's notes on the facts left out {notes[:2]} do not count {wanted[:1]} and so on")
    return split_timed(text, "factql", expected, repeats, header=True,
                       parse=lambda line: float(line.split()[2]) / 1000)


def sqlite_in_process(folder, expected, repeats):
    texts = queries(QUERY_SQL, expected)
    script = SQL_LOAD_ALL + ".mode csv\n.timer on\n" + "".join((texts[q] + "\n") * repeats for q in QUERY_SQL)
    _, _, text, _ = run_measured(["sqlite3", ":memory:"], stdin_text=script, cwd=folder)
    # "Run Time: real R user U sys S": real has millisecond resolution, so the CPU time is used
    # (U + S, in microseconds); it is at most the wall time, which favours sqlite3.
    return split_timed(text, "sqlite3", expected, repeats, header=False,
                       parse=lambda line: float(line.split()[5]) + float(line.split()[7]))


def split_timed(text, engine, expected, repeats, header, parse):
    """Splits output at the "Run Time" lines; checks each answer; returns seconds per query."""
    times = {query: [] for query in QUERY_FACTQL}
    order = [query for query in QUERY_FACTQL for _ in range(repeats)]
    block = []
    index = 0
    for line in text.splitlines():
        if line.startswith("Run Time:"):
            if index >= len(order):
                raise AnswerError(f"{engine}: more results than queries")
            query = order[index]
            check_answer(query, engine, block[1:] if header else block, expected)
            times[query].append(parse(line))
            block = []
            index += 1
        else:
            block.append(line)
    if index != len(order):
        raise AnswerError(f"{engine}: {index} timed results for {len(order)} queries")
    return {query: statistics.median(values) for query, values in times.items()}


def start_up(binary, runs):
    factql, sqlite = [], []
    for _ in range(runs):
        for command, times in (([binary, "-e", "count countries"], factql), (["sqlite3", ":memory:", "select 1"], sqlite)):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - started)
    return statistics.median(factql), statistics.median(sqlite)


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) // 1024 // 1024 + 1} GiB RAM"
    except OSError:
        pass
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    return (f"{model}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"sqlite3 {sqlite_version}; load average {os.getloadavg()[0]:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=7, help="whole-process runs of each engine per size")
    parser.add_argument("--repeats", type=int, default=25, help="repetitions of each query in process")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    parser.add_argument("--check-only", action="store_true", help="one run of each, answers checked, no table")
    parser.add_argument("--only-import", action="store_true",
                        help="only the CSV import of the largest size (factql's .import beside sqlite3's)")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    binary = os.path.abspath(arguments.binary)
    runs = 1 if arguments.check_only else arguments.runs
    repeats = 3 if arguments.check_only else arguments.repeats

    print(f"machine: {machine()}")
    rows = []
    try:
        for size in sizes:
            folder = os.path.join(arguments.data, str(size))
            with open(os.path.join(folder, "expected.json")) as file:
                expected = json.load(file)
            last = size == sizes[-1]
            if arguments.only_import:
                if last:
                    rows += import_rows(binary, folder, expected, size, runs)
                continue
            # At the largest size, the workload before time too (run.sh generates it), to compare
            # factql's loads of both in the same run.
            untimed_folder = folder + "-untimed"
            untimed_expected = None
            if last and os.path.exists(os.path.join(untimed_folder, "expected.json")):
                with open(os.path.join(untimed_folder, "expected.json")) as file:
                    untimed_expected = json.load(file)
            factql_runs, sqlite_runs, untimed_runs = [], [], []
            for _ in range(runs):
                factql_runs.append(factql_whole(binary, folder, expected))
                sqlite_runs.append(sqlite_whole(folder, expected))
                if untimed_expected is not None:
                    untimed_runs.append(factql_whole(binary, untimed_folder, untimed_expected))
            factql_wall = statistics.median(run[0] for run in factql_runs)
            sqlite_wall = statistics.median(run[0] for run in sqlite_runs)
            factql_rss = max(run[1] for run in factql_runs)
            sqlite_rss = max(run[1] for run in sqlite_runs)
            rows.append((f"N={size:,}: start, load, Q1, exit", sqlite_wall * 1000, factql_wall * 1000, "ms",
                         "at most 0.15x" if last else "", factql_wall <= 0.15 * sqlite_wall if last else None))
            rows.append((f"N={size:,}: the same, per fact", sqlite_wall * 1e9 / (2 * size),
                         factql_wall * 1e9 / (2 * size), "ns", "linear in N", None))
            if untimed_runs:
                untimed_wall = statistics.median(run[0] for run in untimed_runs)
                rows.append((f"N={size:,}: the same, factql: untimed workload (in the sqlite3 column) / this one",
                             untimed_wall * 1000, factql_wall * 1000, "ms", "at most 1.1x the untimed workload",
                             factql_wall <= 1.1 * untimed_wall))
            if not last:
                continue
            rows += import_rows(binary, folder, expected, size, runs)
            factql_times = factql_in_process(binary, folder, expected, repeats)
            sqlite_times = sqlite_in_process(folder, expected, repeats)
            for query in QUERY_FACTQL:
                if query == "Q4":
                    target, met = "at most 5 ms", factql_times[query] <= 0.005
                elif query in ("Q6", "Q6b", "Q7"):
                    target, met = "at most 0.02 ms", factql_times[query] <= 0.00002
                elif query == "Q8":
                    target, met = "at most 1.2x factql's Q1", factql_times[query] <= 1.2 * factql_times["Q1"]
                elif query == "Q8b":
                    target, met = "", None
                elif query == "Q9":
                    target, met = "within 1.5x of factql's Q1", factql_times[query] <= 1.5 * factql_times["Q1"]
                elif query == "Q10":
                    target, met = "within 1.5x of factql's Q4", factql_times[query] <= 1.5 * factql_times["Q4"]
                else:
                    target, met = "no slower", factql_times[query] <= sqlite_times[query]
                rows.append((f"N={size:,}: {query} in process", sqlite_times[query] * 1000, factql_times[query] * 1000,
                             "ms", target, met))
                if query == "Q8b":
                    rows.append((f"N={size:,}: Q8 in process, factql: Q8b (in the sqlite3 column) / Q8",
                                 factql_times["Q8b"] * 1000, factql_times["Q8"] * 1000, "ms", "", None))
            rows.append((f"N={size:,}: peak RSS", sqlite_rss / 1024, factql_rss / 1024, "MiB", "at most 150 MiB",
                         factql_rss / 1024 <= 150))
        if not arguments.only_import:
            factql_start, sqlite_start = start_up(binary, 10 if arguments.check_only else 60)
            rows.append(("start-up: `-e 'count countries'` / `select 1`", sqlite_start * 1000, factql_start * 1000,
                         "ms", "at most 1.5x", factql_start <= 1.5 * sqlite_start))
    except AnswerError as error:
        print(f"ANSWER CHECK FAILED: {error}", file=sys.stderr)
        return 1

    print("every answer matched the generator's expected answers")
    if arguments.check_only:
        return 0
    print()
    print("| measure | sqlite3 | factql | factql/sqlite3 | target | met |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for measure, sqlite_value, factql_value, unit, target, met in rows:
        ratio = factql_value / sqlite_value
        verdict = "" if met is None else ("yes" if met else "no")
        print(f"| {measure} | {format_value(sqlite_value)} {unit} | {format_value(factql_value)} {unit} "
              f"| {ratio:.3f} | {target} | {verdict} |")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


def format_value(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


if __name__ == "__main__":
    sys.exit(main())
