"""Measure how well the bundled model's recipe generalises, beside its peers.

Run from the checkout:  python scripts/validity.py  [--eval ../shared/eval/dev.jsonl] [--only NAME]
Prints one JSON line of figures per model and writes reports/validity.json (not with
--only, which measures one model). Splits: the fixed held-out split, stratified 5-fold
CV, leave-one-genre-out and leave-one-country-group-out CV. With the real passages of
../shared/eval/dev.jsonl (measurement only, never trained on): macro-F1 over the four
modes on all rows, clear rows, and with a mixed row's secondary label also counted
right; abstention on `none` and framed rows; and the confusion table (counts only).
The report records the SHA-256 of the training split, so that train_default.py embeds
the figures in the model card only when they were measured on the same passages.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold, cross_val_predict

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import KeywordDictionary, tfidf_lr

import framing
from framing import _data, _io
from framing._estimator import data_hash

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "validity.json"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
MODES = list(framing.MODES)
ABSTAIN = framing.FramingModel().abstain_label

#: Country or body -> group, for leave-one-country-group-out.
GROUPS = {
    "east_asia": "Japan, South Korea, China, Taiwan, Hong Kong, Macau, North Korea, Mongolia",
    "southeast_asia": "Philippines, Thailand, Vietnam, Indonesia, Cambodia, Malaysia, Singapore, Myanmar, "
    "Laos, ASEAN, ESCAP, Brunei, Timor-Leste",
    "south_asia_middle_east": "India, Nepal, Bangladesh, Pakistan, Sri Lanka, Lebanon, Qatar, Kuwait, "
    "Saudi Arabia, United Arab Emirates, Israel, Turkey, Kazakhstan, Kyrgyzstan, Jordan, Bahrain, Oman, Iran, "
    "Afghanistan, Iraq, Maldives, Tajikistan, Uzbekistan, Georgia, Armenia, Azerbaijan, Turkmenistan, SAARC",
    "europe": "United Kingdom, Netherlands, Germany, Sweden, Italy, Greece, Spain, Ireland, France, Romania, "
    "Poland, Norway, Belgium, Bulgaria, Austria, Scotland, Czechia, Ukraine, Denmark, Portugal, Albania, "
    "Cyprus, Finland, Russia, Moldova, Switzerland, Bosnia and Herzegovina, Slovakia, Hungary, Serbia, "
    "Lithuania, Latvia, Estonia, Czech Republic, Iceland, Kosovo, Luxembourg, Malta, Wales, Northern Ireland, "
    "Belarus, North Macedonia, Croatia, Montenegro, Slovenia",
    "european_bodies": "EU, Council of Europe, Europol, European Court of Human Rights, OSCE, Eurojust, "
    "Frontex, GRETA, European Parliament, Council of the Baltic Sea States, European Commission, FRA",
    "americas": "United States, Canada, Mexico, Brazil, Argentina, Colombia, Peru, Dominican Republic, Haiti, "
    "Chile, Bolivia, Ecuador, El Salvador, Guatemala, Honduras, Trinidad and Tobago, "
    "Organization of American States, Inter-American Court of Human Rights, Paraguay, Uruguay, Venezuela, "
    "Belize, Costa Rica, Panama, Jamaica, OAS, Nicaragua, Cuba",
    "africa": "Nigeria, South Africa, Kenya, Uganda, Ghana, Libya, Djibouti, Ethiopia, Egypt, Morocco, "
    "Senegal, African Union, Cameroon, Côte d'Ivoire, ECOWAS, Mauritania, Niger, Zambia, Zimbabwe, Benin, "
    "Mali, Malawi, Sudan, Rwanda, Botswana, Sierra Leone, Tanzania, Mozambique, Chad, Tunisia, Eritrea, Togo, "
    "African Commission on Human and Peoples' Rights",
    "oceania": "Australia, New Zealand, Fiji, Papua New Guinea, Northern Mariana Islands, Palau, Solomon Islands",
    "international": "UN, ILO, IOM, UNICEF, Interpol, UNHCR, UNAIDS, FAO, WHO, UNESCO, WFP, UNODC, OHCHR, "
    "UN Women, UNDP, CCAMLR, CEDAW Committee, UN Human Rights Council, UN Committee on Migrant Workers, "
    "Committee on the Rights of the Child, UNEP, ITU, INTERPOL, UNIAP",
}
COUNTRY_GROUP = {c.strip(): g for g, names in GROUPS.items() for c in names.split(",")}


def macro(gold, pred, labels=None):
    """Return macro-F1 over ``labels`` (all labels seen when None), rounded to 4 places."""
    return round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4)


def abstention(gold, pred) -> tuple[float, float]:
    """Return how often ``pred`` abstains on the abstain-label rows of ``gold`` and on the others."""
    on_none = [p == ABSTAIN for g, p in zip(gold, pred, strict=True) if g == ABSTAIN]
    on_framed = [p == ABSTAIN for g, p in zip(gold, pred, strict=True) if g != ABSTAIN]
    return round(float(np.mean(on_none)), 4), round(float(np.mean(on_framed)), 4)


def grouped(model, texts, labels, groups):
    pred = cross_val_predict(model, texts, labels, groups=groups, cv=LeaveOneGroupOut())
    return macro(labels, pred, MODES)


def load_real(path: str | Path) -> list[dict]:
    """Return the real passages of ``path`` (JSON Lines), or [] when the file is absent."""
    path = Path(path)
    return list(_io.read_rows(str(path))) if path.is_file() else []


def real_passages(model, rows, pred=None):
    """Return the real-passage figures of ``model`` (or of its predictions ``pred``) on ``rows``."""
    if pred is None:
        pred = model.predict([r["text"] for r in rows])
    gold = [r["label"] for r in rows]
    credited = [
        p if r.get("clarity") == "mixed" and p == r.get("secondary") else g
        for r, g, p in zip(rows, gold, pred, strict=True)
    ]
    clear = [i for i, r in enumerate(rows) if r.get("clarity") == "clear"]
    on_none, on_framed = abstention(gold, pred)
    return {
        "real_f1_all": macro(gold, pred, MODES),
        "real_f1_clear": macro([gold[i] for i in clear], [pred[i] for i in clear], MODES),
        "real_f1_all_secondary_credited": macro(credited, pred, MODES),
        "real_abstain_on_none": on_none,
        "real_abstain_on_framed": on_framed,
    }


def confusion(rows, pred) -> dict[str, dict[str, int]]:
    """Return {gold label: {predicted label: count}} of predictions ``pred`` on ``rows``."""
    labels = [*MODES, ABSTAIN]
    table = {g: dict.fromkeys(labels, 0) for g in labels}
    for r, p in zip(rows, pred, strict=True):
        table[r["label"]][p] += 1
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default=str(DEV))
    parser.add_argument("--only", choices=("framing", "tfidf_lr", "keywords"), help="measure one model only")
    args = parser.parse_args()
    rows = _data.passages("all")
    held = _data.heldout_ids()
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    genres = [r["genre"] for r in rows]
    regions = [COUNTRY_GROUP.get(r["country"], "other") for r in rows]
    unmapped = sorted({r["country"] for r in rows} - COUNTRY_GROUP.keys())
    if unmapped:
        print(f"not in any region of GROUPS, grouped as 'other': {', '.join(unmapped)}", file=sys.stderr)
    train_idx = [i for i, r in enumerate(rows) if r["id"] not in held]
    test_idx = [i for i, r in enumerate(rows) if r["id"] in held]
    real = load_real(args.eval)
    peers = {"framing": framing.FramingModel(), "tfidf_lr": tfidf_lr(), "keywords": KeywordDictionary()}
    if args.only:
        peers = {args.only: peers[args.only]}
    report: dict = {"training_data_sha256": data_hash([texts[i] for i in train_idx], [labels[i] for i in train_idx])}
    confusions = {}
    for name, estimator in peers.items():
        start = time.perf_counter()
        model = clone(estimator).fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        held_pred = model.predict([texts[i] for i in test_idx])
        result = {"heldout_f1": macro([labels[i] for i in test_idx], held_pred, MODES)}
        cv = StratifiedKFold(5, shuffle=True, random_state=0)
        result["random_cv_f1"] = macro(labels, cross_val_predict(clone(estimator), texts, labels, cv=cv), MODES)
        result["leave_one_genre_out_f1"] = grouped(clone(estimator), texts, labels, genres)
        result["leave_one_country_group_out_f1"] = grouped(clone(estimator), texts, labels, regions)
        if real:
            pred = model.predict([r["text"] for r in real])
            result.update(real_passages(model, real, pred))
            confusions[name] = confusion(real, pred)
        result["seconds"] = round(time.perf_counter() - start, 1)
        report[name] = result
        print(name, json.dumps(result), flush=True)
    if confusions:
        report["real_confusion"] = confusions
        for name, table in confusions.items():
            print(name, "on real passages, gold label -> predicted counts:", json.dumps(table))
    if not args.only:
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
