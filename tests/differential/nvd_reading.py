#!/usr/bin/env python3
"""An independent reading of NVD's applicability rules, compared with kensa.

Written from the specifications alone (CPE 2.3 naming, NISTIR 7695, and name
matching, NISTIR 7696; NVD's configuration semantics: AND/OR nodes, negate,
vulnerable, the four version bounds) and from the vendors' published release
numbering, without kensa's code. It reads NVD's JSON 1.1 feeds, makes
candidate devices from the records' own versions and bounds and their
neighbours, asks `kensa check --candidates` about them, decides each
(candidate, CVE) pair itself, and reports every disagreement. Disagreements
listed in explained.tsv (CVE id, candidate firmware, reason) are allowed;
any other fails.

Usage: nvd_reading.py KENSA FEEDS_DIR WORK_DIR [--per-family N]
Exit 0 when every disagreement is explained, 1 otherwise, 77 when FEEDS_DIR
is absent (the test is then skipped).
"""
import collections
import functools
import gzip
import json
import os
import random
import re
import subprocess
import sys

ANY, NA = object(), object()


@functools.lru_cache(maxsize=None)
def split_cpe(text):
    """CPE 2.3 formatted string -> 13 components (ANY, NA or unescaped text)."""
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    out = []
    for raw in parts[2:]:
        if raw == "*":
            out.append(ANY)
        elif raw == "-":
            out.append(NA)
        else:
            wildcard = bool(re.search(r"(?<!\\)[*?]", raw))
            value = re.sub(r"\\(.)", r"\1", raw).lower()
            out.append((value, wildcard))
    return out  # part, vendor, product, version, update, edition, ... (11)


def relation(source, target):
    """NISTIR 7696 table 6-2: 'superset', 'equal', 'subset', 'disjoint'."""
    if source is ANY:
        return "equal" if target is ANY else "superset"
    if target is ANY:
        return "subset"
    if source is NA:
        return "equal" if target is NA else "disjoint"
    if target is NA:
        return "disjoint"
    value, wildcard = source
    if wildcard:
        pattern = "^" + re.escape(value).replace(r"\*", ".*").replace(r"\?", ".") + "$"
        return "superset" if re.match(pattern, target[0]) else "disjoint"
    return "equal" if value == target[0] else "disjoint"


# --- vendors' release numbering -------------------------------------------

def numbers_and_letters(text):
    return [int(t) if t.isdigit() else t for t in re.findall(r"\d+|[a-z]+", text)]


def order(a, b):
    return (a > b) - (a < b)


def compare_generic(a, b):
    """Dotted numbers; missing parts are zero; letters must be equal."""
    x, y = numbers_and_letters(a), numbers_and_letters(b)
    for i in range(max(len(x), len(y))):
        p = x[i] if i < len(x) else 0
        q = y[i] if i < len(y) else 0
        if isinstance(p, int) and isinstance(q, int):
            if p != q:
                return order(p, q)
        elif isinstance(p, str) and isinstance(q, str) and p == q:
            continue
        elif isinstance(p, int) and isinstance(q, str) and p == 0 and i >= len(x):
            return None
        else:
            return None
    return 0


def junos_key(text):
    """18.1r3-s5.3 -> line (18,1), kind 'r', number 3, service 5, respin 3."""
    m = re.fullmatch(r"(\d+)\.(\d+)(?:x(\d+))?(?:-?([a-wyz])(\d+))?(?:-s(\d+))?(?:\.(\d+))?(-evo)?", text)
    if not m:
        return None
    major, minor, x, kind, number, service, respin, evo = m.groups()
    return {"line": (int(major), int(minor)), "x": int(x) if x else None, "kind": kind,
            "number": int(number) if number else None, "service": int(service or 0),
            "respin": int(respin or 0), "evo": bool(evo)}


def compare_junos(a, b):
    x, y = junos_key(a), junos_key(b)
    if not x or not y or x["evo"] != y["evo"]:
        return None
    if x["line"] != y["line"]:
        return order(x["line"], y["line"])
    if (x["x"] is None) != (y["x"] is None):
        # 15.1 (the line) is before every 15.1X49 release; otherwise trains differ.
        if x["x"] is None and x["kind"] is None:
            return -1
        if y["x"] is None and y["kind"] is None:
            return 1
        return None
    if x["x"] != y["x"]:
        return order(x["x"], y["x"])
    if x["kind"] is None or y["kind"] is None:
        if x["kind"] is None and y["kind"] is None:
            return 0
        return -1 if x["kind"] is None else 1
    if x["kind"] != y["kind"]:
        return None
    return order((x["number"], x["service"], x["respin"]), (y["number"], y["service"], y["respin"]))


def iosxe_key(text):
    if "(" in text:
        return ("ios", text)
    m = re.fullmatch(r"(\d+(?:\.\d+)*)\.?([a-z]*)", text)
    if not m:
        return None
    numbers = tuple(int(n) for n in m.group(1).split("."))
    letters, train = m.group(2), ""
    if numbers[0] == 3:
        for candidate in ("sg", "se", "sq", "s", "e"):
            if letters.endswith(candidate) and len(letters) <= len(candidate) + 1:
                train, letters = candidate, letters[: -len(candidate)]
                break
    if len(letters) > 1:
        return None
    return ("xe", numbers, letters, train)


def compare_iosxe(a, b):
    x, y = iosxe_key(a), iosxe_key(b)
    if x and y and x[0] == y[0] == "ios":
        return None
    if not x or not y:
        # Irregular spellings (3.7s.4): only a different major release orders them.
        p, q = re.match(r"\d+", a), re.match(r"\d+", b)
        if p and q and int(p.group()) != int(q.group()) and "(" not in a + b:
            return order(int(p.group()), int(q.group()))
        return None
    if x[0] != y[0]:
        return None
    if x[3] and y[3] and x[3] != y[3]:
        return None
    n = max(len(x[1]), len(y[1]))
    p, q = x[1] + (0,) * (n - len(x[1])), y[1] + (0,) * (n - len(y[1]))
    if p != q:
        return order(p, q)
    if bool(x[3]) != bool(y[3]):
        return None
    return order(x[2], y[2])


def compare_panos(a, b):
    def key(text):
        m = re.fullmatch(r"(\d+(?:\.\d+)*)(?:-h(\d+))?", text)
        return (tuple(int(n) for n in m.group(1).split(".")), int(m.group(2) or 0)) if m else None
    x, y = key(a), key(b)
    if not x or not y:
        return None
    n = max(len(x[0]), len(y[0]))
    p, q = x[0] + (0,) * (n - len(x[0])), y[0] + (0,) * (n - len(y[0]))
    return order((p, x[1]), (q, y[1]))


def compare_fortios(a, b):
    def key(text):
        m = re.match(r"v?(\d+(?:\.\d+)*)", text)
        return tuple(int(n) for n in m.group(1).split(".")) if m else None
    x, y = key(a), key(b)
    if not x or not y:
        return None
    n = max(len(x), len(y))
    return order(x + (0,) * (n - len(x)), y + (0,) * (n - len(y)))


COMPARE = {"junos": compare_junos, "iosxe": compare_iosxe, "panos": compare_panos,
           "fortios": compare_fortios}

FAMILIES = {
    # os family: cpe vendor, product, kensa vendor, models with NVD's names for them
    "junos": ("juniper", "junos", "Juniper Networks",
              [("MX480", ["mx480"]), ("SRX300", ["srx300"]), ("EX4300-48T", ["ex4300-48t", "ex4300"])]),
    "iosxe": ("cisco", "ios_xe", "Cisco",
              [("ISR4331/K9", ["isr4331/k9", "isr4331", "4331_integrated_services_router"]),
               ("ASR1001-X", ["asr1001-x", "asr_1001-x", "asr_1001-x_router", "asr_1001"])]),
    "panos": ("paloaltonetworks", "pan-os", "Palo Alto Networks", [("PA-3220", ["pa-3220"])]),
    "fortios": ("fortinet", "fortios", "Fortinet", [("FortiGate-60E", ["fortigate-60e", "fortigate_60e"])]),
}


def spellings(family, version):
    """(version, update) pairs NVD's names use for a release; update NA = None."""
    v = version.lower()
    if family == "fortios":
        m = re.match(r"v?(\d+(?:\.\d+)*)", v)
        return [(m.group(1), None)] if m else []
    if family == "iosxe":
        m = re.fullmatch(r"(\d+(?:\.\d+)*)\.?([a-z]*)", v)
        if m:
            v = ".".join(str(int(n)) for n in m.group(1).split(".")) + m.group(2)
        out = [(v, None)]
        key = iosxe_key(v)
        if key and key[0] == "xe" and key[3]:
            out.append(("%d.%d%s_%s" % (key[1][0], key[1][1], key[3], v), None))
        return out
    if family == "panos":
        m = re.fullmatch(r"(\d+\.\d+\.\d+)-([a-z]+\d*)", v)
        return [(m.group(1), m.group(2)), (v, None)] if m else [(v, None)]
    if family == "junos":
        m = re.fullmatch(r"(\d+\.\d+(?:x\d+)?)-?([a-wyz]\d+)(?:-(s\d+))?(?:\.(\d+))?", v)
        if not m:
            return [(v, None)]
        line, release, service, respin = m.groups()
        joiner = "-" if "x" in line else ""
        full = release + ("-" + service if service else "")
        out = [(line, full), (line + joiner + full, None)]
        if respin:
            out += [(line, full + "." + respin), (line + joiner + full + "." + respin, None)]
        if service:
            out.append((line + joiner + release, service))
        return out
    return [(v, None)]


def canonical(family, version):
    """The whole release, as ranges compare it (a hotfix or service release included)."""
    if family in ("junos", "panos"):
        return version.lower()
    return spellings(family, version)[0][0]


def bound(family, text):
    text = re.sub(r"\\(.)", r"\1", text)
    if ":" in text:
        version, update = text.split(":", 1)
        joiner = "" if family == "junos" and "x" not in version and update[:1] in "rf" else "-"
        return version + joiner + update
    return text


def in_range(family, version, match):
    compare = COMPARE[family]
    unknown = False
    for key, ok in (("versionStartIncluding", lambda o: o >= 0), ("versionStartExcluding", lambda o: o > 0),
                    ("versionEndIncluding", lambda o: o <= 0), ("versionEndExcluding", lambda o: o < 0)):
        if key not in match:
            continue
        o = compare(version, bound(family, match[key]).lower())
        if o is None:
            unknown = True
        elif not ok(o):
            return False
    return None if unknown else True


def has_range(match):
    return any(k.startswith("version") for k in match)


def AND(values):
    return False if False in values else None if None in values else True


def OR(values):
    return True if True in values else None if None in values else False


def criterion(match, device):
    """True, False or None (cannot tell) for one cpe_match against a device."""
    c = split_cpe(match["cpe23Uri"])
    results = []
    for name in device["names"]:
        part, vendor, product = name["part"], name["vendor"], name["product"]
        if not all(relation(s, (t, False)) in ("superset", "equal")
                   for s, t in zip(c[:3], (part, vendor, product))):
            continue
        others = [relation(s, ANY) for s in c[5:]]
        other = None if "subset" in others else True
        if part == "h":
            v = relation(c[3], NA)
            results.append(AND([other, v in ("superset", "equal") and not has_range(match)]))
            continue
        family, version = device["family"], device["firmware"]
        if c[3] is not ANY:
            ok = any(relation(c[3], (sv, False)) in ("superset", "equal") and
                     relation(c[4], NA if su is None else (su, False)) in ("superset", "equal")
                     for sv, su in spellings(family, version))
            results.append(AND([other, ok]))
        elif c[4] is ANY:
            results.append(AND([other, in_range(family, canonical(family, version), match)
                                if has_range(match) else True]))
        else:
            found = [in_range(family, sv, match) if has_range(match) else True
                     for sv, su in spellings(family, version)
                     if relation(c[4], NA if su is None else (su, False)) in ("superset", "equal")]
            results.append(AND([other, OR(found)]))
    return OR(results)


def applies(configurations, device):
    """'applies', 'unknown' or None, per NVD: a configuration that holds with a vulnerable match."""
    verdict = None
    for top in configurations:
        groups = top.get("children") or [top]
        combine = AND if top.get("children") and top["operator"] == "AND" else OR
        values, vulnerable_hit, any_vulnerable = [], False, False
        for node in groups:
            node_values = []
            for match in node.get("cpe_match", []):
                value = criterion(match, device)
                node_values.append(value)
                if match["vulnerable"] and not node.get("negate"):
                    any_vulnerable = True
                    vulnerable_hit |= value is True
            value = (AND if node["operator"] == "AND" else OR)(node_values)
            if node.get("negate") and value is not None:
                value = not value
            values.append(value)
        held = combine(values)
        if top.get("negate") and held is not None:
            held = not held
        if held is True and vulnerable_hit:
            return "applies"
        if held is None and any_vulnerable:
            verdict = "unknown"
    return verdict


def neighbours(family, version):
    """The version, and the releases just before and after it in its own numbering."""
    out = {version}
    numbers = list(re.finditer(r"\d+", version))
    if numbers:
        last = numbers[-1]
        n = int(last.group())
        for m in (n - 1, n + 1):
            if m >= 0:
                out.add(version[: last.start()] + str(m) + version[last.end():])
    return out


def reported(family, version):
    """How a device reports a release (sysDescr style)."""
    if family in ("junos", "iosxe"):
        return version.upper().replace("-H", "-h")
    return version


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 64
    kensa, feeds, work = sys.argv[1:4]
    per_family = int(sys.argv[sys.argv.index("--per-family") + 1]) if "--per-family" in sys.argv else 40
    if not os.path.isdir(feeds):
        print("SKIPPED: %s is absent (the NVD 1.1 feeds of ../shared)" % feeds)
        return 77
    os.makedirs(work, exist_ok=True)
    files = sorted(f for f in os.listdir(feeds) if f.endswith(".json.gz"))
    items = []
    for name in files:
        with gzip.open(os.path.join(feeds, name)) as handle:
            items.extend(json.load(handle)["CVE_Items"])
    records = {}
    vendors_of = {}
    versions = collections.defaultdict(set)
    products = {(v[0], v[1]): family for family, v in FAMILIES.items()}

    def walk(nodes):
        for node in nodes:
            yield from node.get("cpe_match", [])
            yield from walk(node.get("children", []))

    for item in items:
        cve = item["cve"]["CVE_data_meta"]["ID"]
        nodes = item.get("configurations", {}).get("nodes", [])
        relevant = False
        mentioned = set()
        for match in walk(nodes):
            c = split_cpe(match["cpe23Uri"])
            key = (c[1][0] if isinstance(c[1], tuple) else None, c[2][0] if isinstance(c[2], tuple) else None)
            mentioned.add(key)
            if key in products:
                relevant = True
                family = products[key]
                if isinstance(c[3], tuple) and not c[3][1]:
                    text = c[3][0] + (("" if "x" not in c[3][0] and c[4][0][:1] in "rf" else "-") + c[4][0]
                                      if isinstance(c[4], tuple) and family in ("junos", "panos") else "")
                    versions[family].add(text)
                for k in match:
                    if k.startswith("version"):
                        versions[family].add(bound(family, match[k]).lower())
            elif key[0] in {v[0] for v in FAMILIES.values()}:
                relevant = True
        if relevant:
            records[cve] = nodes  # a later feed (recent) replaces an earlier copy
            vendors_of[cve] = mentioned
    rng = random.Random(7696)
    candidates = []
    for family, (_, _, vendor, models) in sorted(FAMILIES.items()):
        valid = sorted(v for v in versions[family] if spellings(family, v) and COMPARE[family](v, v) == 0)
        chosen = rng.sample(valid, min(per_family, len(valid)))
        pool = sorted({n for v in chosen for n in neighbours(family, v) if COMPARE[family](n, n) == 0})
        for i, version in enumerate(pool):
            model, hardware = models[i % len(models)]
            candidates.append({"family": family, "vendor": vendor, "model": model,
                               "firmware": reported(family, version), "hardware": hardware})
    with open(os.path.join(work, "candidates.jsonl"), "w") as out:
        for c in candidates:
            out.write(json.dumps({"vendor": c["vendor"], "model": c["model"], "os": c["family"],
                                  "firmware": c["firmware"]}) + "\n")
    db = os.path.join(work, "nvd.db")
    if os.path.exists(db):
        os.remove(db)
    subprocess.run([kensa, "feeds", "import", "nvd", feeds, "--db", db], check=True,
                   stdout=subprocess.DEVNULL)
    result = subprocess.run([kensa, "check", "--candidates", os.path.join(work, "candidates.jsonl"),
                             "--db", db], stdout=subprocess.PIPE, text=True)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    if len(answers) != len(candidates):
        print("kensa answered %d of %d candidates" % (len(answers), len(candidates)))
        return 1
    explained = {}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "explained.tsv")) as listing:
        for line in listing:
            if line.strip() and not line.startswith("#"):
                cve, firmware, reason = line.rstrip("\n").split("\t", 2)
                explained[(cve, firmware)] = reason
    totals = collections.Counter()
    unexplained = []
    for c, answer in zip(candidates, answers):
        cpe_vendor, product = FAMILIES[c["family"]][:2]
        device = {"family": c["family"], "firmware": c["firmware"],
                  "names": [{"part": "o", "vendor": cpe_vendor, "product": product}] +
                           [{"part": p, "vendor": cpe_vendor, "product": h + s}
                            for h in c["hardware"] for p, s in (("o", "_firmware"), ("h", ""))]}
        theirs = {f["reference"] for f in answer.get("findings", [])
                  if f["kind"] in ("vulnerability", "known_exploited")}
        their_unknown = set(answer.get("undetermined_vulnerabilities", []))
        names = {(n["vendor"], n["product"]) for n in device["names"]}
        for cve, nodes in records.items():
            if not names & vendors_of[cve]:
                continue  # no criterion names this device: nothing can apply
            mine = applies(nodes, device)
            kensa_says = "applies" if cve in theirs else "unknown" if cve in their_unknown else None
            family = c["family"]
            if mine == "applies":
                totals[family, "reference"] += 1
            if kensa_says == "applies":
                totals[family, "kensa"] += 1
            if mine == "applies" and kensa_says == "applies":
                totals[family, "both"] += 1
            if mine == "unknown":
                totals[family, "undetermined"] += 1
            if mine != kensa_says and (cve, c["firmware"]) not in explained:
                unexplained.append((cve, c["firmware"], c["model"], mine, kensa_says))
    report = []
    for family in sorted(FAMILIES):
        ref, ken, both = totals[family, "reference"], totals[family, "kensa"], totals[family, "both"]
        report.append("%-8s candidates %3d  pairs: reference %5d  kensa %5d  agreed %5d  precision %.4f  "
                      "recall %.4f  undetermined %d" % (
                          family, sum(1 for c in candidates if c["family"] == family), ref, ken, both,
                          both / ken if ken else 1.0, both / ref if ref else 1.0,
                          totals[family, "undetermined"]))
    report.append("%d records, %d candidates, %d unexplained disagreements" % (
        len(records), len(candidates), len(unexplained)))
    for row in unexplained:
        report.append("  %s %s on %s: reference %s, kensa %s" % row)
    text = "\n".join(report)
    print(text)
    with open(os.path.join(work, "report.txt"), "w") as out:
        out.write(text + "\n")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
