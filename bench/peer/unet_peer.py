"""The PyTorch peer of `npm run bench:peer` (src/cli/benchPeer.ts writes its input).

Builds the shipped tfjs U-Net (public/models/unet-streets: model.json topology + weights.bin) in
PyTorch, layer by layer, times a forward pass and a hand-written one-pass Seg-Grad-CAM over every
layer (one backward for all of them), and compares its alpha and maps with the engine's.
Needs Debian's python3-torch; never run in CI.
"""
import base64
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def b64(text, dtype):
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def load_weights(model_dir):
    manifest = json.load(open(os.path.join(model_dir, 'model.json')))
    weights = {}
    for group in manifest['weightsManifest']:
        data = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            assert spec['dtype'] == 'float32', spec
            weights[spec['name']] = torch.from_numpy(
                np.frombuffer(data, dtype=np.float32, count=count, offset=offset).reshape(spec['shape']).copy())
            offset += 4 * count
    topology = manifest['modelTopology']
    config = (topology.get('model_config') or topology)['config']
    return config, weights


def same_pads(size, k, s, d):
    eff = d * (k - 1) + 1
    out = math.ceil(size / s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def weight(weights, layer, name):
    for key in (f'{layer}/{name}',):
        if key in weights:
            return weights[key]
    raise KeyError(f'{layer}/{name}')


class Net:
    """Replays the Keras functional config on NCHW tensors."""

    def __init__(self, config, weights):
        self.layers = config['layers']
        self.output = config['output_layers'][0][0]
        self.params = {}
        for layer in self.layers:
            name, cls, cfg = layer['name'], layer['class_name'], layer['config']
            if cls == 'Conv2D':
                kernel = weight(weights, name, 'kernel').permute(3, 2, 0, 1).contiguous()  # [out,in,kh,kw]
                bias = weight(weights, name, 'bias') if cfg.get('use_bias', True) else None
                self.params[name] = (kernel, bias)
            elif cls == 'BatchNormalization':
                gamma = weight(weights, name, 'gamma') if cfg.get('scale', True) else torch.ones(1)
                beta = weight(weights, name, 'beta') if cfg.get('center', True) else torch.zeros(1)
                mean, var = weight(weights, name, 'moving_mean'), weight(weights, name, 'moving_variance')
                scale = gamma / torch.sqrt(var + cfg['epsilon'])
                self.params[name] = (scale.view(1, -1, 1, 1), (beta - mean * scale).view(1, -1, 1, 1))

    def __call__(self, image, on_output=None):
        values = {}
        for layer in self.layers:
            name, cls, cfg = layer['name'], layer['class_name'], layer['config']
            if cls == 'InputLayer':
                values[name] = image
                continue
            inputs = [values[src[0]] for src in layer['inbound_nodes'][0]]
            x = inputs[0]
            if cls == 'Conv2D':
                kernel, bias = self.params[name]
                (kh, kw), (sh, sw), (dh, dw) = cfg['kernel_size'], cfg['strides'], cfg['dilation_rate']
                if cfg['padding'] == 'same':
                    top, bottom = same_pads(x.shape[2], kh, sh, dh)
                    left, right = same_pads(x.shape[3], kw, sw, dw)
                    x = F.pad(x, (left, right, top, bottom))
                y = F.conv2d(x, kernel, bias, (sh, sw), 0, (dh, dw))
                y = activation(y, cfg.get('activation', 'linear'))
            elif cls == 'BatchNormalization':
                scale, shift = self.params[name]
                y = x * scale + shift
            elif cls == 'Activation':
                y = activation(x, cfg['activation'])
            elif cls == 'MaxPooling2D':
                assert cfg['padding'] == 'valid', cfg
                y = F.max_pool2d(x, cfg['pool_size'], cfg['strides'])
            elif cls == 'UpSampling2D':
                mode = cfg.get('interpolation', 'nearest')
                y = F.interpolate(x, scale_factor=tuple(cfg['size']), mode=mode,
                                  **({} if mode == 'nearest' else {'align_corners': False}))
            elif cls == 'Concatenate':
                y = torch.cat(inputs, dim=1)
            elif cls in ('Dropout', 'SpatialDropout2D'):
                y = x
            else:
                raise ValueError(f'layer {name}: {cls} is not ported')
            if on_output is not None:
                on_output(name, y)
            values[name] = y
        return values[self.output]


def activation(x, name):
    if name == 'linear':
        return x
    if name == 'relu':
        return F.relu(x)
    if name == 'softmax':  # explained before the softmax, as the engine does
        return x
    raise ValueError(f'activation {name} is not ported')


def timed(runs, fn):
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    request = json.load(open(sys.argv[1]))
    config, weights = load_weights(request['modelDir'])
    net = Net(config, weights)
    h, w = request['height'], request['width']
    image = torch.from_numpy(b64(request['input'], np.float32).reshape(1, h, w, 3).copy()).permute(0, 3, 1, 2).contiguous()
    mask = torch.from_numpy(b64(request['mask'], np.uint8).astype(np.float32)).view(1, request['outHeight'], request['outWidth'])
    c = request['classIndex']

    def explain():
        outputs = {}

        def keep(name, y):
            if y.dim() == 4 and y.shape[2] * y.shape[3] > 1:
                y.retain_grad()
                outputs[name] = y
        logits = net(image.requires_grad_(True), keep)  # the image is the one leaf with a gradient
        score = (logits[:, c] * mask).sum()
        score.backward()
        with torch.no_grad():
            maps = {}
            for name, a in outputs.items():
                alpha = a.grad.mean(dim=(2, 3))[0]  # [K]
                raw = torch.einsum('k,khw->hw', alpha, a[0])
                maps[name] = (alpha, raw)
        return score.item(), maps

    def forward():
        with torch.no_grad():
            net(image.detach())

    rows = []
    for threads in request['threads']:
        torch.set_num_threads(threads)
        rows.append({'threads': threads, 'forwardMs': timed(request['runs'], forward),
                     'allLayersMs': timed(request['runs'], lambda: explain())})
    torch.set_num_threads(request['threads'][-1])
    score, maps = explain()
    worst = {'alpha': (0.0, ''), 'raw': (0.0, '')}
    compared = 0
    for name, ours in request['ours'].items():
        if name not in maps:
            raise ValueError(f'layer {name} missing in the PyTorch replay')
        compared += 1
        for key, theirs in zip(('alpha', 'raw'), maps[name]):
            mine = torch.from_numpy(b64(ours[key], np.float32).copy())
            theirs = theirs.flatten()  # raw: [h, w] row-major, as the engine's
            rel = ((mine - theirs).abs().max() / theirs.abs().max().clamp_min(1e-30)).item()
            if rel > worst[key][0]:
                worst[key] = (rel, name)
    print(json.dumps({'torch': torch.__version__, 'score': score, 'layers': compared, 'rows': rows,
                      'worstAlpha': worst['alpha'], 'worstRaw': worst['raw']}))


if __name__ == '__main__':
    main()
