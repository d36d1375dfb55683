"""Checks that the mined sets parse and use only need codes, slugs and municipalities of the reference region."""
import json, sys, collections
REF = "/work/shared/reference/"
ids = json.load(open(REF + "ids.json"))
needs = {n["code"] for n in json.load(open(REF + "needs.json"))["needs"]}
services, teams, munis = set(ids["services"]), set(ids["teams"]), set(ids["municipalities"])
bad = 0
for path in sys.argv[1:] or ["mined-dev.json", "mined-sealed.json"]:
    d = json.load(open(path))
    seen = set()
    for c in d["cases"]:
        e, cl = c["expect"], c["client"]
        errs = []
        if c["id"] in seen: errs.append("dup id")
        seen.add(c["id"])
        errs += [f"need {x}" for x in e["needs"] + c.get("need_codes", []) if x not in needs]
        errs += [f"service {x}" for x in e["services_top3_any"] + e["services_top5_all"] if x not in services]
        errs += [f"team {x}" for x in e["lead_team_any"] if x not in teams]
        if cl["municipality"] not in munis: errs.append("municipality " + cl["municipality"])
        if e["emergency"] not in (None, "112", "116117"): errs.append("emergency value")
        if e["emergency"] and "screen" in e: errs.append("screen on emergency")
        if e.get("screen") not in (None, "required", "either"): errs.append("screen value")
        if c["language"] not in ("fi", "sv", "en"): errs.append("language")
        if not c.get("source"): errs.append("no source")
        for m in errs: print(path, c["id"], m); bad += 1
    cnt = collections.Counter(c["language"] for c in d["cases"])
    em = collections.Counter(str(c["expect"]["emergency"]) for c in d["cases"])
    sc = collections.Counter(c["expect"].get("screen", "routine") for c in d["cases"] if not c["expect"]["emergency"])
    print(path, d["set"], len(d["cases"]), dict(cnt), dict(em), dict(sc))
print("problems:", bad)
sys.exit(1 if bad else 0)
