"""The load test's table and load/results/summary.json, from the samples the Locust runs kept (load/samples.py).

Usage: python load/summarize.py --main FILE --ok FILE [--ceiling FILE] [--steps FILE] [--settings JSON]
"""
import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from samples import RESULTS, percentile  # noqa: E402

TARGETS = {"read": 300.0, "save": 500.0, "report": 1500.0}
RENDER_TARGET = 1500.0  # p95 of every page request made while a report was rendering
HEADROOM_LIMIT = 2000.0
PAGE_CATEGORIES = ("read", "save", "report", "login")


def load(path):
    if not path or not Path(path).exists():
        return None
    return json.loads(Path(path).read_text())


def stats(rows):
    times = [r[2] for r in rows]
    if not times:
        return {"requests": 0, "failures": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    return {"requests": len(times), "failures": sum(1 for r in rows if r[3]),
            "median_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1)}


def duration(rows):
    return max((r[6] for r in rows), default=0) - min((r[6] for r in rows), default=0) or 1


def main(argv=None):
    parser = argparse.ArgumentParser()
    for name in ("main", "ok", "ceiling", "steps", "settings"):
        parser.add_argument(f"--{name}")
    options = parser.parse_args(argv)
    main_run, ok_run, ceiling_run, steps_run = (load(options.main), load(options.ok), load(options.ceiling),
                                               load(options.steps))
    settings = json.loads(options.settings) if options.settings else {}
    manifest = json.loads((RESULTS / "manifest.json").read_text())
    if main_run is None:
        sys.exit("no samples of the main run")
    rows = main_run["samples"]
    pages = [r for r in rows if r[0] in PAGE_CATEGORIES]
    seconds = duration(rows)
    categories = {}
    for name in (*PAGE_CATEGORIES, "render"):  # render: a report's time from request to file (not a request)
        subset = [r for r in rows if r[0] == name]
        categories[name] = {**stats(subset), "rps": round(len(subset) / seconds, 2)}
    while_rendering = stats([r for r in pages if r[5]])
    ok = stats(ok_run["samples"]) if ok_run else None
    ok_p95 = ok["p95_ms"] if ok and ok["p95_ms"] else None
    ratios = {name: round(c["p95_ms"] / ok_p95, 1) if ok_p95 and c and c["p95_ms"] else None
              for name, c in categories.items() if name in PAGE_CATEGORIES}
    ceiling = None
    if ceiling_run:
        ceiling = {**stats(ceiling_run["samples"]),
                   "rps": round(len(ceiling_run["samples"]) / duration(ceiling_run["samples"]), 1)}
    steps = []
    if steps_run:
        by_stage = {}
        for r in steps_run["samples"]:
            by_stage.setdefault(r[4], []).append(r)
        verdicts = steps_run.get("stages", [])
        for index, stage_rows in sorted(by_stage.items()):
            users = verdicts[index]["users"] if index < len(verdicts) else settings.get("steps", [None] * 99)[index]
            steps.append({"users": users, "read": stats([r for r in stage_rows if r[0] == "read"]),
                          "save": stats([r for r in stage_rows if r[0] == "save"]),
                          "report": stats([r for r in stage_rows if r[0] == "report"]),
                          "failures": sum(1 for r in stage_rows if r[3]),
                          "rps": round(len(stage_rows) / duration(stage_rows), 1)})
    passed_at = next((s["users"] for s in steps if s["read"]["p95_ms"] and s["read"]["p95_ms"] > HEADROOM_LIMIT), None)
    failures = sum(1 for r in rows if r[3])
    checks = {
        "zero_errors": failures == 0,
        **{f"{name}_p95_le_{int(t)}ms": bool(categories[name]["p95_ms"] is not None
                                            and categories[name]["p95_ms"] <= t) for name, t in TARGETS.items()},
        "p95_while_rendering_le_1500ms": bool(while_rendering["p95_ms"] is not None
                                              and while_rendering["p95_ms"] <= RENDER_TARGET),
    }
    summary = {
        "settings": settings, "data": manifest["data"], "main": {
            "categories": categories, "while_reports_render": while_rendering, "counters": main_run["counters"],
            "failures": failures, "seconds": round(seconds, 1)},
        "ok_view": ok, "ok_ceiling_no_wait": ceiling, "ratio_p95_to_ok_view": ratios,
        "steps": steps, "headroom": {"read_p95_passes_2s_at_users": passed_at,
                                     "highest_step": steps[-1]["users"] if steps else None},
        "targets": checks, "all_targets_met": all(checks.values()),
    }
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    _print(summary)
    return 0


def _fmt(value):
    return "-" if value is None else f"{value:g}"


def _print(summary):
    main = summary["main"]
    s = summary["settings"]
    print(f"\nMain run: {s.get('users')} users, {s.get('duration')} (think time {s.get('wait')} s); "
          f"data: {summary['data']['province']}; {summary['data']['scoring']}")
    header = ("category", "requests", "failures", "median ms", "p95 ms", "max ms", "req/s", "target", "x ok p95")
    lines = [header]
    for name, c in main["categories"].items():
        if not c["requests"]:
            continue
        target = TARGETS.get(name)
        lines.append((name, str(c["requests"]), str(c["failures"]), _fmt(c["median_ms"]), _fmt(c["p95_ms"]),
                      _fmt(c["max_ms"]), _fmt(c["rps"]), f"<= {target:g}" if target else "",
                      _fmt(summary["ratio_p95_to_ok_view"].get(name))))
    w = main["while_reports_render"]
    lines.append(("pages while rendering", str(w["requests"]), str(w["failures"]), _fmt(w["median_ms"]),
                  _fmt(w["p95_ms"]), _fmt(w["max_ms"]), "", f"<= {RENDER_TARGET:g}", ""))
    ok = summary["ok_view"]
    if ok:
        lines.append(("ok view (same load)", str(ok["requests"]), str(ok["failures"]), _fmt(ok["median_ms"]),
                      _fmt(ok["p95_ms"]), _fmt(ok["max_ms"]), "", "", "1"))
    ceiling = summary["ok_ceiling_no_wait"]
    if ceiling:
        lines.append(("ok view (no think time)", str(ceiling["requests"]), str(ceiling["failures"]),
                      _fmt(ceiling["median_ms"]), _fmt(ceiling["p95_ms"]), _fmt(ceiling["max_ms"]),
                      _fmt(ceiling["rps"]), "", ""))
    _table(lines)
    print("counters: " + ", ".join(f"{k} {v}" for k, v in sorted(main["counters"].items())))
    if summary["steps"]:
        print("\nStep phase (read p95 limit 2000 ms):")
        lines = [("users", "req/s", "failures", "read p95", "save p95", "report p95")]
        for step in summary["steps"]:
            lines.append((str(step["users"]), _fmt(step["rps"]), str(step["failures"]), _fmt(step["read"]["p95_ms"]),
                          _fmt(step["save"]["p95_ms"]), _fmt(step["report"]["p95_ms"])))
        _table(lines)
        passed = summary["headroom"]["read_p95_passes_2s_at_users"]
        print(f"headroom: read p95 passes 2 s at {passed} users" if passed else
              f"headroom: read p95 stayed under 2 s up to {summary['headroom']['highest_step']} users")
    print("\ntargets: " + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in summary["targets"].items()))


def _table(lines):
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for number, line in enumerate(lines):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if number == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    sys.exit(main())
