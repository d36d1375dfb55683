"""Splits a round's mined cases into dev and sealed parts by a seeded shuffle (one third sealed),
before any evaluation run: python3 eval/split_round.py ROUND SEED GROUP_FILE...

A group file is a JSON list of cases or an object with "cases". Rounds 10-12 were split so
(round 10: seed 20261207; 11: 20261208; 12: 20261209); the group files were removed after.
"""
import json
import random
import sys

round_no, seed, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
cases = []
for f in files:
    data = json.load(open(f))
    cases += data["cases"] if isinstance(data, dict) else data
order = list(range(len(cases)))
random.Random(seed).shuffle(order)
sealed_idx = set(order[: len(cases) // 3])
parts = {
    "dev": [c for i, c in enumerate(cases) if i not in sealed_idx],
    "sealed": [c for i, c in enumerate(cases) if i in sealed_idx],
}
for part, chosen in parts.items():
    name = f"mined{round_no}-{part}"
    doc = {"version": 1, "set": name, "cases": chosen}
    json.dump(doc, open(f"eval/{name}.json", "w"), ensure_ascii=False, indent=1)
print(len(parts["dev"]), "dev", len(parts["sealed"]), "sealed")
