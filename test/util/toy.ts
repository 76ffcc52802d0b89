/** A toy sequence task and a small model with every source of randomness, for the training tests. */
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Conv1D, Dense, Dropout, LSTM, Regularizer, Sequential } from '../../src/nn/index.js';

/**
 * A 3-class toy task: sequences [T, F] of noise where class k adds +1 to channel k in the second
 * half of the sequence, so both convolution and recurrence can find it.
 */
export function toyData(count: number, steps: number, features: number, seed: number): { x: Tensor; y: number[] } {
  const rng = new Rng(seed);
  const x = Tensor.zeros([count, steps, features]);
  const y: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % 3;
    y.push(label);
    for (let t = 0; t < steps; t++) {
      for (let f = 0; f < features; f++) x.data[(n * steps + t) * features + f] = 0.5 * rng.normal() + (f === label && t >= steps / 2 ? 1 : 0);
    }
  }
  return { x, y };
}

/** A small model with every source of randomness: init, shuffling, Dropout and LSTM masks. */
export function smallModel(seed: number): Sequential {
  return new Sequential(
    [
      new Conv1D({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelRegularizer: new Regularizer({ l1: 1e-3 }) }),
      new LSTM({ units: 5, dropout: 0.1, recurrentDropout: 0.2, kernelRegularizer: new Regularizer({ l2: 1e-3 }) }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 3 }),
    ],
    { inputShape: [null, 4], seed },
  );
}
