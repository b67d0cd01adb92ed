#!/usr/bin/env python3
"""Reference values for ConstantQGoldenTest and HcqtGoldenTest, computed with numpy/scipy by a separate
implementation of the librosa 0.7.2 cqt semantics (resampy<0.4 kaiser filters, filter design, sparsified FFT basis,
centred STFT, octave recursion with early downsampling) and of ctc_chroma's feature steps (amplitude_to_db with
ref=max, 25 Hz medians via searchsorted/sync, L2 normalisation with fill).

Usage: cqt_reference.py <cqt_golden.csv> <hcqt_features_golden.csv>
(both in common/src/test/resources/org/ctcretrieval/common/hcqt/). Not needed to run the tests; kept to document
where the numbers come from."""
import math
import sys
import numpy as np
import scipy.signal

FILTERS = {'kaiser_best': (64, 14.769656459379492, 0.9475937167399596),
           'kaiser_fast': (16, 8.555504641634386, 0.85)}


def sinc_table(name):
    zeros, beta, rolloff = FILTERS[name]
    n = 512 * zeros
    sinc = rolloff * np.sinc(rolloff * np.linspace(0, zeros, num=n + 1, endpoint=True))
    taper = scipy.signal.get_window(('kaiser', beta), 2 * n + 1, fftbins=False)[n:]
    return taper * sinc


def resampy(x, sr_orig, sr_new, name):
    ratio = float(sr_new) / sr_orig
    n_out = int(len(x) * ratio)
    win = sinc_table(name)
    if ratio < 1:
        win = win * ratio
    delta = np.zeros_like(win)
    delta[:-1] = np.diff(win)
    scale = min(1.0, ratio)
    step = int(scale * 512)
    nwin = len(win)
    y = np.zeros(n_out)
    reg = 0.0
    xd = x.astype(np.float64)
    for t in range(n_out):
        n = int(reg)
        frac = scale * (reg - n)
        idx_frac = frac * 512
        off = int(idx_frac)
        eta = idx_frac - off
        i_max = min(n + 1, (nwin - off) // step)
        i = np.arange(i_max)
        k = off + i * step
        acc = np.sum((win[k] + eta * delta[k]) * xd[n - i])
        frac = scale - frac
        idx_frac = frac * 512
        off = int(idx_frac)
        eta = idx_frac - off
        k_max = min(len(x) - n - 1, (nwin - off) // step)
        j = np.arange(k_max)
        k = off + j * step
        acc += np.sum((win[k] + eta * delta[k]) * xd[n + j + 1])
        y[t] = acc
        reg += 1.0 / ratio
    return y.astype(np.float32)


def librosa_resample(y, orig, target, name, scale):
    ratio = float(target) / orig
    n = int(np.ceil(len(y) * ratio))
    out = resampy(y, orig, target, name)
    if len(out) > n:
        out = out[:n]
    else:
        out = np.pad(out, (0, n - len(out)))
    if scale:
        out = out / np.float32(np.sqrt(ratio))
    return out.astype(np.float32)


def filter_fft(sr, fmin, n_filters, bpo, sparsity=0.01):
    Q = 1.0 / (2.0 ** (1.0 / bpo) - 1)
    freq = fmin * 2.0 ** (np.arange(n_filters, dtype=float) / bpo)
    lengths = Q * sr / freq
    freqs = Q * sr / lengths
    filts = []
    for ilen, f in zip(lengths, freqs):
        sig = np.exp(np.arange(-ilen // 2, ilen // 2, dtype=float) * 1j * 2 * np.pi * f / sr)
        sig = sig * scipy.signal.get_window('hann', len(sig), fftbins=True)
        sig = sig / np.sum(np.abs(sig))
        filts.append(sig)
    n_fft = int(2.0 ** np.ceil(np.log2(max(lengths))))
    basis = np.zeros((n_filters, n_fft), dtype=np.complex64)
    for i, s in enumerate(filts):
        lpad = (n_fft - len(s)) // 2
        basis[i, lpad:lpad + len(s)] = s
    basis *= lengths[:, None] / float(n_fft)
    fb = np.fft.fft(basis, n=n_fft, axis=1)[:, :n_fft // 2 + 1]
    mags = np.abs(fb)
    norms = np.sum(mags, axis=1, keepdims=True)
    srt = np.sort(mags, axis=1)
    cum = np.cumsum(srt / norms, axis=1)
    thr = np.argmin(cum < sparsity, axis=1)
    out = np.zeros_like(fb)
    for i, j in enumerate(thr):
        keep = mags[i] >= srt[i, j]
        out[i, keep] = fb[i, keep]
    return out, n_fft


def response(y, n_fft, hop, basis):
    yp = np.pad(y, n_fft // 2, mode='reflect')
    n_frames = 1 + (len(yp) - n_fft) // hop
    frames = np.stack([yp[t * hop:t * hop + n_fft] for t in range(n_frames)], axis=1)
    D = np.fft.rfft(frames.astype(np.float64), axis=0).astype(np.complex64)
    return basis.dot(D)


def two_factors(x):
    n = 0
    while x > 0 and x % 2 == 0:
        x //= 2
        n += 1
    return n


def cqt(y, sr, hop, fmin, n_bins, bpo):
    n_oct = int(np.ceil(float(n_bins) / bpo))
    n_filters = min(bpo, n_bins)
    freqs = fmin * 2.0 ** (np.arange(n_bins, dtype=float) / bpo)
    fmin_t, fmax_t = np.min(freqs[-bpo:]), np.max(freqs[-bpo:])
    Q = 1.0 / (2.0 ** (1.0 / bpo) - 1)
    cutoff = fmax_t * (1 + 0.5 * 1.50018310546875 / Q)
    nyq = sr / 2.0
    res = 'kaiser_fast' if cutoff < 0.85 * nyq else 'kaiser_best'
    c1 = max(0, int(np.ceil(np.log2(0.85 * nyq / cutoff)) - 1) - 1)
    c2 = max(0, two_factors(hop) - n_oct + 1)
    count = min(c1, c2)
    if count > 0 and res == 'kaiser_fast':
        factor = 2 ** count
        hop //= factor
        new_sr = sr / float(factor)
        y = librosa_resample(y, sr, new_sr, res, True)
        sr = new_sr
    resp = []
    if res != 'kaiser_fast':
        b, n_fft = filter_fft(sr, fmin_t, n_filters, bpo)
        resp.append(response(y, n_fft, hop, b))
        fmin_t /= 2
        n_oct -= 1
        res = 'kaiser_fast'
    b, n_fft = filter_fft(sr, fmin_t, n_filters, bpo)
    my_y, my_hop = y, hop
    for i in range(n_oct):
        if i > 0:
            my_y = librosa_resample(my_y, 2, 1, res, True)
            b = b * np.sqrt(2)
            my_hop //= 2
        resp.append(response(my_y, n_fft, my_hop, b))
    cols = min(r.shape[1] for r in resp)
    C = np.vstack([r[:, :cols] for r in resp][::-1])[-n_bins:]
    lengths = Q * sr / (fmin * 2.0 ** (np.arange(n_bins, dtype=float) / bpo))
    return np.abs(C / np.sqrt(lengths[:, None]))


def network_input(y):
    cq = [cqt(y, 22050, 256, 32.7 * h, 216, 36) for h in (0.5, 1, 2, 3, 4, 5)]
    T = min(c.shape[1] for c in cq)
    H = np.array([c[:, :T] for c in cq])
    log_spec = 10 * np.log10(np.maximum(1e-10, H ** 2)) - 10 * np.log10(np.maximum(1e-10, np.max(H) ** 2))
    log_spec = np.maximum(log_spec, log_spec.max() - 80)
    L = (1.0 / 80.0) * log_spec + 1.0
    times = (np.arange(T) * 256) / float(22050)
    new_times = np.arange(times[0], times[-1] + np.finfo(float).eps, 1.0 / 25)
    idx = [np.searchsorted(times, t) for t in new_times] + [T]
    idx = np.unique(np.clip(idx, 0, T))
    M = np.stack([np.median(L[:, :, a:b], axis=-1) for a, b in zip(idx[:-1], idx[1:])], axis=-1)
    X = M.T
    nrm = np.sqrt(np.sum(X ** 2, axis=1, keepdims=True))
    return np.where(nrm < np.finfo(float).tiny, 216 ** -0.5, X / np.where(nrm == 0, 1, nrm))


def signal(n):
    # integer arithmetic only, so the Java test builds bit-identical float32 samples
    i = np.arange(n, dtype=np.int64)
    v = ((i * 7919 + (i * i) % 10007) % 2000) / 1000.0 - 1.0
    saw = (i % 50) / 50.0 - 0.5
    return (0.3 * v + 0.5 * saw).astype(np.float32)


if __name__ == '__main__':
    y = signal(33075)
    rows = ['harmonic,bin,frame,magnitude']
    for h in (0.5, 1, 5):
        C = cqt(y, 22050, 256, 32.7 * h, 216, 36)
        n = C.shape[1]
        for b in range(0, 216, 5):
            for f in (0, 1, n // 2, n - 1):
                rows.append('%s,%d,%d,%.17g' % (h, b, f, C[b, f]))
        print('h', h, 'frames', n, file=sys.stderr)
    with open(sys.argv[1], 'w') as fh:
        fh.write('\n'.join(rows) + '\n')
    y = signal(66150)
    y[22050:33075] = 0  # half a second of silence
    X = network_input(y)
    rows = ['frame,bin,harmonic,value']
    T = X.shape[0]
    for f in (0, 1, 30, T // 2, T - 1):
        for b in range(0, 216, 3):
            for h in range(6):
                rows.append('%d,%d,%d,%.9g' % (f, b, h, X[f, b, h]))
    print('features frames', T, file=sys.stderr)
    with open(sys.argv[2], 'w') as fh:
        fh.write('\n'.join(rows) + '\n')
