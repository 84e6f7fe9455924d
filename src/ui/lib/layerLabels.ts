// Human-readable labels for layers and magnitudes.
import type { ExplainableLayer, LayerRole } from '../../engine/types';

type LayerLike = Pick<ExplainableLayer, 'name' | 'shape' | 'role'>;

/** "8×16×256" (height × width × channels). */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** "bottleneck · 8×16×256 · bottleneck": name, output shape, role. */
export function layerLabel(layer: LayerLike): string {
  return `${layer.name} · ${formatShape(layer.shape)} · ${layer.role}`;
}

/**
 * An ONNX tensor name split for display: "/encoder/layer3/layer3.1/relu_1/Relu_output_0" →
 * scope "/encoder/layer3/layer3.1", short "relu_1/Relu". Names without "/" (tfjs layers) have
 * no scope. The full name stays on hover and in exports.
 */
export function splitLayerName(name: string): { scope: string; short: string } {
  if (!name.includes('/')) return { scope: '', short: name };
  const parts = name.replace(/_output_0$/, '').split('/').filter((p) => p !== '');
  if (parts.length <= 2) return { scope: '', short: parts.join('/') || name };
  return { scope: `/${parts.slice(0, -2).join('/')}`, short: parts.slice(-2).join('/') };
}

export interface RoleBadge {
  text: string;
  /** CSS class from styles.css (`badge badge-encoder` …). */
  className: string;
  title: string;
}

const ROLE_TITLES: Record<LayerRole, string> = {
  encoder: 'Encoder: before the lowest resolution',
  bottleneck: 'Bottleneck: the lowest resolution of the network',
  decoder: 'Decoder: after the lowest resolution, towards the output',
};

export function roleBadge(role: LayerRole): RoleBadge {
  const short: Record<LayerRole, string> = { encoder: 'enc', bottleneck: 'btl', decoder: 'dec' };
  return { text: short[role], className: `badge badge-${role}`, title: ROLE_TITLES[role] };
}

/** A compact magnitude for raw maxima and α values: 3 significant digits, exponent when tiny or huge. */
export function formatMagnitude(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** "12.5 %" share of pixels. */
export function formatShare(fraction: number): string {
  const pct = fraction * 100;
  if (pct > 0 && pct < 0.1) return '<0.1 %';
  return `${pct.toFixed(pct >= 10 ? 0 : 1)} %`;
}
