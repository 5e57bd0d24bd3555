#!/usr/bin/python3
"""Peer for the tiny-GPT training benchmark: the same decoder-only transformer as Model Lens's
`small` preset (pre-norm, learned positions, GELU, tied embeddings, AdamW) in PyTorch on the CPU.
Usage: torch_gpt.py CORPUS --threads N --steps S [--d-model 128 --layers 4 --heads 4 --context 64 --batch 12]
Prints one JSON line: {"tokens_per_s": ..., "ms_per_step": [...], "loss_first": ..., "loss_last": ...}"""
import argparse, json, math, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("corpus")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--steps", type=int, default=30)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--d-model", type=int, default=128)
p.add_argument("--layers", type=int, default=4)
p.add_argument("--heads", type=int, default=4)
p.add_argument("--context", type=int, default=64)
p.add_argument("--batch", type=int, default=12)
p.add_argument("--d-ff", type=int, default=0)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
text = open(a.corpus, encoding="utf-8").read()
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
V, D, T = len(chars), a.d_model, a.context
DFF = a.d_ff or 4 * D


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.o = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.up, self.down = nn.Linear(D, DFF), nn.Linear(DFF, D)

    def forward(self, x):
        B, L, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        h = a.heads
        q, k, v = (t.view(B, L, h, D // h).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(D // h)  # scaled dot-product, causal mask
        att = att.masked_fill(torch.triu(torch.ones(L, L, dtype=torch.bool), 1), float("-inf")).softmax(-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, L, D))
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, D), nn.Embedding(T, D)
        self.blocks = nn.ModuleList(Block() for _ in range(a.layers))
        self.lnf = nn.LayerNorm(D)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for b in self.blocks:
            x = b(x)
        return self.lnf(x) @ self.wte.weight.T  # tied unembedding


model = GPT()
opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
g = torch.Generator().manual_seed(0)


def batch():
    ix = torch.randint(len(data) - T - 1, (a.batch,), generator=g)
    return torch.stack([data[i : i + T] for i in ix]), torch.stack([data[i + 1 : i + T + 1] for i in ix])


times, losses = [], []
for step in range(a.warmup + a.steps):
    x, y = batch()
    t0 = time.perf_counter()
    loss = F.cross_entropy(model(x).view(-1, V), y.view(-1))
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    dt = time.perf_counter() - t0
    if step >= a.warmup:
        times.append(dt * 1000)
        losses.append(loss.item())
times_sorted = sorted(times)
med = times_sorted[len(times) // 2]
print(json.dumps({"peer": f"pytorch {torch.__version__} cpu, {a.threads} thread(s)", "tokens_per_s": a.batch * T / (med / 1000),
                  "ms_per_step": times, "loss_first": losses[0], "loss_last": losses[-1], "vocab": V}))
