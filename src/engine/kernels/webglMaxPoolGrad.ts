import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

// MaxPoolGrad for 'webgl' with the first-maximum rule of cpu, wasm (ours) and PyTorch.
// tfjs-backend-webgl 4.22 finds each window's maximum with `>=`, so a tied window's gradient
// goes to its LAST maximum: α is unchanged (the sum over the window is the same) but
// HiResCAM, LayerCAM and saliency move to another pixel. Two programs, as webgl's own kernel:
// the position of each window's first maximum, then dx gathered from dy at those positions
// (the second program's shader follows tfjs-backend-webgl's MaxPool2DBackpropProgram, Apache-2.0).

interface WebGLProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
}

/** What the kernel needs of tfjs-backend-webgl's MathBackendWebGL. */
interface WebGLRunner {
  runWebGLProgram(program: WebGLProgram, inputs: TensorInfo[], outputDtype: 'float32'): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

function firstMaxPositions(info: backend_util.Conv2DInfo): WebGLProgram {
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  return {
    variableNames: ['x'],
    outputShape: info.outShape,
    userCode: `
      const ivec2 strides = ivec2(${info.strideHeight}, ${info.strideWidth});
      const ivec2 pads = ivec2(${info.padInfo.top}, ${info.padInfo.left});
      void main() {
        ivec4 coords = getOutputCoords();
        int batch = coords[0];
        int d = coords[3];
        ivec2 corner = coords.yz * strides - pads;
        float best = 0.0;
        bool found = false;
        int position = 0;
        for (int wR = 0; wR < ${fh}; wR += ${dh}) {
          int xR = corner.x + wR;
          if (xR < 0 || xR >= ${info.inHeight}) continue;
          for (int wC = 0; wC < ${fw}; wC += ${dw}) {
            int xC = corner.y + wC;
            if (xC < 0 || xC >= ${info.inWidth}) continue;
            float value = getX(batch, xR, xC, d);
            if (!found || value > best) {
              best = value;
              found = true;
              position = wR * ${fw} + wC;
            }
          }
        }
        setOutput(float(position));
      }
    `,
  };
}

function gatherGradient(info: backend_util.Conv2DInfo): WebGLProgram {
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const padTop = fh - 1 - info.padInfo.top;
  const padLeft = fw - 1 - info.padInfo.left;
  const lastIndex = fh * fw - 1;
  return {
    variableNames: ['dy', 'maxPos'],
    outputShape: info.inShape,
    userCode: `
      const ivec2 pads = ivec2(${padTop}, ${padLeft});
      void main() {
        ivec4 coords = getOutputCoords();
        int b = coords[0];
        int d = coords[3];
        ivec2 dyCorner = coords.yz - pads;
        float sum = 0.0;
        for (int wR = 0; wR < ${fh}; wR += ${info.dilationHeight}) {
          float dyR = float(dyCorner.x + wR) / ${info.strideHeight}.0;
          if (dyR < 0.0 || dyR >= ${info.outHeight}.0 || fract(dyR) > 0.0) continue;
          int idyR = int(dyR);
          for (int wC = 0; wC < ${fw}; wC++) {
            float dyC = float(dyCorner.y + wC) / ${info.strideWidth}.0;
            if (dyC < 0.0 || dyC >= ${info.outWidth}.0 || fract(dyC) > 0.0) continue;
            int idyC = int(dyC);
            int maxPosition = ${lastIndex} - int(getMaxPos(b, idyR, idyC, d));
            if (maxPosition == wR * ${fw} + wC) sum += getDy(b, idyR, idyC, d);
          }
        }
        setOutput(sum);
      }
    `,
  };
}

export function webglMaxPoolGrad(args: {
  inputs: { dy: TensorInfo; input: TensorInfo };
  backend: unknown;
  attrs: {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
}): TensorInfo {
  const { inputs, attrs } = args;
  const backend = args.backend as WebGLRunner;
  const info = backend_util.computePool2DInfo(
    inputs.input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const positions = backend.runWebGLProgram(firstMaxPositions(info), [inputs.input], 'float32');
  const dx = backend.runWebGLProgram(gatherGradient(info), [inputs.dy, positions], 'float32');
  backend.disposeIntermediateTensorInfo(positions);
  return dx;
}
