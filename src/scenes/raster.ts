// A tiny deterministic rasteriser: label, instance, depth and RGB buffers, painter's algorithm.
// A pixel belongs to a shape when the shape covers the pixel centre, so labels are exact;
// softening (blur, noise) happens later and only in RGB.

export type Rgb = [number, number, number];

/** Colour (0..255 floats) and, optionally, depth in metres of one pixel. */
export type ShadedSample = [r: number, g: number, b: number, depth: number];

/** Writes the colour of pixel (x, y) into `out`; sets out[3] only for `depthFromShader` paints. */
export type Shader = (x: number, y: number, out: ShadedSample) => void;

export interface Paint {
  /** Train id to write; `null` keeps the label underneath (markings, shadows, decals). */
  label: number | null;
  /** Instance id to write (0 = none); ignored when `label` is null. */
  instance?: number;
  /** Depth in metres for haze; default: the ground-plane depth of the row. */
  depth?: number;
  /** Take each pixel's depth from the shader (surfaces seen at a slant, e.g. façades). */
  depthFromShader?: boolean;
  color?: Rgb;
  shader?: Shader;
  /** Multiply the RGB underneath by `color` instead of replacing it (shadows, tints). */
  multiply?: boolean;
  /** Blend over the RGB underneath with this opacity (fences, glass); labels still replaced. */
  opacity?: number;
}

export class Raster {
  readonly labels: Uint8Array;
  readonly instances: Uint16Array;
  readonly depth: Float32Array;
  readonly rgb: Float32Array;
  private readonly scratch: ShadedSample = [0, 0, 0, 0];

  constructor(
    readonly width: number,
    readonly height: number,
    /** Depth of the ground plane per row (Infinity above the horizon). */
    private readonly rowDepth: Float32Array,
  ) {
    const n = width * height;
    this.labels = new Uint8Array(n).fill(255);
    this.instances = new Uint16Array(n);
    this.depth = new Float32Array(n).fill(Infinity);
    this.rgb = new Float32Array(n * 3);
  }

  /** Fills pixels whose centres lie in [xa, xb) on row y. */
  private span(y: number, xa: number, xb: number, paint: Paint): void {
    let x0 = Math.ceil(xa - 0.5);
    let x1 = Math.ceil(xb - 0.5);
    if (x0 < 0) x0 = 0;
    if (x1 > this.width) x1 = this.width;
    if (x0 >= x1) return;
    const keepLabel = paint.label === null;
    const label = paint.label ?? 0;
    const instance = paint.instance ?? 0;
    const depth = paint.depth ?? this.rowDepth[y];
    const out = this.scratch;
    const shader = paint.shader;
    const opacity = paint.opacity ?? 1;
    if (!shader && paint.color) {
      out[0] = paint.color[0];
      out[1] = paint.color[1];
      out[2] = paint.color[2];
    }
    let i = y * this.width + x0;
    for (let x = x0; x < x1; x++, i++) {
      if (shader) shader(x, y, out);
      const o = i * 3;
      if (opacity < 1) {
        this.rgb[o] += (out[0] - this.rgb[o]) * opacity;
        this.rgb[o + 1] += (out[1] - this.rgb[o + 1]) * opacity;
        this.rgb[o + 2] += (out[2] - this.rgb[o + 2]) * opacity;
      } else if (paint.multiply) {
        this.rgb[o] *= out[0];
        this.rgb[o + 1] *= out[1];
        this.rgb[o + 2] *= out[2];
      } else {
        this.rgb[o] = out[0];
        this.rgb[o + 1] = out[1];
        this.rgb[o + 2] = out[2];
      }
      if (!keepLabel) {
        this.labels[i] = label;
        this.instances[i] = instance;
        this.depth[i] = paint.depthFromShader ? out[3] : depth;
      }
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, paint: Paint): void {
    const ya = Math.max(0, Math.ceil(y0 - 0.5));
    const yb = Math.min(this.height, Math.ceil(y1 - 0.5));
    for (let y = ya; y < yb; y++) this.span(y, x0, x1, paint);
  }

  /** Ellipse; `hole` in (0, 1) cuts a concentric hole of that relative size (wheels). */
  ellipse(cx: number, cy: number, rx: number, ry: number, paint: Paint, hole = 0): void {
    if (rx <= 0 || ry <= 0) return;
    const ya = Math.max(0, Math.ceil(cy - ry - 0.5));
    const yb = Math.min(this.height, Math.ceil(cy + ry - 0.5));
    for (let y = ya; y < yb; y++) {
      const dy = (y + 0.5 - cy) / ry;
      const q = 1 - dy * dy;
      if (q <= 0) continue;
      const half = rx * Math.sqrt(q);
      const inner = hole > 0 ? hole * hole - dy * dy : -1;
      if (inner > 0) {
        const ih = rx * Math.sqrt(inner);
        this.span(y, cx - half, cx - ih, paint);
        this.span(y, cx + ih, cx + half, paint);
      } else {
        this.span(y, cx - half, cx + half, paint);
      }
    }
  }

  /** Polygon(s) given as flat [x0, y0, x1, y1, ...] lists, even-odd rule across all of them. */
  polygon(contours: number[] | number[][], paint: Paint): void {
    const rings = (typeof contours[0] === 'number' ? [contours] : contours) as number[][];
    let minY = Infinity;
    let maxY = -Infinity;
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k += 2) {
        if (ring[k] < minY) minY = ring[k];
        if (ring[k] > maxY) maxY = ring[k];
      }
    }
    const ya = Math.max(0, Math.ceil(minY - 0.5));
    const yb = Math.min(this.height, Math.ceil(maxY - 0.5));
    const xs: number[] = [];
    for (let y = ya; y < yb; y++) {
      const yc = y + 0.5;
      xs.length = 0;
      for (const ring of rings) {
        const n = ring.length >> 1;
        for (let a = 0, b = n - 1; a < n; b = a, a++) {
          const ax = ring[2 * a];
          const ay = ring[2 * a + 1];
          const bx = ring[2 * b];
          const by = ring[2 * b + 1];
          if (ay > yc !== by > yc) xs.push(ax + ((yc - ay) * (bx - ax)) / (by - ay));
        }
      }
      xs.sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) this.span(y, xs[k], xs[k + 1], paint);
    }
  }

  /** A straight stroke of the given width from (xa, ya) to (xb, yb). */
  line(xa: number, ya: number, xb: number, yb: number, width: number, paint: Paint): void {
    const dx = xb - xa;
    const dy = yb - ya;
    const len = Math.sqrt(dx * dx + dy * dy);
    if (len === 0) return;
    const nx = (-dy / len) * width * 0.5;
    const ny = (dx / len) * width * 0.5;
    this.polygon([xa + nx, ya + ny, xb + nx, yb + ny, xb - nx, yb - ny, xa - nx, ya - ny], paint);
  }
}
