#!/usr/bin/env python3
"""tests/bench/torch_peer.py: the PyTorch CPU peer of `winnow eval --bench`.

The same model as winnow's built-in trainer (src/eval/gpt.c): token and position
embeddings, pre-norm blocks (causal multi-head attention, an MLP with tanh-GELU), a final
layer norm, an output layer tied to the token embedding; vocab 258. The same step:
forward, cross-entropy, backward, gradient clipping at norm 1, AdamW (betas 0.9/0.95,
weight decay 0.1). Random tokens, every position in the loss, as the winnow bench does.

    python3 torch_peer.py [--steps N] [--threads LIST] [--layers L] [--heads H]
                          [--width C] [--seq T] [--batch B]

Prints one line per thread count: "torch: ... N threads: X tokens/s", then the best.
Exits 3 if torch cannot be imported (the bench says so and goes on).
"""
import argparse
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # the bench checks for this exit code
    print(f"torch_peer: PyTorch is not importable ({e})", file=sys.stderr)
    sys.exit(3)


class Block(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.H = H
        self.ln1 = nn.LayerNorm(C)
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)
        self.ln2 = nn.LayerNorm(C)
        self.fc = nn.Linear(C, 4 * C)
        self.fcproj = nn.Linear(4 * C, C)

    def forward(self, x, causal):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q = q.view(B, T, self.H, C // self.H).transpose(1, 2)
        k = k.view(B, T, self.H, C // self.H).transpose(1, 2)
        v = v.view(B, T, self.H, C // self.H).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // self.H))
        att = att.masked_fill(causal[:T, :T] == 0, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + self.proj(y)
        return x + self.fcproj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, V, T, L, H, C):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(T, C)
        self.blocks = nn.ModuleList([Block(C, H) for _ in range(L)])
        self.lnf = nn.LayerNorm(C)
        self.register_buffer("causal", torch.tril(torch.ones(T, T)))

    def forward(self, idx, targets):
        B, T = idx.shape
        x = self.wte(idx) + self.wpe(torch.arange(T))
        for b in self.blocks:
            x = b(x, self.causal)
        logits = self.lnf(x) @ self.wte.weight.t()  # tied output layer
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))


def params_groups(model):
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    rest = [p for n, p in model.named_parameters() if p.dim() < 2]
    return [{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}]


def run(args, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = GPT(258, args.seq, args.layers, args.heads, args.width)
    opt = torch.optim.AdamW(params_groups(model), lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
    n = args.batch * args.seq
    idx = (torch.arange(n) * 7919 % 258).view(args.batch, args.seq)
    tgt = (torch.arange(n) * 104729 % 258).view(args.batch, args.seq)

    def step():
        loss = model(idx, tgt)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    step()  # warm-up: allocations, kernel selection
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    dt = time.perf_counter() - t0
    nparams = sum(p.numel() for p in model.parameters())
    return nparams, args.steps * n / dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8)
    args = ap.parse_args()
    best = 0.0
    for th in [int(t) for t in args.threads.split(",")]:
        nparams, tps = run(args, th)
        best = max(best, tps)
        print(f"torch {torch.__version__}: {nparams} parameters (L={args.layers} H={args.heads} "
              f"C={args.width} T={args.seq}), batch {args.batch}, {th} threads: {tps:.0f} tokens/s")
    print(f"torch best: {best:.0f} tokens/s")


if __name__ == "__main__":
    main()
