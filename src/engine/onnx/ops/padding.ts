// Spatial padding for convolutions and pools: ONNX's explicit pads or auto_pad → [top, bottom, left, right].

export interface Window {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

export type Pads = [number, number, number, number];

export function pairOf(values: number[], fallback: number): [number, number] {
  return [values[0] ?? fallback, values[1] ?? fallback];
}

/** The pads a window is applied with, from `pads` ([t, l, b, r]) or `auto_pad`. */
export function spatialPads(autoPad: string, pads: number[], inHW: [number, number], w: Window): Pads {
  if (autoPad === 'VALID') return [0, 0, 0, 0];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const amounts = [0, 1].map((a) => {
      const out = Math.ceil(inHW[a] / w.strides[a]);
      const effective = w.dilations[a] * (w.kernel[a] - 1) + 1;
      const total = Math.max((out - 1) * w.strides[a] + effective - inHW[a], 0);
      const small = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    });
    return [amounts[0][0], amounts[0][1], amounts[1][0], amounts[1][1]];
  }
  if (autoPad !== 'NOTSET' && autoPad !== '') throw new Error(`auto_pad ${autoPad} is not supported`);
  if (pads.length === 0) return [0, 0, 0, 0];
  if (pads.length !== 4) throw new Error(`pads [${pads.join(', ')}] are not 2-D pads`);
  return [pads[0], pads[2], pads[1], pads[3]];
}

/** tfjs's 'same' padding for this input, window and stride. */
export function tfjsSamePads(inHW: [number, number], w: Window): Pads {
  return spatialPads('SAME_UPPER', [], inHW, w);
}

export function outputLength(inSize: number, before: number, after: number, kernel: number, stride: number, dilation: number, ceil = false): number {
  const span = inSize + before + after - (dilation * (kernel - 1) + 1);
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // PyTorch and ONNX: the last window must start inside the input or the leading padding.
  if (ceil && (out - 1) * stride >= inSize + before) out--;
  return out;
}
