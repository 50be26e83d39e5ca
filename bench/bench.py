"""make bench: libdigicheck's speed against ripgrep, grep and Python, side by
side in one run on the corpus of federal statutes, as ratios (the machines
are shared and noisy; absolute times mean little).

Measured (medians over --runs runs unless said):
  - digicheck check -j1 -f jsonl with the rule set, against
    rg -i -c -j1 -f baseline-patterns.txt, LC_ALL=C grep -E -i -c -r -f …,
    and a Python re scan (one run on every 10th file: it is ~100x slower);
  - -j2 against -j1;
  - in process (bench/inproc.c): rule set load, a 100 KB and a 1 MB draft;
  - peak RSS of the batch run;
  - growth: 1x, 2x, 4x the text (every 8th statute named 1, 2, 4 times),
    and the rule set with every rule twice (on the same sample): ratios.
The table is printed and appended, with date and machine, to RESULTS.md.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, out, env=None):
    """Wall time of one run; output to a file (grep stops early on /dev/null)."""
    t0 = time.perf_counter()
    with open(out, "wb") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, env=env)
    t = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd[:4])} … failed ({p.returncode}): {p.stderr[-500:]!r}")
    return t


def median_time(cmd, runs, out, env=None):
    return statistics.median(run(cmd, out, env) for _ in range(runs))


def peak_rss_kb(cmd, out):
    with open(out, "wb") as f:
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=f,
                           stderr=subprocess.PIPE)
    return int(p.stderr.decode().strip().splitlines()[-1])


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def doubled_ruleset(dc, ruleset, tmp):
    """Two single-file rule sets from the rule set's JSON description: every
    pattern, absence, question and relevance rule once, and twice (the copies
    renamed; questions once).
    Lua rules are left out of both (their code is not in the description)."""
    desc = json.loads(subprocess.run([dc, "rules", "-f", "json", ruleset], check=True,
                                     capture_output=True).stdout)

    def rule(r, suffix):
        out = {"id": r["id"] + suffix, "type": r["type"], "principle": r["principle"],
               "category": r["category"], "severity": r["severity"], "message": r["message"]}
        if r["type"] in ("pattern", "absence"):
            out["scope"] = r["scope"]
        if r["type"] == "pattern":
            out["match"] = r["match"]
            if r["unless"]:
                out["unless"] = r["unless"]
            if r["severity_if"]:
                out["severity_if"] = r["severity_if"]
            if r.get("lead_in"):
                out["lead_in"] = r["lead_in"]
            if r.get("roles") and r["roles"] != ["provision", "new"]:
                out["roles"] = r["roles"]
        elif r["type"] == "absence":
            when = {k: v for k, v in r["when"].items() if v}
            if "rules" in when:
                when["rules"] = [x + suffix for x in when["rules"]]
            out["when"] = when
            out["absent"] = r["absent"]
        elif r["type"] == "relevance":
            out.pop("category")
            out["match"] = r["match"]
            if r["unless"]:
                out["unless"] = r["unless"]
        if r["type"] in ("question", "relevance") and r.get("aspect"):
            out["aspect"] = r["aspect"]
        if r["type"] == "question":
            out.pop("category")
            out["stage"] = r["stage"]
            out["answers"] = r["answers"]
            if r["prefill"]:
                out["prefill"] = r["prefill"]
            when = {k: v for k, v in r["when"].items() if v}
            if when.get("rules"):
                when["rules"] = [x + suffix for x in when["rules"]]
            if when:
                out["applies_when"] = when
        return out

    rules = [r for r in desc["rules"]
             if r["type"] in ("pattern", "absence", "question", "relevance")]
    kept = {r["id"] for r in rules}

    def principle(p):
        # the aspects, with the rules kept (Lua rules are not)
        aspects = [dict(a, rules=[x for x in a["rules"] if x in kept])
                   for a in p.get("aspects", [])]
        for a in aspects:
            a.pop("number", None)
        return {"id": p["id"], "title": p["title"], "aspects": aspects}

    paths = []
    for copies in (1, 2):
        doc = {"digicheck": 1, "id": f"bench{copies}", "title": "bench",
               "principles": [principle(p) for p in desc["principles"]],
               "rules": [rule(r, "" if k == 0 else f"-copy{k}")
                         for k in range(copies) for r in rules
                         if not (r["type"] == "question" and k)]}
        path = os.path.join(tmp, f"rules-{copies}x.json.yaml")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        paths.append(path)
    return paths, len(rules)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--digicheck", required=True)
    ap.add_argument("--inproc", required=True)
    ap.add_argument("--ruleset", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--patterns", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--results", required=True)
    a = ap.parse_args()

    files = sorted(os.path.join(a.corpus, f) for f in os.listdir(a.corpus) if f.endswith(".md"))
    size = sum(os.path.getsize(f) for f in files)
    mb = size / 1e6
    tmp = tempfile.mkdtemp(prefix="dc-bench-")
    out = os.path.join(tmp, "out")
    dc = [a.digicheck, "check", "--no-progress", "-f", "jsonl", "-r", a.ruleset]
    cenv = dict(os.environ, LC_ALL="C")
    rows = []

    def row(name, seconds, base=None, note=""):
        rows.append((name, seconds, mb / seconds if seconds else 0, base, note))
        print(f"  {name:<34} {seconds:8.2f} s  {mb / seconds:8.1f} MB/s {note}", flush=True)

    print(f"bench: {len(files)} files, {mb:.1f} MB, rule set {a.ruleset}, {a.runs} runs",
          flush=True)
    t_dc1 = median_time(dc + ["-j1", a.corpus], a.runs, out)
    row("digicheck -j1 (jsonl)", t_dc1)
    t_rg = median_time(["rg", "-i", "-c", "-j1", "-f", a.patterns, a.corpus], a.runs, out)
    row("rg -i -c -j1", t_rg)
    t_grep = median_time(["grep", "-E", "-i", "-c", "-r", "-f", a.patterns, a.corpus], a.runs,
                         out, cenv)
    row("LC_ALL=C grep -E -i -c", t_grep)
    sample = files[::10]
    sample_mb = sum(os.path.getsize(f) for f in sample) / 1e6
    t_py = run([sys.executable, os.path.join(os.path.dirname(__file__), "scan.py"),
                a.patterns] + sample, out) * mb / sample_mb
    row("python re (every 10th file)", t_py, note=f"(measured on {sample_mb:.1f} MB, 1 run)")
    t_dc2 = median_time(dc + ["-j2", a.corpus], a.runs, out)
    row("digicheck -j2 (jsonl)", t_dc2)
    rss = peak_rss_kb(dc + ["-j2", a.corpus], out)

    # an empty cache: the first load compiles the Hyperscan databases (if the build has them)
    cold = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))
    inproc = dict((line.split()[0], float(line.split()[1])) for line in subprocess.run(
        [a.inproc, a.ruleset, os.path.join(a.corpus, "bgb.md")], check=True,
        capture_output=True, text=True, env=cold).stdout.splitlines())

    growth = {}
    eighth = files[::8]
    for k in (1, 2, 4):
        growth[k] = median_time(dc + ["-j1"] + eighth * k, max(3, a.runs // 2), out)
    (r1, r2), nrules = doubled_ruleset(a.digicheck, a.ruleset, tmp)
    t_r1 = median_time([a.digicheck, "check", "--no-progress", "-f", "jsonl", "-j1", "-r", r1]
                       + eighth, max(3, a.runs // 2), out)
    t_r2 = median_time([a.digicheck, "check", "--no-progress", "-f", "jsonl", "-j1", "-r", r2]
                       + eighth, max(3, a.runs // 2), out)

    ratios = [
        ("digicheck -j1 / rg -j1 (throughput)", t_rg / t_dc1, ">= 1.0"),
        ("digicheck -j1 / grep (C locale)", t_grep / t_dc1, ""),
        ("digicheck -j1 / python re", t_py / t_dc1, ""),
        ("-j2 speed-up over -j1", t_dc1 / t_dc2, ">= 1.8"),
        ("time 2x text / 1x", growth[2] / growth[1], "2.0 = linear"),
        ("time 4x text / 1x", growth[4] / growth[1], "4.0 = linear"),
        (f"time {2 * nrules} rules / {nrules} rules", t_r2 / t_r1, "~1.0 wanted"),
    ]
    absolute = [
        ("peak RSS, batch -j2", f"{rss / 1024:.1f} MB", "< 64 MB"),
        ("rule set load", f"{inproc['ruleset_load']:.2f} ms", "< 20 ms"),
        ("rule set load, cold cache (compile)", f"{inproc['ruleset_first']:.0f} ms", ""),
        ("check 100 KB (C API)", f"{inproc['check_100k']:.2f} ms", "< 2 ms"),
        ("check 1 MB (C API)", f"{inproc.get('check_1m', 0):.2f} ms", ""),
    ]
    print()
    for name, value, target in ratios:
        print(f"  {name:<40} {value:8.2f}   {target}")
    for name, value, target in absolute:
        print(f"  {name:<40} {value:>8}   {target}")

    stamp = datetime.date.today().isoformat()
    lines = [f"\n## {stamp} — {os.cpu_count()} cores, {cpu_model()}\n",
             f"Corpus {len(files)} files, {mb:.1f} MB; rule set `{a.ruleset}`; medians of "
             f"{a.runs} runs (growth and rule doubling: {max(3, a.runs // 2)}, on every 8th "
             "statute).\n",
             "| measure | value | target |", "|---|---:|---|"]
    for name, seconds, rate, _, note in rows:
        lines.append(f"| {name} {note} | {seconds:.2f} s, {rate:.1f} MB/s | |")
    for name, value, target in ratios:
        lines.append(f"| {name} | {value:.2f} | {target} |")
    for name, value, target in absolute:
        lines.append(f"| {name} | {value} | {target} |")
    with open(a.results, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"\nbench: appended to {a.results}")


if __name__ == "__main__":
    main()
