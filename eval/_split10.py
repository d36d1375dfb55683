# Splits the round-10 mined cases into dev and sealed parts by a seeded shuffle (one third sealed),
# before any evaluation run.
import json, random, sys
cases = []
# The two groups' files (mined10a.json, mined10b.json) were removed after the split.
for f in ["eval/mined10a.json", "eval/mined10b.json"]:
    cases += json.load(open(f))["cases"]
rng = random.Random(20261207)
order = list(range(len(cases)))
rng.shuffle(order)
n_sealed = len(cases) // 3
sealed_idx = set(order[:n_sealed])
dev = [c for i, c in enumerate(cases) if i not in sealed_idx]
sealed = [c for i, c in enumerate(cases) if i in sealed_idx]
json.dump({"version": 1, "set": "mined10-dev", "cases": dev}, open("eval/mined10-dev.json", "w"), ensure_ascii=False, indent=1)
json.dump({"version": 1, "set": "mined10-sealed", "cases": sealed}, open("eval/mined10-sealed.json", "w"), ensure_ascii=False, indent=1)
print(len(dev), "dev", len(sealed), "sealed")
