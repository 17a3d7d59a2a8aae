#!/usr/bin/python3
"""Sweep's training iterations in plain PyTorch, op for op, for `sweep-bench train --pytorch`.

Each case mirrors Sweep.Training's method under the preset `sweep-bench train` names (float32, CPU,
fresh samples each batch, Adam, BCE with logits, zero_grad in place):

  gan/lo17/ring        batch 512, 10 D steps; G, D: 2 hidden layers of 128 ReLU; z 2; Adam 1e-3
                       (0.9, 0.999). D steps: one G pass makes all 10·512 fakes (no grad); each step
                       scores cat(real_i, fake_i) in one D pass. G step: D frozen, BCE against ones.
  veegan/veegan/ring   batch 500, 1 D step; G: 255 -> 2x128 -> 2, F: 2 -> 2x128 -> 254,
  veegan/veegan/hd1200 D(z, x): 1x128; z 254 + 1 extra dim; Adam 1e-3 (0.5, 0.999); ring radius 1,
                       std 0.01; hd1200: 700 noise dims + 500 zeros + a mode offset. D step: pairs
                       [(z, G(z)); (F(x) + eps, x)] labelled 1, 0. G/F step on the same z: mean
                       D(z, G(z)) + 0.5 * mean ||z - F(G(z))||^2, D frozen.
  unrolled/metz/ring   batch 512, 1 D step; G: 256 -> 2x128 -> 2, D: input x 0.25 -> 128 -> 1;
                       Adam 1e-4 (0.5, 0.999). G step: D's weights copied, 5 differentiable Adam
                       steps from D's live moments (create_graph), then the saddle objective
                       E log D_K(x) + E log(1 - D_K(G(z))) minimised by G.

Timing as Sweep's benchmark: 20 warm-up iterations, then R rounds of [1024^3 GEMM for 0.3 s,
I timed iterations]; median over rounds. One process per thread count; OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS set to it (Debian's torch calls the system BLAS, which torch.set_num_threads
does not size); --malloc-tuning gives the children the mallopt settings Sweep applies in-process.

  /usr/bin/python3 torch_iterations.py --case gan/lo17/ring [--threads 1 2] [--rounds 7] [--iterations 50] [--malloc-tuning]

Prints one JSON object per thread count.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

CASES = ("gan/lo17/ring", "veegan/veegan/ring", "veegan/veegan/hd1200", "unrolled/metz/ring")


def child(case, threads, rounds, iterations):
    import torch
    import torch.nn.functional as F
    from torch import nn

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    method, _, dataset = case.split("/")

    def mlp(inp, hidden, width, out):
        layers, fan_in = [], inp
        for _ in range(hidden):
            layers += [nn.Linear(fan_in, width), nn.ReLU()]
            fan_in = width
        return nn.Sequential(*layers, nn.Linear(fan_in, out))

    def ring(radius, std):
        angles = torch.arange(8, dtype=torch.float64) * (2 * math.pi / 8)
        means = torch.stack([radius * torch.cos(angles), radius * torch.sin(angles)], 1).float()

        def sample(n):
            modes = torch.randint(0, 8, (n,), generator=gen)
            return means.index_select(0, modes).add_(torch.randn(n, 2, generator=gen).mul_(std))
        return sample, 2

    def hd1200():
        offsets = torch.tensor([-1, -0.5, 0, 0.5, -2, -2.5, 10, 0.25, -13, -5.5])

        def sample(n):
            modes = torch.randint(0, 10, (n,), generator=gen)
            noise = F.pad(torch.randn(n, 700, generator=gen), (0, 500))
            return noise.add_(offsets.index_select(0, modes).unsqueeze(1))
        return sample, 1200

    def labels(b):
        return torch.cat([torch.full((b, 1), 1.0), torch.full((b, 1), 0.0)], 0)

    def frozen(net, flag):
        for p in net.parameters():
            p.requires_grad_(flag)

    if case == "gan/lo17/ring":
        B, K = 512, 10
        real, dim = ring(2.0, 0.02)
        G, D = mlp(2, 2, 128, dim), mlp(dim, 2, 128, 1)
        opt_g, opt_d = (torch.optim.Adam(n.parameters(), lr=1e-3, betas=(0.9, 0.999)) for n in (G, D))
        d_labels, g_labels = labels(B), torch.ones(B, 1)

        def step():
            reals = real(K * B)
            with torch.no_grad():
                fakes = G(torch.randn(K * B, 2, generator=gen))
            for i in range(K):
                opt_d.zero_grad(set_to_none=False)
                loss = F.binary_cross_entropy_with_logits(D(torch.cat([reals.narrow(0, i * B, B), fakes.narrow(0, i * B, B)], 0)), d_labels)
                loss.backward()
                opt_d.step()
            d_loss = loss.item()
            opt_g.zero_grad(set_to_none=False)
            frozen(D, False)
            loss = F.binary_cross_entropy_with_logits(D(G(torch.randn(B, 2, generator=gen))), g_labels)
            loss.backward()
            frozen(D, True)
            opt_g.step()
            return d_loss, loss.item()

    elif method == "veegan":
        B, Z = 500, 254
        real, dim = ring(1.0, 0.01) if dataset == "ring" else hd1200()
        G, Fr, D = mlp(Z + 1, 2, 128, dim), mlp(dim, 2, 128, Z), mlp(Z + dim, 1, 128, 1)
        opt_g = torch.optim.Adam(list(G.parameters()) + list(Fr.parameters()), lr=1e-3, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
        d_labels = labels(B)

        def step():
            z = torch.randn(B, Z, generator=gen)
            x = real(B)
            inp = torch.cat([z, torch.randn(B, 1, generator=gen)], 1)
            with torch.no_grad():
                generated = torch.cat([z, G(inp)], 1)
                noisy = Fr(x).add_(torch.randn(B, Z, generator=gen))
                pairs = torch.cat([generated, torch.cat([noisy, x], 1)], 0)
            opt_d.zero_grad(set_to_none=False)
            loss = F.binary_cross_entropy_with_logits(D(pairs), d_labels)
            loss.backward()
            opt_d.step()
            d_loss = loss.item()
            opt_g.zero_grad(set_to_none=False)
            frozen(D, False)
            xg = G(inp)
            loss = D(torch.cat([z, xg], 1)).mean() + (z - Fr(xg)).pow(2).sum(1).mean() * 0.5
            loss.backward()
            frozen(D, True)
            opt_g.step()
            return d_loss, loss.item()

    elif case == "unrolled/metz/ring":
        B, Z, UNROLL = 512, 256, 5
        LR, BETA1, BETA2, EPS = 1e-4, 0.5, 0.999, 1e-8
        real, dim = ring(2.0, 0.02)
        G, D = mlp(Z, 2, 128, dim), mlp(dim, 1, 128, 1)
        opt_g, opt_d = (torch.optim.Adam(n.parameters(), lr=LR, betas=(BETA1, BETA2)) for n in (G, D))
        d_labels, ones, zeros = labels(B), torch.ones(B, 1), torch.zeros(B, 1)

        def d_with(w, x):
            return F.linear(F.relu(F.linear(x * 0.25, w[0], w[1])), w[2], w[3])

        def unrolled_loss(x, fake):
            w = [p.detach().requires_grad_(True) for p in D.parameters()]
            states = [opt_d.state.get(p, {}) for p in D.parameters()]
            m = [s["exp_avg"].detach() if s else torch.zeros_like(p) for s, p in zip(states, D.parameters())]
            v = [s["exp_avg_sq"].detach() if s else torch.zeros_like(p) for s, p in zip(states, D.parameters())]
            t = int(states[0]["step"]) if states[0] else 0
            for _ in range(UNROLL):
                t += 1
                loss = F.binary_cross_entropy_with_logits(d_with(w, torch.cat([x, fake], 0)), d_labels)
                grads = torch.autograd.grad(loss, w, create_graph=True)
                c1, c2 = 1 - BETA1 ** t, 1 - BETA2 ** t
                m = [mi * BETA1 + g * (1 - BETA1) for mi, g in zip(m, grads)]
                v = [vi * BETA2 + g.pow(2) * (1 - BETA2) for vi, g in zip(v, grads)]
                w = [wi - mi / c1 / ((vi / c2 + EPS * EPS).sqrt() + EPS) * LR for wi, mi, vi in zip(w, m, v)]
            return -(F.binary_cross_entropy_with_logits(d_with(w, x), ones) + F.binary_cross_entropy_with_logits(d_with(w, fake), zeros))

        def step():
            x = real(B)
            with torch.no_grad():
                fake = G(torch.randn(B, Z, generator=gen))
            opt_d.zero_grad(set_to_none=False)
            loss = F.binary_cross_entropy_with_logits(d_with(list(D.parameters()), torch.cat([x, fake], 0)), d_labels)
            loss.backward()
            opt_d.step()
            d_loss = loss.item()
            x = real(B)
            opt_g.zero_grad(set_to_none=False)
            loss = unrolled_loss(x, G(torch.randn(B, Z, generator=gen)))
            loss.backward()
            opt_g.step()
            return d_loss, loss.item()
    else:
        raise SystemExit(f"unknown case {case}; known: {', '.join(CASES)}")

    def gemm(m, k, n, seconds=0.3):
        with torch.no_grad():
            a, b = torch.randn(m, k), torch.randn(k, n)
            for _ in range(3):
                a.mm(b)
            calls, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < seconds:
                a.mm(b)
                calls += 1
            return 2.0 * m * k * n * calls / (time.perf_counter() - t0) / 1e9

    for _ in range(20):
        step()
    rows = []
    for _ in range(rounds):
        large = gemm(1024, 1024, 1024)
        t0 = time.perf_counter()
        for _ in range(iterations):
            step()
        rows.append({"ms": 1000 * (time.perf_counter() - t0) / iterations, "gemm1024": large})
    return {
        "peer": "pytorch", "torch": torch.__version__, "case": case, "threads": threads, "torch_threads": torch.get_num_threads(),
        "rounds": rounds, "iterations": iterations,
        "ms_per_iteration": [round(r["ms"], 3) for r in rows],
        "gemm_1024_gflops": [round(r["gemm1024"], 1) for r in rows],
        "ms_per_iteration_median": round(statistics.median(r["ms"] for r in rows), 3),
        "libblas": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", choices=CASES, default=CASES[0])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--iterations", type=int, default=50)
    ap.add_argument("--malloc-tuning", action="store_true",
                    help="children get MALLOC_MMAP_THRESHOLD_=512 MiB, MALLOC_TRIM_THRESHOLD_=1 GiB (Sweep's AllocatorTuning)")
    ap.add_argument("--child", action="store_true")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.case, args.threads[0], args.rounds, args.iterations)), flush=True)
        return
    for t in args.threads:
        env = dict(os.environ, OMP_NUM_THREADS=str(t), OPENBLAS_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        if args.malloc_tuning:
            env.update(MALLOC_MMAP_THRESHOLD_=str(512 << 20), MALLOC_TRIM_THRESHOLD_=str(1 << 30))
        subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--case", args.case, "--threads", str(t),
                        "--rounds", str(args.rounds), "--iterations", str(args.iterations)], env=env, check=True)


if __name__ == "__main__":
    main()
