// What a dataset says about its classes: plain data shared by scenes, models, the CLI and the UI.

export type RGB = [number, number, number];

export interface ClassInfo {
  name: string;
  color: RGB;
}
