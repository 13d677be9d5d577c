"""Run the registered benchmark cases on freshly generated data; print a table, write bench/results.json.

Usage: python -m bench.run [--repeat 50] [--warmup 5] [--only SUBSTRING] [--strict]
The database named by DATABASE_URL (PostgreSQL, name ending in "bench") is dropped and rebuilt each run.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def main(argv=None):
    options = _parse(argv)
    _setup_django()
    from bench.generate import FULL, SMALL, generate
    from bench.registry import load_cases

    cases = [c for c in load_cases() if not options.only or options.only in c.name]
    _recreate_database()
    started = time.perf_counter()
    worlds = [generate(size) for size in (FULL, SMALL)]
    print(f"Data: {FULL.describe()}; small: {SMALL.describe()} "
          f"(generated in {time.perf_counter() - started:.1f} s)")
    print(f"Each case: {options.warmup} warm-up requests, then {options.repeat} timed.\n")
    rows, problems = [], []
    for case in cases:
        case_rows, problem = _run_case(case, worlds, options)
        rows += case_rows
        problems += [problem] if problem else []
    _print_table(rows, problems)
    kept = _kept_rows(cases) if options.only else []
    RESULTS.write_text(json.dumps(kept + rows, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    if any(p["kind"] == "error" for p in problems):
        return 1
    if options.strict and not all(r["passed"] for r in rows):
        return 1
    return 0


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per case and size")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests before timing")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a case misses its target")
    return parser.parse_args(argv)


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings.test")
    # Django's test client sends Host: testserver.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    # WhiteNoise warns that collectstatic has not run; the pages are timed without static files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def _recreate_database():
    """Drop and recreate the benchmark database, then migrate it (refuses any other database)."""
    import psycopg2
    from django.core.management import call_command
    from django.db import connections

    db = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql" or not db["NAME"].endswith("bench"):
        sys.exit(f"bench: DATABASE_URL must name a PostgreSQL database ending in 'bench', not {db['NAME']!r}")
    connections.close_all()
    admin = psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"],
                             host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()
    call_command("migrate", interactive=False, verbosity=0)


def _run_case(case, worlds, options):
    """Run one case at every size it asks for; rows share `queries_constant` across the sizes."""
    from django.urls import NoReverseMatch

    measured = []
    for world in worlds:
        if case.sizes and world.label not in case.sizes:
            continue
        try:
            measured.append((world, case.func(world, options)))
        except NoReverseMatch as exc:
            return [], {"name": case.name, "kind": "skipped", "reason": f"no such page yet ({exc})"}
        except Exception as exc:  # a broken case must not hide the others' results
            return [], {"name": case.name, "kind": "error", "reason": f"{type(exc).__name__}: {exc}"}
    constant = len({m.queries for _, m in measured}) == 1
    rows = []
    for world, m in measured:
        p95, median = _percentile(m.samples, 95), statistics.median(m.samples)
        met = median >= case.target if case.higher_is_better else p95 <= case.target
        rows.append({
            "name": f"{case.name}[{world.label}]", "unit": case.unit,
            "median": round(median, 2), "p95": round(p95, 2),
            "target": case.target, "queries": m.queries, "queries_constant": constant,
            "size": world.size.describe(), "samples": len(m.samples),
            "passed": met and constant,
            **({"figures": m.figures} if m.figures else {}),
        })
    return rows, None


def _kept_rows(cases):
    """With --only, the rows of the cases not run this time stay as the previous run wrote them."""
    if not RESULTS.exists():
        return []
    ran = {case.name for case in cases}
    try:
        previous = json.loads(RESULTS.read_text())
    except ValueError:
        return []
    return [row for row in previous if row["name"].rsplit("[", 1)[0] not in ran]


def _percentile(samples, percent):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _print_table(rows, problems):
    header = ("name", "unit", "median", "p95", "target", "queries", "constant", "result")
    lines = [header] + [
        (r["name"], r["unit"], f"{r['median']:.1f}", f"{r['p95']:.1f}", f"{r['target']:g}",
         str(r["queries"]), "yes" if r["queries_constant"] else "NO", "pass" if r["passed"] else "FAIL")
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for number, line in enumerate(lines):
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths))))
        if number == 0:
            print("  ".join("-" * w for w in widths))
    for row in rows:
        if row.get("figures"):
            print(f"{row['name']}: " + ", ".join(f"{k} {v}" for k, v in row["figures"].items()))
    for problem in problems:
        print(f"{problem['kind'].upper()}: {problem['name']}: {problem['reason']}")


if __name__ == "__main__":
    sys.exit(main())
