"""PyTorch side of `npm run bench:train`: trains one reference model on the
data files the TypeScript benchmark wrote and prints one JSON line with its
throughput. Same models, batch size, optimizer (Adam 1e-3) and data."""
import argparse, json, os, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--model', required=True, choices=['cnn', 'lstm', 'gap', 'gru', 'bncnn'])
p.add_argument('--data', required=True)
p.add_argument('--batches', type=int, default=200)
p.add_argument('--warmup', type=int, default=5)
p.add_argument('--batch-size', type=int, default=64)
p.add_argument('--threads', type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
B, SEQ, VOCAB = a.batch_size, 500, 10000


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.c2, self.c3 = nn.Conv2d(3, 32, 3), nn.Conv2d(32, 64, 3), nn.Conv2d(64, 64, 3)
        self.d1, self.d2, self.drop = nn.Linear(64 * 4 * 4, 64), nn.Linear(64, 10), nn.Dropout(0.5)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = F.relu(self.c3(x)).flatten(1)
        return self.d2(self.drop(F.relu(self.d1(x))))


class BnCnn(nn.Module):
    """The guide's CNN with batch normalisation before every ReLU (no conv biases), as the tfjs side."""

    def __init__(self):
        super().__init__()
        self.c1, self.c2, self.c3 = nn.Conv2d(3, 32, 3, bias=False), nn.Conv2d(32, 64, 3, bias=False), nn.Conv2d(64, 64, 3, bias=False)
        self.b1, self.b2, self.b3, self.b4 = nn.BatchNorm2d(32), nn.BatchNorm2d(64), nn.BatchNorm2d(64), nn.BatchNorm1d(64)
        self.d1, self.d2, self.drop = nn.Linear(64 * 4 * 4, 64, bias=False), nn.Linear(64, 10), nn.Dropout(0.3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)
        x = F.relu(self.b3(self.c3(x))).flatten(1)
        return self.d2(self.drop(F.relu(self.b4(self.d1(x)))))


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb, self.lstm, self.out = nn.Embedding(VOCAB, 128), nn.LSTM(128, 64, batch_first=True), nn.Linear(64, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(self.emb(x))
        return self.out(h[-1])


class Gru(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb, self.gru, self.out = nn.Embedding(VOCAB, 128), nn.GRU(128, 64, batch_first=True), nn.Linear(64, 1)

    def forward(self, x):
        _, h = self.gru(self.emb(x))
        return self.out(h[-1])


class Gap(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb, self.d1, self.d2 = nn.Embedding(VOCAB, 16), nn.Linear(16, 16), nn.Linear(16, 1)

    def forward(self, x):
        return self.d2(F.relu(self.d1(self.emb(x).mean(1))))


if a.model in ('cnn', 'bncnn'):
    images = np.fromfile(os.path.join(a.data, 'images.u8'), dtype=np.uint8).reshape(-1, 32, 32, 3)
    labels = np.fromfile(os.path.join(a.data, 'image-labels.u8'), dtype=np.uint8).astype(np.int64)
    n = len(labels)
    model, loss_fn = (BnCnn() if a.model == 'bncnn' else Cnn()), nn.CrossEntropyLoss()

    def batch(idx):
        # Normalised per batch from uint8, as the tfjs side does.
        x = torch.from_numpy(images[idx].astype(np.float32) / 255.0).permute(0, 3, 1, 2).contiguous()
        return x, torch.from_numpy(labels[idx])
else:
    ids = np.fromfile(os.path.join(a.data, 'sequences.i32'), dtype=np.int32).reshape(-1, SEQ).astype(np.int64)
    labels = np.fromfile(os.path.join(a.data, 'sequence-labels.u8'), dtype=np.uint8).astype(np.float32)
    n = len(labels)
    model, loss_fn = {'lstm': Lstm, 'gru': Gru, 'gap': Gap}[a.model](), nn.BCEWithLogitsLoss()

    def batch(idx):
        return torch.from_numpy(ids[idx]), torch.from_numpy(labels[idx]).view(-1, 1)

opt = torch.optim.Adam(model.parameters(), lr=1e-3)
model.train()
rng = np.random.default_rng(1)
order = rng.permutation(n)


def step(i):
    s = (i * B) % max(1, n - B + 1)
    x, y = batch(order[s:s + B])
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()


for i in range(a.warmup):
    step(i)
t0 = time.perf_counter()
for i in range(a.batches):
    step(a.warmup + i)
secs = time.perf_counter() - t0
print(json.dumps({'model': a.model, 'engine': 'pytorch ' + torch.__version__, 'examplesPerSecond': a.batches * B / secs, 'batches': a.batches, 'seconds': secs}))
