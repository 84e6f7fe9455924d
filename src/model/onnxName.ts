// Which files are ONNX models: by name, so the ONNX reader loads only when one is opened.
export function isOnnxName(name: string): boolean {
  return /\.onnx$/i.test(name.split(/[?#]/)[0]);
}
