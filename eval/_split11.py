# Splits the round-11 mined cases into dev and sealed parts by a seeded shuffle (one third sealed),
# before any evaluation run.
import json, random
cases = []
# The two groups' files (_round11a.json, _round11b.json) were removed after the split.
for f in ["eval/_round11a.json", "eval/_round11b.json"]:
    cases += json.load(open(f))
rng = random.Random(20261208)
order = list(range(len(cases)))
rng.shuffle(order)
n_sealed = len(cases) // 3
sealed_idx = set(order[:n_sealed])
dev = [c for i, c in enumerate(cases) if i not in sealed_idx]
sealed = [c for i, c in enumerate(cases) if i in sealed_idx]
json.dump({"version": 1, "set": "mined11-dev", "cases": dev}, open("eval/mined11-dev.json", "w"), ensure_ascii=False, indent=1)
json.dump({"version": 1, "set": "mined11-sealed", "cases": sealed}, open("eval/mined11-sealed.json", "w"), ensure_ascii=False, indent=1)
print(len(dev), "dev", len(sealed), "sealed")
