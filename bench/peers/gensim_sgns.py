#!/usr/bin/python3
"""Peer for the skip-gram benchmark: gensim's word2vec on a corpus already tokenised by Model Lens
(one sentence per line, tokens separated by spaces), so tokenisation is identical.
Usage: gensim_sgns.py TOKENS_FILE --dim 100 --window 5 --negative 5 --epochs 5 --min-count 5 --sample 1e-3 --workers 1 [--sg 1] [--analogies FILE]
Prints one JSON line with words/s and, when --analogies is given, accuracy + coverage (top 30k)."""
import argparse, json, time
from gensim.models import Word2Vec
import gensim

p = argparse.ArgumentParser()
p.add_argument("tokens")
p.add_argument("--dim", type=int, default=100)
p.add_argument("--window", type=int, default=5)
p.add_argument("--negative", type=int, default=5)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--min-count", type=int, default=5)
p.add_argument("--sample", type=float, default=1e-3)
p.add_argument("--workers", type=int, default=1)
p.add_argument("--sg", type=int, default=1)
p.add_argument("--analogies")
a = p.parse_args()
sentences = [line.split() for line in open(a.tokens, encoding="utf-8")]
n_words = sum(len(s) for s in sentences)
t0 = time.perf_counter()
m = Word2Vec(sentences, vector_size=a.dim, window=a.window, negative=a.negative, epochs=a.epochs, min_count=a.min_count,
             sample=a.sample, workers=a.workers, sg=a.sg, hs=0, seed=1)
secs = time.perf_counter() - t0
out = {"peer": f"gensim {gensim.__version__}, {a.workers} worker(s)", "words_per_s": n_words * a.epochs / secs,
       "seconds": secs, "corpus_words": n_words, "vocab": len(m.wv)}
if a.analogies:
    score, sections = m.wv.evaluate_word_analogies(a.analogies, restrict_vocab=30000, case_insensitive=True)
    total = sum(len(s["correct"]) + len(s["incorrect"]) for s in sections if s["section"] != "Total accuracy")
    n_q = sum(1 for line in open(a.analogies) if line.strip() and not line.startswith(":"))
    out.update({"analogy_accuracy": score, "analogy_coverage": total / n_q})
print(json.dumps(out))
