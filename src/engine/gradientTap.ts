import * as tf from '@tensorflow/tfjs-core';

/**
 * Identity in the forward pass (a reshape that shares the data, no copy) whose backward
 * hands the incoming gradient ∂S/∂x to `onGradient` and passes it on unchanged. Lets one
 * backward pass expose the gradient at any number of layers without the cost of adding a
 * zero probe tensor at each. It only fires when the tap lies on the path from a
 * differentiated input to the score.
 */
export function gradientTap<T extends tf.Tensor>(x: T, onGradient: (dy: tf.Tensor) => void): T {
  const tap = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    return {
      value: tf.reshape(input, input.shape),
      gradFunc: (dy: tf.Tensor) => {
        onGradient(dy);
        return dy;
      },
    };
  });
  return tap(x) as T;
}
