"""Writes maxPoolGrad.reference.json: max-pool input gradients computed by PyTorch.

Run by hand (Debian: apt-get install python3-torch); CI only reads the JSON.
    /usr/bin/python3 src/engine/kernels/reference/make_pool_reference.py
Cases are tie-heavy on purpose (constant windows, zeros after ReLU, few distinct values).
Tensors are stored NHWC row-major, as tfjs uses them; padding follows TensorFlow's 'same'
(extra row/column at the bottom/right), emulated here with -inf padding.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(12)


def same_pads(size, k, s):
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def case(name, x_nhwc, k, s, padding, dy_seed):
    x = x_nhwc.permute(0, 3, 1, 2).contiguous().double().requires_grad_(True)
    padded = x
    if padding == 'same':
        top, bottom = same_pads(x.shape[2], k, s)
        left, right = same_pads(x.shape[3], k, s)
        padded = F.pad(x, (left, right, top, bottom), value=-math.inf)
    y = F.max_pool2d(padded, k, s)
    g = torch.Generator().manual_seed(dy_seed)
    dy = torch.randint(1, 10, y.shape, generator=g).double()
    (y * dy).sum().backward()
    nhwc = lambda t: t.permute(0, 2, 3, 1).contiguous()
    return {
        'name': name,
        'filter': k,
        'stride': s,
        'padding': padding,
        'xShape': list(x_nhwc.shape),
        'x': x_nhwc.flatten().tolist(),
        'dyShape': list(nhwc(dy).shape),
        'dy': nhwc(dy).flatten().tolist(),
        'dx': nhwc(x.grad).flatten().tolist(),
    }


cases = [
    case('4x4 zeros, 2x2/2', torch.zeros(1, 4, 4, 1), 2, 2, 'valid', 1),
    case('4x4 all -1, 2x2/2', -torch.ones(1, 4, 4, 1), 2, 2, 'valid', 2),
    case('binary values, 2x2/2', torch.randint(0, 2, (1, 6, 8, 3)).float(), 2, 2, 'valid', 3),
    case('relu of normal, 2x2/2', torch.relu(torch.randn(2, 8, 6, 4)), 2, 2, 'valid', 4),
    case('three values, 3x3/2 same', torch.randint(0, 3, (1, 7, 6, 2)).float(), 3, 2, 'same', 5),
    case('three values, 3x3/1 same', torch.randint(0, 3, (1, 5, 5, 2)).float(), 3, 1, 'same', 6),
    case('constant 2.5, 3x3/2 valid', torch.full((1, 7, 7, 2), 2.5), 3, 2, 'valid', 7),
]

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'maxPoolGrad.reference.json')
with open(out, 'w') as f:
    json.dump({'generator': f'PyTorch {torch.__version__}, F.max_pool2d backward', 'cases': cases}, f)
    f.write('\n')
print(f'wrote {out}: {len(cases)} cases')
