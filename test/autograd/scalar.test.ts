/** The scalar σ shared by the sigmoid op and the LSTM loops: values, symmetry, no overflow. */
import { suite } from 'uvu';
import { stableSigmoid } from '../../src/autograd/scalar.js';
import { expectClose } from '../util/close.js';

const test = suite('scalar');

test('stableSigmoid matches 1 / (1 + e⁻ᵛ), keeps σ(-v) = 1 - σ(v) and saturates at ±1000 and ±∞', () => {
  const vs = [-30, -5, -0.5, 0, 0.5, 5, 30];
  expectClose('σ', vs.map(stableSigmoid), vs.map((v) => 1 / (1 + Math.exp(-v))), { atol: 0, rtol: 1e-15 });
  expectClose('σ(-v)', vs.map((v) => stableSigmoid(-v)), vs.map((v) => 1 - stableSigmoid(v)), { atol: Number.EPSILON, rtol: 0 });
  expectClose('σ at ±1000, ±∞ and NaN', [1000, -1000, Infinity, -Infinity, Number.NaN].map(stableSigmoid), [1, 0, 1, 0, Number.NaN], { atol: 0, rtol: 0 });
});

test.run();
