// Pinhole camera over a flat street. World: X right, Y up, Z forward (metres); the street may
// bend: a point at street coordinate (X, Z) lies at world X + bend·Z², so straight lines of
// the street become gentle curves towards the vanishing point.

export class Camera {
  constructor(
    readonly width: number,
    readonly height: number,
    /** Focal length in pixels. */
    readonly focal: number,
    /** Row of the horizon (vanishing point). */
    readonly horizon: number,
    /** Column of the vanishing point of the straight street. */
    readonly centerX: number,
    /** Camera height above the road, metres. */
    readonly eyeHeight: number,
    readonly bend: number,
  ) {}

  x(X: number, Z: number): number {
    return this.centerX + (this.focal * X) / Z + this.focal * this.bend * Z;
  }

  y(Y: number, Z: number): number {
    return this.horizon + (this.focal * (this.eyeHeight - Y)) / Z;
  }

  /** Pixels per metre at distance Z. */
  scale(Z: number): number {
    return this.focal / Z;
  }

  /** Distance of the ground seen at image row y (pixel centre); Infinity at or above the horizon. */
  groundDepth(y: number): number {
    const d = y + 0.5 - this.horizon;
    return d > 0 ? (this.focal * this.eyeHeight) / d : Infinity;
  }

  /** Nearest distance visible on the ground at the image bottom. */
  nearestGround(): number {
    return (this.focal * this.eyeHeight) / (this.height - this.horizon);
  }

  rowDepths(): Float32Array {
    const rows = new Float32Array(this.height);
    for (let y = 0; y < this.height; y++) rows[y] = this.groundDepth(y);
    return rows;
  }

  /** Flat [x, y, ...] of street points given as [X, Y, Z] triples. */
  polygon(points: readonly (readonly [number, number, number])[]): number[] {
    const flat: number[] = [];
    for (const [X, Y, Z] of points) flat.push(this.x(X, Z), this.y(Y, Z));
    return flat;
  }
}
