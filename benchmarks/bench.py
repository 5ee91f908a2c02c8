"""Speed and size of framing beside the plain scikit-learn peer.

Run:  python benchmarks/bench.py [--passages 100000]

The peer is TfidfVectorizer + LogisticRegression trained on the same passages and
saved with joblib. Each figure comes from a fresh child process, so peak memory
(max RSS) and cold start are that measurement's own. Prints a table with ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
REPEATS = 3


def corpus(n: int, words: int = 60) -> list[str]:
    """Return ``n`` passages of about ``words`` words, stitched from the bundled passages (seeded)."""
    from framing import _data

    pool = [r["text"].split() for r in _data.passages("all")]
    rng = random.Random(0)
    out = []
    for _ in range(n):
        tokens: list[str] = []
        while len(tokens) < words:
            tokens += rng.choice(pool)
        out.append(" ".join(tokens[:words]))
    return out


def training_data() -> tuple[list[str], list[str]]:
    from framing import _data

    rows = _data.passages("all")
    return [r["text"] for r in rows], [r["label"] for r in rows]


def peer():
    """The scikit-learn peer of scripts/peers.py (imported here, so framing's workers never load sklearn)."""
    sys.path.insert(0, str(HERE.parent.parent / "scripts"))
    from peers import tfidf_lr

    return tfidf_lr()


def worker(task: str, system: str, model_path: str, n: int) -> dict:
    """Run one measurement in this (fresh) process."""
    result: dict = {}
    if task == "train":
        texts, labels = training_data()
        start = time.perf_counter()
        if system == "framing":
            import framing

            model = framing.FramingModel().fit(texts, labels)
            result["seconds"] = time.perf_counter() - start
            model.save(model_path)
        else:
            import joblib

            model = peer().fit(texts, labels)
            result["seconds"] = time.perf_counter() - start
            joblib.dump(model, model_path)
    elif task == "throughput":
        texts = corpus(n)
        if system.startswith("framing"):
            import framing

            jobs = None if system == "framing" else -1

            def run():
                framing.classify_many(texts, model=model_path, n_jobs=jobs)

            framing.classify("warm up", model=model_path)
        else:
            import joblib

            model = joblib.load(model_path)

            def run():
                model.predict_proba(texts)

        times = []
        for _ in range(REPEATS):  # the machine is shared: the best of a few runs is the least disturbed
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        result["seconds"] = min(times)
        result["first_seconds"] = times[0]
        result["per_second"] = n / result["seconds"]
    elif task == "latency":
        texts = corpus(300)
        if system == "framing":
            import framing

            def call(t):
                return framing.classify(t, model=model_path)
        else:
            import joblib

            model = joblib.load(model_path)

            def call(t):
                return model.predict_proba([t])

        for t in texts[:20]:
            call(t)
        times = []
        for t in texts:
            start = time.perf_counter()
            call(t)
            times.append(time.perf_counter() - start)
        result["median_ms"] = statistics.median(times) * 1000
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def child(task: str, system: str, model_path: str, n: int = 0) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE), "--worker", task, system, model_path, str(n)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def cold_start(code: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--worker", nargs=4, metavar=("TASK", "SYSTEM", "MODEL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        task, system, model_path, n = args.worker
        print(json.dumps(worker(task, system, model_path, int(n))))
        return
    from framing._api import default_model_path

    with tempfile.TemporaryDirectory() as folder:
        paths = {"framing": os.path.join(folder, "framing.npz"), "peer": os.path.join(folder, "peer.joblib")}
        figures: dict[str, dict] = {}
        for system, path in paths.items():
            train = child("train", system, path)
            through = child("throughput", system, path, args.passages)
            latency = child("latency", system, path)
            figures[system] = {
                "train_s": train["seconds"],
                "file_mb": os.path.getsize(path) / 1e6,
                "throughput": through["per_second"],
                "first": args.passages / through["first_seconds"],
                "latency_ms": latency["median_ms"],
                "peak_mb": through["max_rss_mb"],
            }
        parallel = child("throughput", "framing-all-cores", paths["framing"], args.passages)
        figures["framing"]["cold_s"] = cold_start("import framing; framing.classify('x')")
        figures["peer"]["cold_s"] = cold_start(f"import joblib; joblib.load({paths['peer']!r}).predict_proba(['x'])")
        bundled_mb = default_model_path().stat().st_size / 1e6
    f, p = figures["framing"], figures["peer"]
    rows = [
        (
            f"classify_many throughput, {args.passages:,} passages of 60 words, best of 3 (passages/s)",
            "throughput",
            "{:,.0f}",
        ),
        ("  the same, first run only (passages/s)", "first", "{:,.0f}"),
        ("single classify latency, median (ms)", "latency_ms", "{:.2f}"),
        ("cold start: import + classify('x') (s)", "cold_s", "{:.3f}"),
        ("training on the full passage set (s)", "train_s", "{:.1f}"),
        ("model file size (MB)", "file_mb", "{:.2f}"),
        ("peak memory while tagging (MB, max RSS)", "peak_mb", "{:.0f}"),
    ]
    print(f"{'measure':<72}{'framing':>12}{'peer':>12}{'framing/peer':>14}")
    for name, key, fmt in rows:
        print(f"{name:<72}{fmt.format(f[key]):>12}{fmt.format(p[key]):>12}{f[key] / p[key]:>14.2f}")
    print(
        f"{'classify_many(n_jobs=-1) throughput, all cores (passages/s)':<72}{parallel['per_second']:>12,.0f}"
        f"{p['throughput']:>12,.0f}{parallel['per_second'] / p['throughput']:>14.2f}"
    )
    print(f"bundled model file: {bundled_mb:.2f} MB; machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
